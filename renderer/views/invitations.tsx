/**
 * Invitations waiting for the signed-in user, at the top of the Groups tab: nobody joins a group
 * without accepting (docs/coop-api.md §8.4). Group and inviter names are shown as text, never as links.
 * Shown only while something is pending, with a count badge; accepting refreshes the group list. The
 * list is the model's, which the Groups tab's own badge counts too.
 */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Invitation } from "@coop-tray/protocol/models";
import { useModel } from "../model/context";

export interface InvitationsPanelProps {
  readonly online: boolean;
  /** After an answer: the group list may have a new group. */
  readonly onChanged: () => void;
}

export function InvitationsPanel({ online, onChanged }: InvitationsPanelProps): JSX.Element | null {
  const model = useModel();
  const pending = model.invitations.value;
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Read again on coming back online: invitations sent meanwhile show up.
  useEffect(() => void model.loadInvitations(), [model, online]);
  const answer = (invitation: Invitation, accept: boolean): void => {
    setBusy(invitation.id);
    setError(null);
    void model.answerInvitation(invitation.id, accept).then((result) => {
      setBusy(null);
      if (!result.ok) setError(`Couldn't answer the invitation to ${invitation.groupName}. ${result.error.message}`);
      if (result.ok && accept) onChanged();
    });
  };
  if (pending.length === 0 && error === null) return null;
  return (
    <section class="invitations" aria-labelledby="invitations-title" data-testid="invitations">
      <h2 id="invitations-title" class="section-sub">
        Invitations{" "}
        <span class="badge" aria-label={`${pending.length} pending`}>
          {pending.length}
        </span>
      </h2>
      {error ? (
        <p class="action-error" role="alert">
          {error}
        </p>
      ) : null}
      <ul class="card-list" aria-label="Pending invitations">
        {pending.map((invitation) => (
          <li key={invitation.id} class="card" data-invitation-id={invitation.id}>
            <div class="card-main">
              <p class="card-title">{invitation.groupName}</p>
              <p class="card-sub">
                {invitation.inviterName ? `Invited by ${invitation.inviterName}` : "Invited"} · you join only if you
                accept
              </p>
            </div>
            <div class="card-actions" role="group" aria-label={`Invitation to ${invitation.groupName}`}>
              <button
                type="button"
                class="btn btn-small btn-primary"
                disabled={!online || busy !== null}
                onClick={() => answer(invitation, true)}
              >
                Accept
              </button>
              <button
                type="button"
                class="btn btn-small"
                disabled={!online || busy !== null}
                onClick={() => answer(invitation, false)}
              >
                Decline
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
