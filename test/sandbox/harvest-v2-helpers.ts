/** Real HTTP against the sandbox's Harvest v2 and Harvest ID, with the headers a v2 client sends. */
import { request } from "undici";
import { HARVEST_V2_SEED } from "../../sandbox/index";

export const BASIL_TOKEN = HARVEST_V2_SEED.tokens.basil;
export const POLLY_TOKEN = HARVEST_V2_SEED.tokens.polly;
export const FAWLTY = HARVEST_V2_SEED.accounts.fawlty.id;
export const ARGENTINA = HARVEST_V2_SEED.accounts.argentina.id;

export interface V2Call {
  readonly method?: "GET" | "POST" | "PATCH" | "DELETE";
  /** null: no Authorization header. */
  readonly token?: string | null;
  /** null: no Harvest-Account-Id header. */
  readonly account?: number | string | null;
  readonly body?: unknown;
  /** null: no User-Agent at all. */
  readonly userAgent?: string | null;
}

export interface V2Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly json: Record<string, unknown> & { message?: string };
  readonly text: string;
}

export async function v2(url: string, options: V2Call = {}): Promise<V2Answer> {
  const headers: Record<string, string> = {};
  const agent =
    options.userAgent === undefined ? "Co-op Tray sandbox tests (dev@coop-tray.invalid)" : options.userAgent;
  if (agent !== null) headers["user-agent"] = agent;
  const token = options.token === undefined ? BASIL_TOKEN : options.token;
  if (token !== null) headers["authorization"] = `Bearer ${token}`;
  const account = options.account === undefined ? FAWLTY : options.account;
  if (account !== null) headers["harvest-account-id"] = String(account);
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await request(url, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.body.text();
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  let json: Record<string, unknown> = {};
  try {
    json = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = {};
  }
  return { status: response.statusCode, headers: flat, json, text };
}

/** Every item of a list, following `links.next` until it is null (as docs/harvest.md §3.4 tells clients to). */
export async function allPages(
  firstUrl: string,
  key: string,
  options: V2Call = {},
): Promise<{ items: Record<string, unknown>[]; pages: V2Answer[] }> {
  const items: Record<string, unknown>[] = [];
  const pages: V2Answer[] = [];
  let url: string | null = firstUrl;
  while (url !== null) {
    const page = await v2(url, options);
    if (page.status !== 200) throw new Error(`page ${url} answered ${page.status}: ${page.text}`);
    pages.push(page);
    items.push(...(page.json[key] as Record<string, unknown>[]));
    url = (page.json["links"] as { next: string | null }).next;
    if (pages.length > 1000) throw new Error("pagination does not end");
  }
  return { items, pages };
}
