/** Where Harvest lives, in one place: every default the clients, the CLI, the app and the server use. */

/** Harvest v1: one host per account. */
export const DEFAULT_HARVEST_URL_TEMPLATE = "https://{subdomain}.harvestapp.com";
/** Harvest v2's base, including `/v2`. */
export const DEFAULT_HARVEST_API_URL = "https://api.harvestapp.com/v2";
/** Harvest ID: which accounts a personal access token reaches. */
export const DEFAULT_HARVEST_ID_URL = "https://id.getharvest.com";
/** Where a user creates a personal access token. */
export const HARVEST_TOKEN_PAGE = `${DEFAULT_HARVEST_ID_URL}/developers`;
/** A Harvest personal access token: `<id>.pt.<secret>`. */
export const PERSONAL_ACCESS_TOKEN = /^\d+\.pt\.[A-Za-z0-9_-]+$/;
