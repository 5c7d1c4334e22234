/**
 * The server's Harvest gateway over HTTP, through the shared protocol package (one transport,
 * the codecs, and the throttle governor that paces each account within Harvest's limits and obeys
 * 429/503 + Retry-After). Which Harvest a credential names:
 * - its password is a personal access token (`<id>.pt.<secret>`): Harvest v2. The account comes from
 *   the id service (Harvest ID): the one whose id the credential's `subdomain` holds, or whose name
 *   it holds, or the token's only Harvest account. The first round lists the user's last 31 days;
 *   each later round lists the last 7 days in full (so an entry deleted in Harvest leaves the feed,
 *   and a running timer's hours, which Harvest grows without touching `updated_at`, follow) plus
 *   everything older changed since the last round (`updated_since`).
 * - otherwise Harvest v1 (Basic email + password): a plain subdomain at the v1 template
 *   (https://{subdomain}.harvestapp.com), or a v1 server's full URL (the sandbox's
 *   `<sandbox>/harvest/<subdomain>`). Its login is checked with who_am_i; gathering reads the user's
 *   daily timesheets: v1 has no `updated_since` there, so a round re-reads a short window of days (the
 *   first: the last week; then yesterday and today) and replaces those days: an entry deleted in
 *   Harvest on them leaves the feed.
 */
import { createApiFactory } from "@coop-tray/protocol";
import type { ApiFactory } from "@coop-tray/protocol";
import type { HarvestDayEntry } from "@coop-tray/protocol/models";
import type { HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import type { TimeEntry } from "../store/records";
import type { Gathered, HarvestGateway, HarvestLogin, Verdict } from "./gateway";
import { DEFAULT_HARVEST_URL_TEMPLATE, PERSONAL_ACCESS_TOKEN } from "@coop-tray/protocol/rules";
import type { ApiError } from "@coop-tray/protocol/errors";
import type { Logger } from "../log";
import { harvestHosts } from "./hosts";
import { SERVER_USER_AGENT } from "./user-agent";

export interface HttpHarvestOptions {
  readonly now?: () => number;
  readonly v1UrlTemplate?: string;
  /** Harvest v2's base (default https://api.harvestapp.com/v2) and Harvest ID's (https://id.getharvest.com). */
  readonly v2ApiUrl?: string;
  readonly idUrl?: string;
  /** Where Harvest's own error text goes: to the log, never to the user (docs/coop-api.md §16.2). */
  readonly log?: Logger;
}

/** What a user is told when Harvest (or what stood in for it) did not say yes. */
export const UNREACHABLE = "Harvest could not be reached";
export const REFUSED = "Harvest refused this email and password (or token)";

const FIRST_WINDOW_DAYS = 31;
/** Days a v2 round re-reads in full (docs/harvest.md §6.1, docs/coop-api.md §11.6). */
export const RECENT_WINDOW_DAYS = 7;

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** Overlap each round's `updated_since` a little: clocks differ, and upserts make repeats harmless. */
const OVERLAP_MS = 60_000;

const isUrl = (text: string): boolean => /^https?:\/\//i.test(text.trim());

const at = (text: string | null): number | null =>
  text === null ? null : Number.isNaN(Date.parse(text)) ? null : Date.parse(text);

/** The days a v1 round reads: the last week on the first round, then yesterday and today (UTC). */
export function roundDays(now: number, firstRound: boolean): string[] {
  const count = firstRound ? 7 : 2;
  return Array.from({ length: count }, (_, i) =>
    new Date(now - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

function fromDayEntry(e: HarvestDayEntry, now: number): TimeEntry {
  return {
    id: e.id,
    spentAt: e.spentAt,
    client: e.client ?? "",
    project: e.project ?? "",
    task: e.task ?? "",
    hours: e.hours,
    notes: e.notes ?? "",
    timerStartedAt: at(e.timerStartedAt),
    createdAt: at(e.createdAt) ?? now,
    updatedAt: at(e.updatedAt) ?? now,
  };
}

function toEntry(e: HarvestTimeEntry, now: number): TimeEntry {
  return {
    id: e.id,
    spentAt: e.spentDate,
    client: e.client.name,
    project: e.project.name,
    task: e.task.name,
    hours: e.hours,
    notes: e.notes ?? "",
    timerStartedAt: e.isRunning ? (at(e.timerStartedAt) ?? now) : null,
    createdAt: at(e.createdAt) ?? now,
    updatedAt: at(e.updatedAt) ?? now,
  };
}

export function httpHarvest(options: HttpHarvestOptions = {}): HarvestGateway & { close(): Promise<void> } {
  const now = options.now ?? Date.now;
  const hosts = harvestHosts(options.v1UrlTemplate);
  /** Harvest's refusal of the login as such, or one sentence for everything else; the detail is logged. */
  const told = (error: ApiError): Verdict => {
    options.log?.log("warn", "harvest check failed", { kind: error.kind, detail: error.message });
    return { ok: false, message: error.kind === "auth" ? REFUSED : UNREACHABLE };
  };
  const factories = new Map<string, ApiFactory>();
  const factoryFor = (template: string): ApiFactory => {
    let factory = factories.get(template);
    if (factory === undefined) {
      factory = createApiFactory({
        userAgent: SERVER_USER_AGENT,
        harvestUrlTemplate: template,
        now,
        ...(options.v2ApiUrl === undefined ? {} : { harvestApiUrl: options.v2ApiUrl }),
        ...(options.idUrl === undefined ? {} : { harvestIdUrl: options.idUrl }),
      });
      factories.set(template, factory);
    }
    return factory;
  };
  const v1Template = options.v1UrlTemplate ?? DEFAULT_HARVEST_URL_TEMPLATE;
  const v1Client = (login: HarvestLogin) => {
    const named = login.subdomain.trim();
    if (isUrl(named))
      return factoryFor(named.replace(/\/+$/, "")).harvest(
        { subdomain: "v1", email: login.email, password: login.password },
        "json",
      );
    return factoryFor(v1Template).harvest(login, "json");
  };

  /** The v2 account the credential means, found through Harvest ID. */
  async function v2Account(
    login: HarvestLogin,
  ): Promise<{ ok: true; accountId: number } | { ok: false; message: string }> {
    const identity = await factoryFor(v1Template).harvestId(login.password.trim()).accounts();
    if (!identity.ok) return told(identity.error) as { ok: false; message: string };
    const harvest = identity.value.accounts.filter((a) => a.product.toLowerCase() === "harvest");
    const named = login.subdomain.trim().toLowerCase();
    const match =
      harvest.find((a) => String(a.id) === named) ??
      harvest.find((a) => a.name.toLowerCase() === named) ??
      (harvest.length === 1 ? harvest[0] : undefined);
    if (match === undefined) {
      const list = harvest.map((a) => `${a.id} (${a.name})`).join(", ");
      return {
        ok: false,
        message:
          harvest.length === 0
            ? "the token reaches no Harvest account"
            : `give the Harvest account id as the subdomain: ${list}`,
      };
    }
    return { ok: true, accountId: match.id };
  }

  return {
    refusal: (login) => hosts.refusal(login),
    async verify(login): Promise<Verdict> {
      const refusal = hosts.refusal(login);
      if (refusal !== null) return { ok: false, message: refusal };
      if (PERSONAL_ACCESS_TOKEN.test(login.password.trim())) {
        const account = await v2Account(login);
        if (!account.ok) return account;
        const me = await factoryFor(v1Template)
          .harvestV2({ token: login.password.trim(), accountId: account.accountId })
          .me();
        return me.ok ? { ok: true } : told(me.error);
      }
      const result = await v1Client(login).whoAmI();
      return result.ok ? { ok: true } : told(result.error);
    },
    async gather(login, since): Promise<Gathered> {
      // Checked again: a credential stored before the rule, or by an older server, may point anywhere.
      const refusal = hosts.refusal(login);
      if (refusal !== null) throw new Error(`Harvest: ${refusal}`);
      const started = now();
      if (!PERSONAL_ACCESS_TOKEN.test(login.password.trim())) {
        const client = v1Client(login);
        const entries: TimeEntry[] = [];
        const days = roundDays(started, since === null);
        for (const day of days) {
          const sheet = await client.dailyTimesheet(day, { priority: "background" });
          if (!sheet.ok) throw new Error(`Harvest: ${sheet.error.message}`);
          entries.push(...sheet.value.map((e) => fromDayEntry(e, now())));
        }
        const window = { from: days[0] ?? dayOf(started), to: days[days.length - 1] ?? dayOf(started) };
        return { entries, deletedIds: [], until: started, complete: false, window };
      }
      const account = await v2Account(login);
      if (!account.ok) throw new Error(`Harvest: ${account.message}`);
      const client = factoryFor(v1Template).harvestV2({ token: login.password.trim(), accountId: account.accountId });
      const me = await client.me();
      if (!me.ok) throw new Error(`Harvest: ${me.error.message}`);
      const from = dayOf(started - (since === null ? FIRST_WINDOW_DAYS : RECENT_WINDOW_DAYS) * 86_400_000);
      const recent = await client.listTimeEntries({ userId: me.value.id, from }, { priority: "background" });
      if (!recent.ok) throw new Error(`Harvest: ${recent.error.message}`);
      const entries = new Map(recent.value.map((e) => [e.id, toEntry(e, started)]));
      if (since !== null) {
        const changed = await client.listTimeEntries(
          { userId: me.value.id, updatedSince: new Date(since - OVERLAP_MS).toISOString() },
          { priority: "background" },
        );
        if (!changed.ok) throw new Error(`Harvest: ${changed.error.message}`);
        for (const e of changed.value) if (!entries.has(e.id)) entries.set(e.id, toEntry(e, started));
      }
      const window = { from, to: null };
      return { entries: [...entries.values()], deletedIds: [], until: started, complete: false, window };
    },
    async close() {
      for (const factory of factories.values()) await factory.close();
    },
  };
}
