/**
 * The persisted document in one JSON file (see `store-file.ts` for how it is written durably). The
 * whole document is held in memory and written back, debounced for caches and synchronously when
 * something must survive a crash (a note before it is queued, the outbox before a send).
 *
 * What memory says matches what is on disk: `commit` writes first and changes the document only
 * when the write succeeded; a failed write throws `StoreWriteError` and the document is as before.
 * Debounced cache writes that fail are retried later (caches can be fetched again).
 *
 * On open the file is parsed and validated. A file that does not parse is replaced by the
 * last-known-good copy when there is one; otherwise, and for a file that parses but is invalid, it
 * is moved aside as `<name>.corrupt-<timestamp>.json`, whatever can be salvaged (settings, account,
 * unsent notes) is kept, and a notice tells the user. A folder that cannot be written is a notice
 * too, and the app keeps working read-only. Opening never throws because of the file or the folder.
 */
import { existsSync, renameSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { defaultSettings } from "../../shared/contract";
import { boundDoc } from "./store-bounds";
import { StoreWriteError, type FileRead } from "./store-file";
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

export { StoreWriteError } from "./store-file";

/** The file behind the store (`StoreFile` in the app; tests may wrap one). */
export interface StoreBackend {
  readonly path: string;
  read(): FileRead;
  readLastGood(): FileRead;
  /** Writes the whole text durably, or throws `StoreWriteError`. */
  write(text: string): void;
}

export interface StoreBackendOptions {
  /** The file's name without extension. */
  readonly name: string;
}

export type StoreBackendFactory = (options: StoreBackendOptions) => StoreBackend;

/** Migrations by version: `migrations[n]` turns a version-n document into version n + 1. */
type Migrations = Readonly<Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>>;

/** No released version before 1 yet; the next layout change adds `1: (doc) => …` here. */
const MIGRATIONS: Migrations = {};

const UNREADABLE = "__coopTrayUnreadable";

/** What the store keeps about the signed-in account's server data: emptied on sign-out or a change of account. */
export function emptyAccountData(): Pick<
  StoreDoc,
  "groups" | "members" | "feeds" | "days" | "memberFeeds" | "clients" | "shownGroupId"
> {
  return {
    groups: { list: [], syncedAt: null },
    members: {},
    feeds: {},
    days: {},
    memberFeeds: {},
    clients: null,
    shownGroupId: null,
  };
}

/** A new store: the settings are this platform's defaults (saved at once, so a later default never changes them). */
export function defaultDoc(platform: string = process.platform): StoreDoc {
  return {
    version: STORE_VERSION,
    settings: defaultSettings(platform),
    account: null,
    ...emptyAccountData(),
    outbox: [],
    harvestLinks: {},
    recentTasks: [],
    drafts: [],
  };
}

export interface OpenStoreOptions {
  readonly name?: string;
  readonly now?: () => number;
  /** Debounce for cache writes. */
  readonly writeDelayMs?: number;
  readonly migrations?: Migrations;
}

/** A failed debounced write is tried again after this long (then twice as long, up to a minute). */
const RETRY_WRITE_MS = { first: 2_000, max: 60_000 } as const;

export class AppStore {
  private current: StoreDoc;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private failedWrites = 0;
  private lastFailure: StoreWriteError | null = null;
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly backend: StoreBackend,
    doc: StoreDoc,
    /** Messages for the user from opening the file (corruption, salvage, a read-only folder). */
    readonly notices: string[],
    private readonly now: () => number,
    private readonly writeDelayMs: number,
  ) {
    this.current = doc;
  }

  static open(factory: StoreBackendFactory, options: OpenStoreOptions = {}): AppStore {
    const name = options.name ?? "coop-tray";
    const now = options.now ?? Date.now;
    const backend = factory({ name });
    const loaded = load(backend, now(), options.migrations ?? MIGRATIONS);
    const store = new AppStore(backend, loaded.doc, loaded.notices, now, options.writeDelayMs ?? 500);
    // Written at every start, not only after a repair: it proves the folder takes a whole file
    // (full disk, read-only folder) while the user can still be told, before anything is typed.
    try {
      store.writeNow();
    } catch (error) {
      if (!(error instanceof StoreWriteError)) throw error;
      store.notices.push(readOnlyNotice(error, backend.path));
    }
    return store;
  }

  get doc(): StoreDoc {
    return this.current;
  }

  get path(): string {
    return this.backend.path;
  }

  /** Calls `listener` after every change of the document (the pre-rendered first frame follows it). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last write that failed, while no later write has succeeded. */
  get writeFailure(): StoreWriteError | null {
    return this.lastFailure;
  }

  /** Change the document; written within `writeDelayMs` (coalesced). Only for what can be lost (caches). */
  update(change: (doc: StoreDoc) => StoreDoc): void {
    this.current = change(this.current);
    this.dirty = true;
    this.schedule(this.writeDelayMs);
    this.changed();
  }

  /**
   * Change the document and write it to disk before returning. Throws `StoreWriteError` when the
   * write fails, and then the document in memory is unchanged.
   */
  commit(change: (doc: StoreDoc) => StoreDoc): void {
    const next = boundDoc(change(this.current), this.now());
    this.write(next);
    this.current = next;
    this.changed();
  }

  flush(): void {
    if (!this.dirty) return;
    try {
      this.writeNow();
    } catch (error) {
      if (!(error instanceof StoreWriteError)) throw error;
      // Kept dirty: tried again later, and by the next commit.
      this.schedule(Math.min(RETRY_WRITE_MS.max, RETRY_WRITE_MS.first * 2 ** Math.min(this.failedWrites - 1, 10)));
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, ms);
    this.timer.unref?.();
  }

  private writeNow(): void {
    const next = boundDoc(this.current, this.now());
    this.write(next);
    this.current = next;
    // The bounds may have dropped something shown (a sent note past its retention).
    this.changed();
  }

  private write(doc: StoreDoc): void {
    try {
      this.backend.write(JSON.stringify(doc));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const failure = error instanceof StoreWriteError ? error : new StoreWriteError(null, why);
      this.failedWrites += 1;
      this.lastFailure = failure;
      throw failure;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
    this.failedWrites = 0;
    this.lastFailure = null;
  }
}

/** What the user is told when a change of theirs could not be written: `what` is e.g. "the note". */
export function writeFailureMessage(error: StoreWriteError, what: string): string {
  if (error.diskFull) return `Your disk is full: ${what} was not saved. Free some space and try again.`;
  if (error.notAllowed) return `Co-op Tray may not write to its data folder: ${what} was not saved.`;
  return `Co-op Tray could not write to its data folder${error.code ? ` (${error.code})` : ""}: ${what} was not saved.`;
}

function readOnlyNotice(error: StoreWriteError, path: string): string {
  const why = error.diskFull
    ? "the disk is full"
    : error.notAllowed
      ? "the folder is read-only or not yours"
      : `the write failed${error.code ? ` (${error.code})` : ""}`;
  return (
    `Co-op Tray cannot save to ${dirname(path)} (${why}). ` +
    "It keeps working, but new notes and changes cannot be saved until this is fixed."
  );
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
}

/** The last-known-good copy, when it is there and valid as it stands (no salvage, no migration). */
function lastGood(backend: StoreBackend): StoreDoc | null {
  const read = backend.readLastGood();
  if (read.kind !== "text") return null;
  const raw = tolerantParse(read.text);
  if (UNREADABLE in raw || raw["version"] !== STORE_VERSION) return null;
  const parsed = storeDocSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function load(backend: StoreBackend, now: number, migrations: Migrations): Loaded {
  const read = backend.read();
  if (read.kind === "missing") {
    // No file: a first start, or a crash between the two renames of a write (then the last good copy is the newest).
    return { doc: lastGood(backend) ?? defaultDoc(), notices: [] };
  }
  if (read.kind === "unreadable") {
    const good = lastGood(backend);
    if (good) {
      const notice = `Your saved Co-op Tray data could not be read (${read.message}); the last good copy was used.`;
      return { doc: good, notices: [notice] };
    }
    // e.g. the file is unreadable (permissions): start clean rather than crash.
    return reset(backend, now, `it could not be read (${read.message})`);
  }
  const raw = tolerantParse(read.text);
  if (UNREADABLE in raw) {
    const good = lastGood(backend);
    if (good) {
      const aside = moveAside(backend.path, now);
      return {
        doc: good,
        notices: [
          `Your saved Co-op Tray data could not be read (${String(raw[UNREADABLE])}); ` +
            "the last good copy was used instead." +
            (aside ? ` The unreadable file was kept as ${aside}.` : ""),
        ],
      };
    }
    return reset(backend, now, String(raw[UNREADABLE]));
  }
  if (Object.keys(raw).length === 0) return { doc: defaultDoc(), notices: [] };

  let version = raw["version"];
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0) {
    return reset(backend, now, "it has no valid version");
  }
  if (version > STORE_VERSION)
    return reset(backend, now, `it was written by a newer version of Co-op Tray (format ${version})`);
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
    return salvage(
      backend,
      now,
      migrated,
      `it could not be migrated (${error instanceof Error ? error.message : String(error)})`,
    );
  }

  const parsed = storeDocSchema.safeParse(migrated);
  if (parsed.success) return { doc: parsed.data, notices: [] };
  return salvage(backend, now, migrated, "parts of it were not valid");
}

function reset(backend: StoreBackend, now: number, why: string): Loaded {
  const aside = moveAside(backend.path, now);
  return {
    doc: defaultDoc(),
    notices: [
      `Your saved Co-op Tray data could not be read (${why}) and was reset.${aside ? ` A copy was kept as ${aside}.` : ""}`,
    ],
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
  doc.members = record(
    z.object({ list: z.array(memberSchema), fetchedAt: z.number() }),
    raw["members"],
    "member lists",
  );
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
    notices: [
      `Some of your saved Co-op Tray data could not be read (${why}) and was reset.${what}${aside ? ` A copy was kept as ${aside}.` : ""}`,
    ],
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
