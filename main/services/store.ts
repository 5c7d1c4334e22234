/**
 * The persisted document behind a small backend interface: electron-store in the app, conf in
 * Node (both share this shape). The whole document is held in memory and written back, debounced
 * for caches and synchronously when something must survive a crash (the outbox before a send).
 *
 * On open the file is parsed and validated; an unreadable or invalid file is moved aside as
 * `<name>.corrupt-<timestamp>.json`, whatever can be salvaged (settings, account, unsent notes) is
 * kept, and a notice tells the user. Opening never throws because of the file's content.
 */
import { existsSync, renameSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DEFAULT_SETTINGS } from "../../shared/contract";
import { boundDoc } from "./store-bounds";
import {
  STORE_VERSION,
  clientsCacheSchema,
  dayCacheSchema,
  feedCacheSchema,
  groupSchema,
  memberFeedCacheSchema,
  memberSchema,
  outboxRecordSchema,
  settingsSchema,
  storeDocSchema,
  storedAccountSchema,
  type StoreDoc,
} from "./store-schema";
import { z } from "zod";

/** What the store needs of conf / electron-store. */
export interface StoreBackend {
  readonly path: string;
  store: Record<string, unknown>;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

interface StoreBackendOptions {
  readonly name: string;
  /** Always empty: defaults are applied (and validated) here, never merged into a bad file. */
  readonly defaults: Record<string, never>;
  /** Never let the backend wipe a file it cannot read: it is moved aside here instead. */
  readonly clearInvalidConfig: false;
  readonly accessPropertiesByDotNotation: false;
  readonly serialize: (value: Record<string, unknown>) => string;
  /** Never throws: unreadable text comes back as a marker object that the store recognises. */
  readonly deserialize: (text: string) => Record<string, unknown>;
}

export type StoreBackendFactory = (options: StoreBackendOptions) => StoreBackend;

/** Migrations by version: `migrations[n]` turns a version-n document into version n + 1. */
type Migrations = Readonly<Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>>;

/** No released version before 1 yet; the next layout change adds `1: (doc) => …` here. */
const MIGRATIONS: Migrations = {};

const UNREADABLE = "__coopTrayUnreadable";

export function defaultDoc(): StoreDoc {
  return {
    version: STORE_VERSION,
    settings: { ...DEFAULT_SETTINGS },
    account: null,
    groups: { list: [], syncedAt: null },
    members: {},
    feeds: {},
    days: {},
    memberFeeds: {},
    clients: null,
    outbox: [],
  };
}

export interface OpenStoreOptions {
  readonly name?: string;
  readonly now?: () => number;
  /** Debounce for cache writes. */
  readonly writeDelayMs?: number;
  readonly migrations?: Migrations;
}

export class AppStore {
  private current: StoreDoc;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  private constructor(
    private readonly backend: StoreBackend,
    doc: StoreDoc,
    /** Messages for the user from opening the file (corruption, salvage). */
    readonly notices: readonly string[],
    private readonly now: () => number,
    private readonly writeDelayMs: number,
  ) {
    this.current = doc;
  }

  static open(factory: StoreBackendFactory, options: OpenStoreOptions = {}): AppStore {
    const name = options.name ?? "coop-tray";
    const now = options.now ?? Date.now;
    const backend = factory({
      name,
      defaults: {},
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      serialize: (value) => JSON.stringify(value),
      deserialize: tolerantParse,
    });
    const loaded = load(backend, now(), options.migrations ?? MIGRATIONS);
    const store = new AppStore(backend, loaded.doc, loaded.notices, now, options.writeDelayMs ?? 500);
    if (loaded.rewrite) store.writeNow();
    return store;
  }

  get doc(): StoreDoc {
    return this.current;
  }

  get path(): string {
    return this.backend.path;
  }

  /** Change the document; written within `writeDelayMs` (coalesced). */
  update(change: (doc: StoreDoc) => StoreDoc): void {
    this.current = change(this.current);
    this.dirty = true;
    this.schedule();
  }

  /** Change the document and write it to disk before returning. */
  commit(change: (doc: StoreDoc) => StoreDoc): void {
    this.current = change(this.current);
    this.writeNow();
  }

  flush(): void {
    if (this.dirty) this.writeNow();
  }

  close(): void {
    this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.writeDelayMs);
    this.timer.unref?.();
  }

  private writeNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current = boundDoc(this.current, this.now());
    this.backend.store = this.current as unknown as Record<string, unknown>;
    this.dirty = false;
  }
}

function tolerantParse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    return { [UNREADABLE]: "the file does not hold an object" };
  } catch {
    return { [UNREADABLE]: "the file is not valid JSON" };
  }
}

interface Loaded {
  readonly doc: StoreDoc;
  readonly notices: string[];
  readonly rewrite: boolean;
}

function load(backend: StoreBackend, now: number, migrations: Migrations): Loaded {
  let raw: Record<string, unknown>;
  try {
    raw = backend.store;
  } catch (error) {
    // e.g. the file is unreadable (permissions): start clean rather than crash.
    return reset(backend, now, `it could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (UNREADABLE in raw) return reset(backend, now, String(raw[UNREADABLE]));
  if (Object.keys(raw).length === 0) return { doc: defaultDoc(), notices: [], rewrite: true };

  let version = raw["version"];
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0) {
    return reset(backend, now, "it has no valid version");
  }
  if (version > STORE_VERSION) return reset(backend, now, `it was written by a newer version of Co-op Tray (format ${version})`);
  let migrated = raw;
  try {
    while (version < STORE_VERSION) {
      const step = migrations[version];
      if (!step) return reset(backend, now, `no migration from format ${version}`);
      migrated = step(migrated);
      version += 1;
      migrated = { ...migrated, version };
    }
  } catch (error) {
    return salvage(backend, now, migrated, `it could not be migrated (${error instanceof Error ? error.message : String(error)})`);
  }

  const parsed = storeDocSchema.safeParse(migrated);
  if (parsed.success) return { doc: parsed.data, notices: [], rewrite: migrated !== raw };
  return salvage(backend, now, migrated, "parts of it were not valid");
}

function reset(backend: StoreBackend, now: number, why: string): Loaded {
  const aside = moveAside(backend.path, now);
  return {
    doc: defaultDoc(),
    notices: [`Your saved Co-op Tray data could not be read (${why}) and was reset.${aside ? ` A copy was kept as ${aside}.` : ""}`],
    rewrite: true,
  };
}

/** Keeps every section (and every outbox item) that still validates; drops the rest. */
function salvage(backend: StoreBackend, now: number, raw: Record<string, unknown>, why: string): Loaded {
  const aside = moveAside(backend.path, now);
  const doc = defaultDoc();
  const lost: string[] = [];
  const take = <T>(schema: z.ZodType<T>, value: unknown, label: string): T | undefined => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    lost.push(label);
    return undefined;
  };
  const record = <T>(schema: z.ZodType<T>, value: unknown, label: string): Record<string, T> => {
    const out: Record<string, T> = {};
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      if (value !== undefined) lost.push(label);
      return out;
    }
    for (const [key, entry] of Object.entries(value)) {
      const result = schema.safeParse(entry);
      if (result.success) out[key] = result.data;
      else if (!lost.includes(label)) lost.push(label);
    }
    return out;
  };

  const settingsRaw = raw["settings"];
  const settings = settingsSchema.safeParse(settingsRaw);
  if (settings.success) doc.settings = settings.data;
  else if (settingsRaw && typeof settingsRaw === "object") {
    // Keep each setting that is still valid on its own.
    const merged: Record<string, unknown> = { ...doc.settings };
    for (const key of Object.keys(doc.settings) as (keyof StoreDoc["settings"])[]) {
      const single = settingsSchema.shape[key].safeParse((settingsRaw as Record<string, unknown>)[key]);
      if (single.success) merged[key] = single.data;
    }
    doc.settings = settingsSchema.parse(merged);
    lost.push("some settings");
  }
  doc.account = take(storedAccountSchema.nullable(), raw["account"] ?? null, "the account") ?? null;
  const groups = raw["groups"] as { list?: unknown; syncedAt?: unknown } | undefined;
  doc.groups = {
    list: take(z.array(groupSchema), groups?.list ?? [], "the group list") ?? [],
    syncedAt: typeof groups?.syncedAt === "number" ? groups.syncedAt : null,
  };
  doc.members = record(z.object({ list: z.array(memberSchema), fetchedAt: z.number() }), raw["members"], "member lists");
  doc.feeds = record(feedCacheSchema, raw["feeds"], "cached feeds");
  doc.days = record(z.record(z.string(), dayCacheSchema), raw["days"], "cached days");
  doc.memberFeeds = record(memberFeedCacheSchema, raw["memberFeeds"], "cached member feeds");
  doc.clients = take(clientsCacheSchema.nullable(), raw["clients"] ?? null, "cached clients") ?? null;
  const outbox = Array.isArray(raw["outbox"]) ? raw["outbox"] : [];
  for (const item of outbox) {
    // Like a job queue: an item that no longer parses is dropped, not retried forever.
    const result = outboxRecordSchema.safeParse(item);
    if (result.success) doc.outbox.push(result.data);
    else if (!lost.includes("some outgoing notes")) lost.push("some outgoing notes");
  }
  const what = lost.length > 0 ? ` Lost: ${lost.join(", ")}.` : "";
  return {
    doc,
    notices: [`Some of your saved Co-op Tray data could not be read (${why}) and was reset.${what}${aside ? ` A copy was kept as ${aside}.` : ""}`],
    rewrite: true,
  };
}

/** Renames the bad file out of the way; returns its new file name, or null if there was none. */
function moveAside(path: string, now: number): string | null {
  if (!existsSync(path)) return null;
  const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
  const base = basename(path).replace(/\.json$/i, "");
  let target = join(dirname(path), `${base}.corrupt-${stamp}.json`);
  for (let n = 1; existsSync(target); n += 1) target = join(dirname(path), `${base}.corrupt-${stamp}-${n}.json`);
  try {
    renameSync(path, target);
    return basename(target);
  } catch {
    return null;
  }
}
