/**
 * The gathering tests' fixture: Polly on a fresh server with her group, linking her Harvest login and
 * reading the group's feed, and her time entries made in the sandbox's Harvest v2.
 */
import { afterEach, beforeEach } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import type { ApiFactory, HarvestV2Client } from "@coop-tray/protocol";
import { APP_USER_AGENT } from "../../main/app/user-agent";
import type { ServerOptions } from "../../server/compose";
import { HARVEST_V2_SEED } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import type { DatabaseKind, TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

export const POLLY: Login = ["polly@example.com", "polly-password"];
/** Polly's Harvest v2 personal access token in the sandbox. */
export const POLLY_TOKEN = HARVEST_V2_SEED.tokens.polly;

/** The sandbox's Harvest v2 and Harvest ID, as the server's options name them. */
export const harvestV2Urls = (sandbox: Sandbox) => ({ v2ApiUrl: sandbox.harvestV2ApiUrl, idUrl: sandbox.harvestIdUrl });

/** An API factory on the sandbox's Harvest v2 and Harvest ID. */
export const harvestV2Api = (sandbox: Sandbox): ApiFactory =>
  createApiFactory({
    userAgent: APP_USER_AGENT,
    harvestApiUrl: sandbox.harvestV2ApiUrl,
    harvestIdUrl: sandbox.harvestIdUrl,
  });

/** Polly's Harvest v2 client on the seed's fawlty account. */
export const pollyV2 = (api: ApiFactory): HarvestV2Client =>
  api.harvestV2({ token: POLLY_TOKEN, accountId: HARVEST_V2_SEED.accounts.fawlty.id });

/** Creates a group as `as` and answers its id (from the Location header). */
export async function createGroup(url: string, as: Login, name = "Kitchen", timezone = "London"): Promise<number> {
  const res = await call(url, "/groups", {
    method: "POST",
    as,
    format: "json",
    body: JSON.stringify({ group: { name, timezone } }),
  });
  return Number(/(\d+)$/.exec(res.headers["location"] ?? "")?.[1]);
}

export interface KitchenServer {
  readonly t: TestServer;
  readonly pollyId: number;
  /** Polly's group "Kitchen". */
  readonly groupId: number;
}

/** A server on `db` with Polly in it and her group "Kitchen". */
export async function startKitchen(db: TestDatabase, extra: Partial<ServerOptions>): Promise<KitchenServer> {
  const t = await startTestServer(db, extra);
  const pollyId = await t.addUser(...POLLY);
  return { t, pollyId, groupId: await createGroup(t.url, POLLY) };
}

/**
 * Each test of the describe block gets its own Kitchen server on a fresh `kind` database (after the
 * block's own beforeEach hooks registered earlier), handed to `use`; both go after the test.
 */
export function kitchenEach(
  kind: DatabaseKind,
  options: () => Partial<ServerOptions>,
  use: (kitchen: KitchenServer) => void,
): void {
  let db: TestDatabase | undefined;
  let kitchen: KitchenServer | undefined;
  beforeEach(async () => {
    db = await kind.fresh();
    kitchen = await startKitchen(db, options());
    use(kitchen);
  });
  afterEach(async () => {
    await kitchen?.t.close();
    await db?.dispose();
    kitchen = db = undefined;
  });
}

export interface HarvestLoginFields {
  readonly subdomain: string;
  readonly email: string;
  readonly password: string;
}

/** Stores the user's Harvest login on the server (which checks it with Harvest first). */
export const linkHarvest = (url: string, userId: number, login: HarvestLoginFields, as: Login = POLLY) =>
  call(url, `/users/${userId}/harvest_credential`, {
    method: "POST",
    as,
    format: "json",
    body: JSON.stringify({ harvest_credential: login }),
  });

/** The group's feed as the JSON client reads it. */
export async function feedOf(url: string, groupId: number, as: Login = POLLY): Promise<Array<Record<string, unknown>>> {
  return JSON.parse((await call(url, `/groups/${groupId}/statuses`, { as, format: "json" })).text) as Array<
    Record<string, unknown>
  >;
}

/** Makes a time entry for the Gourmet Night's butter on `spentDate`: a running timer when `hours` is left out. */
export async function newButterEntry(
  v2: HarvestV2Client,
  spentDate: string,
  notes: string,
  hours?: number,
): Promise<number> {
  const made = await v2.createTimeEntry({
    projectId: HARVEST_V2_SEED.projects.gourmetNight,
    taskId: HARVEST_V2_SEED.tasks.putButter,
    spentDate,
    notes,
    ...(hours === undefined ? {} : { hours }),
  });
  if (!made.ok) throw new Error(made.error.message);
  return made.value.id;
}
