/**
 * Harvest API v2 for one account (docs/harvest.md §3): `Authorization: Bearer`, `Harvest-Account-Id` and an
 * identifying User-Agent on every call, JSON only, lists read page after page by following
 * `links.next` until it is null, paced by the account's governor (100 calls per 15 s by default;
 * a 429 locks the account until its Retry-After has passed).
 */
import { badInput, validId } from "./arguments";
import type { ApiError, ApiResult } from "./errors";
import type {
  HarvestClientV2Input,
  HarvestContactV2Input,
  HarvestTimeEntryInput,
  HarvestTimeEntryPatch,
  HarvestTimeEntryQuery,
} from "./harvest-v2";
import type { Scalar } from "./encode";
import { call, fetchModel, readBody, sendCommand, urlFor, type Endpoint } from "./exchange";
import {
  decodeClientV2,
  decodeCompany,
  decodeContactV2,
  decodeMe,
  decodeProjectAssignment,
  decodeTimeEntry,
  pageOf,
  type V2Page,
} from "./harvest-v2-decode";
import type { Decoder } from "./models-decode";
import type { CallOptions, HarvestV2Client, ListOptions } from "./types";

/** Harvest's largest page (docs/harvest.md §3.4): the fewest calls for a full list. */
export const MAX_PER_PAGE = 2000;
/** A list longer than this many pages is taken as a server that never says "done". */
const MAX_PAGES = 5000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** v2 datetimes: ISO 8601 in UTC, whole seconds (`2017-06-26T21:02:12Z`). */
export function v2Instant(value: Date | string): string | null {
  const date = value instanceof Date ? value : new Date(value);
  if (!Number.isFinite(date.getTime())) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function jsonBody(fields: Readonly<Record<string, Scalar | undefined>>): { text: string; contentType: string } {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return { text: JSON.stringify(defined), contentType: "application/json; charset=utf-8" };
}

function malformed(message: string): ApiResult<never> {
  return { ok: false, error: { kind: "malformed", reason: "shape", message } };
}

export function createHarvestV2Client(endpoint: Endpoint, accountId: number): HarvestV2Client {
  const headers = { "harvest-account-id": String(accountId) };
  const basePath = endpoint.base.pathname.replace(/\/+$/, "");

  const get = <T>(
    path: string,
    decoder: Decoder<T>,
    what: string,
    options?: CallOptions,
    query?: Record<string, string>,
  ): Promise<ApiResult<T>> => fetchModel(endpoint, { path, query, headers, what, options }, decoder);

  async function send<T>(
    method: "POST" | "PATCH",
    path: string,
    decoder: Decoder<T>,
    what: string,
    options: CallOptions | undefined,
    fields?: Record<string, Scalar | undefined>,
    idempotent?: boolean,
  ): Promise<ApiResult<T>> {
    const sent = await call(endpoint, {
      method,
      path,
      headers,
      what,
      options,
      body: fields === undefined ? undefined : jsonBody(fields),
      idempotent,
    });
    if (!sent.ok) return sent;
    return readBody(endpoint, sent.value, decoder, what);
  }

  /**
   * Where `links.next` points, as a path under the API base and its query. A link to another host
   * or outside the base is refused: following it would send the token somewhere else.
   */
  function nextCall(link: string, what: string): { path: string; query: Record<string, string> } | ApiError {
    let url: URL;
    try {
      url = new URL(link, endpoint.base);
    } catch {
      return {
        kind: "malformed",
        reason: "shape",
        message: `${endpoint.server} gave a next-page link for ${what} that is not a URL.`,
      };
    }
    if (
      url.origin !== endpoint.base.origin ||
      !(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))
    ) {
      return {
        kind: "malformed",
        reason: "shape",
        message:
          `${endpoint.server} pointed the next page of ${what} at another server (${url.origin});` +
          " it was not followed.",
      };
    }
    return { path: url.pathname.slice(basePath.length), query: Object.fromEntries(url.searchParams) };
  }

  /** Every page of a list, following `links.next` until it is null (docs/harvest.md §3.4). */
  async function listAll<T>(
    path: string,
    key: string,
    item: Decoder<T>,
    itemName: string,
    what: string,
    options: ListOptions | undefined,
    filters: Record<string, string>,
  ): Promise<ApiResult<T[]>> {
    const perPage = options?.perPage ?? MAX_PER_PAGE;
    if (!Number.isSafeInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE)
      return badInput(`A page holds 1 to ${MAX_PER_PAGE} records.`);
    const decoder = pageOf(key, item, itemName);
    const items: T[] = [];
    const seen = new Set<string>();
    let next: { path: string; query: Record<string, string> } = {
      path,
      query: { ...filters, per_page: String(perPage) },
    };
    for (let pages = 0; ; pages++) {
      if (pages >= MAX_PAGES)
        return malformed(`${endpoint.server} kept sending more pages of ${what} (over ${MAX_PAGES}); stopped.`);
      const signature = urlFor(endpoint.base, next.path, next.query).href;
      if (seen.has(signature)) return malformed(`${endpoint.server} sent the same page of ${what} twice; stopped.`);
      seen.add(signature);
      const page: ApiResult<V2Page<T>> = await get(next.path, decoder, what, options, next.query);
      if (!page.ok) return page;
      items.push(...page.value.items);
      if (page.value.next === null) return { ok: true, value: items };
      const following = nextCall(page.value.next, what);
      if ("kind" in following) return { ok: false, error: following };
      next = following;
    }
  }

  function sinceFilter(updatedSince: Date | string | null | undefined): ApiResult<Record<string, string>> {
    if (updatedSince === undefined || updatedSince === null) return { ok: true, value: {} };
    const text = v2Instant(updatedSince);
    return text === null
      ? badInput("updated_since is not a valid time.")
      : { ok: true, value: { updated_since: text } };
  }

  const clientFields = (input: Partial<HarvestClientV2Input>): Record<string, Scalar | undefined> => ({
    name: input.name,
    is_active: input.isActive,
    address: input.address,
    currency: input.currency,
  });

  const contactFields = (input: Partial<HarvestContactV2Input>): Record<string, Scalar | undefined> => ({
    client_id: input.clientId,
    first_name: input.firstName,
    last_name: input.lastName,
    title: input.title,
    email: input.email,
    phone_office: input.phoneOffice,
    phone_mobile: input.phoneMobile,
    fax: input.fax,
  });

  function entryQuery(query: HarvestTimeEntryQuery): ApiResult<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [key, value] of [
      ["user_id", query.userId],
      ["client_id", query.clientId],
      ["project_id", query.projectId],
      ["task_id", query.taskId],
    ] as const) {
      if (value === undefined) continue;
      if (!validId(value)) return badInput(`${key} is not a valid id.`);
      out[key] = String(value);
    }
    if (query.isRunning !== undefined) out["is_running"] = String(query.isRunning);
    if (query.isBilled !== undefined) out["is_billed"] = String(query.isBilled);
    if (query.approvalStatus !== undefined) out["approval_status"] = query.approvalStatus;
    for (const [key, value] of [
      ["from", query.from],
      ["to", query.to],
    ] as const) {
      if (value === undefined) continue;
      if (!DAY.test(value)) return badInput(`${key} must be a day like 2017-12-31.`);
      out[key] = value;
    }
    const since = sinceFilter(query.updatedSince);
    return since.ok ? { ok: true, value: { ...out, ...since.value } } : since;
  }

  function checkEntryInput(input: HarvestTimeEntryInput | HarvestTimeEntryPatch, creating: boolean): string | null {
    if (creating || input.projectId !== undefined) if (!validId(input.projectId ?? 0)) return "Choose a project.";
    if (creating || input.taskId !== undefined) if (!validId(input.taskId ?? 0)) return "Choose a task.";
    if (creating || input.spentDate !== undefined)
      if (!DAY.test(input.spentDate ?? "")) return "The day must look like 2017-12-31.";
    if (input.hours !== undefined && (!Number.isFinite(input.hours) || input.hours < 0 || input.hours > 24 * 366))
      return "Hours must be a positive number.";
    return null;
  }

  const entryFields = (input: HarvestTimeEntryInput | HarvestTimeEntryPatch): Record<string, Scalar | undefined> => ({
    user_id: "userId" in input ? input.userId : undefined,
    project_id: input.projectId,
    task_id: input.taskId,
    spent_date: input.spentDate,
    notes: input.notes,
    hours: input.hours,
    started_time: input.startedTime,
    ended_time: input.endedTime,
  });

  const withId = <T>(id: number, what: string, run: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> =>
    validId(id) ? run() : Promise.resolve(badInput(`The ${what} id is not valid.`));

  return {
    accountId,

    company: (options) => get("/company", decodeCompany, "the company settings", options),
    me: (options) => get("/users/me", decodeMe, "your Harvest user", options),
    myProjectAssignments: (options) =>
      listAll(
        "/users/me/project_assignments",
        "projectAssignments",
        decodeProjectAssignment,
        "project assignment",
        "your projects",
        options,
        {},
      ),

    listClients(options) {
      const since = sinceFilter(options?.updatedSince);
      if (!since.ok) return Promise.resolve(since);
      const active: Record<string, string> =
        options?.isActive === undefined || options.isActive === null ? {} : { is_active: String(options.isActive) };
      return listAll("/clients", "clients", decodeClientV2, "client", "the client list", options, {
        ...active,
        ...since.value,
      });
    },
    getClient: (id, options) =>
      withId(id, "client", () => get(`/clients/${id}`, decodeClientV2, "the client", options)),
    createClient(input, options) {
      if (input.name.trim() === "") return Promise.resolve(badInput("A client needs a name."));
      return send("POST", "/clients", decodeClientV2, "the new client", options, clientFields(input));
    },
    updateClient: (id, input, options) =>
      withId(id, "client", () =>
        send("PATCH", `/clients/${id}`, decodeClientV2, "the client", options, clientFields(input)),
      ),
    setClientActive: (id, active, options) =>
      withId(id, "client", () =>
        send("PATCH", `/clients/${id}`, decodeClientV2, "the client", options, { is_active: active }),
      ),
    deleteClient: (id, options) =>
      withId(id, "client", () =>
        sendCommand(endpoint, { method: "DELETE", path: `/clients/${id}`, headers, what: "the client", options }),
      ),

    listContacts(options) {
      const since = sinceFilter(options?.updatedSince);
      if (!since.ok) return Promise.resolve(since);
      const clientId = options?.clientId ?? null;
      if (clientId !== null && !validId(clientId)) return Promise.resolve(badInput("The client id is not valid."));
      return listAll("/contacts", "contacts", decodeContactV2, "contact", "the contact list", options, {
        ...(clientId === null ? {} : { client_id: String(clientId) }),
        ...since.value,
      });
    },
    getContact: (id, options) =>
      withId(id, "contact", () => get(`/contacts/${id}`, decodeContactV2, "the contact", options)),
    createContact(input, options) {
      if (!validId(input.clientId) || input.firstName.trim() === "")
        return Promise.resolve(badInput("A contact needs a client and a first name."));
      return send("POST", "/contacts", decodeContactV2, "the new contact", options, contactFields(input));
    },
    updateContact: (id, input, options) =>
      withId(id, "contact", () =>
        send("PATCH", `/contacts/${id}`, decodeContactV2, "the contact", options, contactFields(input)),
      ),
    deleteContact: (id, options) =>
      withId(id, "contact", () =>
        sendCommand(endpoint, { method: "DELETE", path: `/contacts/${id}`, headers, what: "the contact", options }),
      ),

    listTimeEntries(query, options) {
      const filters = entryQuery(query ?? {});
      if (!filters.ok) return Promise.resolve(filters);
      return listAll(
        "/time_entries",
        "timeEntries",
        decodeTimeEntry,
        "time entry",
        "the time entries",
        options,
        filters.value,
      );
    },
    async runningTimeEntry(userId, options) {
      const filters = entryQuery({ isRunning: true, ...(userId === undefined ? {} : { userId }) });
      if (!filters.ok) return filters;
      const page = await get(
        "/time_entries",
        pageOf("timeEntries", decodeTimeEntry, "time entry"),
        "the running timer",
        options,
        { ...filters.value, per_page: "1" },
      );
      return page.ok ? { ok: true, value: page.value.items[0] ?? null } : page;
    },
    getTimeEntry: (id, options) =>
      withId(id, "time entry", () => get(`/time_entries/${id}`, decodeTimeEntry, "the time entry", options)),
    createTimeEntry(input, options) {
      const problem = checkEntryInput(input, true);
      if (problem !== null) return Promise.resolve(badInput(problem));
      return send("POST", "/time_entries", decodeTimeEntry, "the time entry", options, entryFields(input));
    },
    updateTimeEntry(id, patch, options) {
      const problem = checkEntryInput(patch, false);
      if (problem !== null) return Promise.resolve(badInput(problem));
      return withId(id, "time entry", () =>
        send("PATCH", `/time_entries/${id}`, decodeTimeEntry, "the time entry", options, entryFields(patch)),
      );
    },
    // Stop and restart are not repeated after a lost answer: the repeat would fail (already stopped/running).
    stopTimeEntry: (id, options) =>
      withId(id, "time entry", () =>
        send("PATCH", `/time_entries/${id}/stop`, decodeTimeEntry, "the timer", options, undefined, false),
      ),
    restartTimeEntry: (id, options) =>
      withId(id, "time entry", () =>
        send("PATCH", `/time_entries/${id}/restart`, decodeTimeEntry, "the timer", options, undefined, false),
      ),
    deleteTimeEntry: (id, options) =>
      withId(id, "time entry", () =>
        sendCommand(endpoint, {
          method: "DELETE",
          path: `/time_entries/${id}`,
          headers,
          what: "the time entry",
          options,
        }),
      ),
  };
}
