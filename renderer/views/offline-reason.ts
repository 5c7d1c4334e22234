/** Why a change is not offered while offline, said the same way wherever a control is disabled for it. */
export const OFFLINE_REASON = "You're offline. Changes can be made when you're back online.";
