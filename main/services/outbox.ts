/**
 * The note outbox: every note goes through it, so nothing typed is lost and nothing is posted twice.
 *
 * - A note is written to disk (synchronously) before the first attempt, and `sending` is written
 *   before each request: a crash mid-send leaves a `sending` item that a restart recognises.
 * - Transient failures retry with capped exponential backoff, at once when the connection comes
 *   back, and after a throttle's lockout; a 4xx stops the note as `failed` with the server's message.
 * - Order is kept per group: a group's later notes wait until its earlier ones are sent or discarded.
 *   Groups send independently: a call stuck in one group (up to the request deadline) holds back
 *   only that group's notes.
 * - Right before a note's first attempt the group's newest note id is read and stored with it.
 * - After an ambiguous failure (the request may have reached the server: timeout, reset, 5xx, an
 *   unreadable answer, or a `sending` item found after a restart) a status counts as this note's
 *   delivery only if it is the user's own, has the same text, has an id above that newest id (so
 *   it appeared after the first attempt began), and no other outbox item claims it. Anything less
 *   strict gave false proof: a "Lunch?" posted from the web a minute earlier "proved" that a tray
 *   "Lunch?" whose POST got a 500 had arrived. Co-op's ids grow with time (Rails'
 *   auto-increment ids, as in every example of the original docs and on this server: docs/coop-api.md §6.7).
 * - Notes belong to the account that wrote them and are never shown to or sent as another.
 */
import { randomUUID } from "node:crypto";
import { MAX_TEXT_LENGTH, type OutboxItem, type ServiceHandlers } from "../../shared/contract";
import { err, ok, type AppError, type Result } from "../../shared/errors";
import type { Status } from "@coop-tray/protocol/models";
import type { CoopClient } from "@coop-tray/protocol";
import { backoffDelay } from "./backoff";
import { Drafts, draftCalls } from "./drafts";
import { Timer, type Clock } from "./clock";
import type { Connection } from "./connection";
import type { Emitter } from "./emitter";
import type { AppEvents } from "./events";
import type { Session } from "./session";
import { LATEST_PAGE } from "@coop-tray/protocol/rules";
import { comparableText, isOwn, type Me } from "./statuses";
import { StoreWriteError, writeFailureMessage, type AppStore } from "./store";
import type { OutboxRecord, StoreDoc } from "./store-schema";

/** Why a note whose last send may have arrived is left alone until checked (edit and discard). */
const MAY_HAVE_ARRIVED = invalid(
  "This note may already have reached the server; it is being checked. Try again in a moment.",
);

/** How far before a note's creation a matching status still counts (clocks differ). */
const CLOCK_SKEW_MS = 5 * 60_000;
/** After a failed write nothing is sent (a send must be on disk first); the next try is this much later. */
const DISK_RETRY_MS = 30_000;

export interface OutboxDeps {
  readonly store: AppStore;
  readonly session: Session;
  readonly connection: Connection;
  readonly clock: Clock;
  readonly events: Emitter<AppEvents>;
  readonly random?: () => number;
  /** Called after a note was sent, e.g. to refresh that group's feed. */
  readonly onSent?: (groupId: number) => void;
}

type Outcome = "delivered" | "notDelivered" | "ambiguous" | "rejected";

export class Outbox {
  private readonly timer: Timer;
  /** The attempt in progress per group: groups send independently, so one stuck call holds back only its own group. */
  private readonly inFlight = new Map<number, Promise<void>>();
  private started = false;
  private readonly aborts = new Set<AbortController>();
  /** No send before this (epoch ms): the last write failed, so `sending` could not be recorded. */
  private diskRetryAt = 0;
  private readonly unsubscribe: () => void;
  /** What is typed and not yet posted: the stage before the outbox. */
  readonly drafts: Drafts;

  constructor(private readonly deps: OutboxDeps) {
    this.timer = new Timer(deps.clock);
    this.drafts = new Drafts(deps.store, deps.session, deps.clock);
    this.unsubscribe = deps.connection.on("online", () => this.backOnline());
  }

  /** Resumes the queue: a note found `sending` may have reached the server, so it is checked first. */
  start(): void {
    const owner = this.deps.session.key;
    if (!owner) return;
    this.started = true;
    if (this.mine().some((item) => item.state === "sending")) {
      // Memory first if the disk refuses: on disk the item stays `sending`, which means the same.
      this.commitOrKeep((doc) =>
        mapOutbox(doc, (item) =>
          item.owner === owner && item.state === "sending"
            ? { ...item, state: "queued", needsCheck: true, nextAttemptAt: null }
            : item,
        ),
      );
      this.changed();
    }
    this.kick();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.timer.cancel();
    // An in-flight send is abandoned, not lost: it stays `sending` (or becomes an ambiguous
    // failure) and is checked before any resend.
    for (const controller of this.aborts) controller.abort();
    await this.idle();
  }

  dispose(): void {
    this.unsubscribe();
  }

  list(): OutboxItem[] {
    return this.mine().map(toItem);
  }

  /** The queue as the page asks for it: only with an account to own it. */
  listForCall(): Result<OutboxItem[]> {
    return this.deps.session.key
      ? ok(this.list())
      : err({ kind: "signedOut", message: "Sign in to a Co-op server first." });
  }

  post(groupId: number, text: string): Result<OutboxItem> {
    const owner = this.deps.session.key;
    if (!owner) return err({ kind: "signedOut", message: "Sign in to a Co-op server first." });
    const problem = checkText(text);
    if (problem) return err(problem);
    const record: OutboxRecord = {
      id: randomUUID(),
      groupId,
      text,
      state: "queued",
      createdAt: this.deps.clock.now(),
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      statusId: null,
      owner,
      needsCheck: false,
      sentAt: null,
      newestIdBefore: null,
    };
    // On disk before anything else happens to it; a note that could not be written is not queued.
    const saved = this.commitChange((doc) => ({ ...doc, outbox: [...doc.outbox, record] }), "the note");
    if (!saved.ok) return saved;
    this.changed();
    this.kick();
    return ok(toItem(record));
  }

  retry(id: string): Result<OutboxItem> {
    const found = this.find(id);
    if (!found.ok) return found;
    const item = found.value;
    if (item.state === "sent") return err(invalid("This note was already sent."));
    if (item.state === "sending") return ok(toItem(item));
    const updated = this.tryReplace(id, (r) => ({
      ...r,
      state: "queued",
      attempts: r.state === "failed" ? 0 : r.attempts,
      nextAttemptAt: null,
      lastError: null,
    }));
    if (!updated.ok) return updated;
    this.kick();
    return ok(toItem(updated.value));
  }

  edit(id: string, text: string): Result<OutboxItem> {
    const found = this.find(id);
    if (!found.ok) return found;
    const item = found.value;
    const problem = checkText(text);
    if (problem) return err(problem);
    if (item.state === "sent") return err(invalid("This note was already sent and cannot be edited here."));
    if (item.state === "sending") return err(invalid("This note is being sent right now; edit it if sending fails."));
    if (item.needsCheck) {
      // The old text may already be on the server: changing it now could post both versions.
      return err(MAY_HAVE_ARRIVED);
    }
    // An edit is how a rejected note gets fixed, so it goes back into the queue.
    const updated = this.tryReplace(id, (r) => ({
      ...r,
      text,
      state: "queued",
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
    }));
    if (!updated.ok) return updated;
    this.kick();
    return ok(toItem(updated.value));
  }

  /**
   * Takes a note out of the queue before it is sent (a queued note cancelled, or a failed one given
   * up). Refused while a send may have reached the server: the note could be on Co-op already, and
   * saying it was cancelled would be untrue; once checked it is either sent or may be discarded.
   */
  discard(id: string): Result<null> {
    const found = this.find(id);
    if (!found.ok) return found;
    if (found.value.state === "sending")
      return err(invalid("This note is being sent right now; discard it if sending fails."));
    if (found.value.needsCheck) {
      return err(MAY_HAVE_ARRIVED);
    }
    const saved = this.commitChange((doc) => ({ ...doc, outbox: doc.outbox.filter((r) => r.id !== id) }), "the change");
    if (!saved.ok) return saved;
    this.changed();
    this.kick();
    return ok(null);
  }

  /** Sign-out: sent notes go; unsent ones stay, hidden, for this account's next sign-in only. */
  forgetSent(owner: string): void {
    this.commitOrKeep((doc) => ({
      ...doc,
      outbox: doc.outbox.filter((r) => !(r.owner === owner && r.state === "sent")),
    }));
  }

  /** Starts an attempt for every group whose first unsent note is due, and arms the timer for the next one. */
  kick(): void {
    if (!this.started) return;
    this.timer.cancel();
    const now = this.deps.clock.now();
    if (now < this.diskRetryAt) {
      this.timer.arm(this.diskRetryAt - now, () => this.kick());
      return;
    }
    let next = Infinity;
    for (const head of this.heads()) {
      if (head.state !== "queued" || this.inFlight.has(head.groupId)) continue;
      if (head.nextAttemptAt !== null && head.nextAttemptAt > now) {
        next = Math.min(next, head.nextAttemptAt);
        continue;
      }
      const groupId = head.groupId;
      const attempt = this.attempt(head)
        .catch((error: unknown) => {
          // A bug, not a network failure: wait rather than spin on the same note.
          console.error("outbox attempt failed:", error instanceof Error ? error.name : typeof error);
          this.diskRetryAt = this.deps.clock.now() + DISK_RETRY_MS;
        })
        .finally(() => {
          this.inFlight.delete(groupId);
          this.kick();
        });
      this.inFlight.set(groupId, attempt);
    }
    if (Number.isFinite(next)) this.timer.arm(next - now, () => this.kick());
  }

  /** Resolves when no send is in progress (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
  }

  private backOnline(): void {
    const owner = this.deps.session.key;
    if (!owner || !this.started) return;
    const waiting = this.mine().some((r) => r.state === "queued" && r.lastError?.kind === "offline");
    if (waiting) {
      this.deps.store.update((doc) =>
        mapOutbox(doc, (r) =>
          r.owner === owner && r.state === "queued" && r.lastError?.kind === "offline"
            ? { ...r, nextAttemptAt: null }
            : r,
        ),
      );
    }
    this.kick();
  }

  private mine(): OutboxRecord[] {
    const owner = this.deps.session.key;
    return owner ? this.deps.store.doc.outbox.filter((r) => r.owner === owner) : [];
  }

  private find(id: string): Result<OutboxRecord> {
    if (!this.deps.session.key) return err({ kind: "signedOut", message: "Sign in to a Co-op server first." });
    const item = this.mine().find((r) => r.id === id);
    return item ? ok(item) : err(invalid("There is no such note in the outbox."));
  }

  /** Writes a change the user asked for; when the disk refuses, memory stays as it was and the user is told. */
  private commitChange(change: (doc: StoreDoc) => StoreDoc, what: string): Result<null> {
    try {
      this.deps.store.commit(change);
      return ok(null);
    } catch (error) {
      if (!(error instanceof StoreWriteError)) throw error;
      return err({ kind: "internal", message: writeFailureMessage(error, what) });
    }
  }

  /**
   * For changes that record what already happened (a send's outcome): memory must follow, or a
   * delivered note would be sent again. When the disk refuses, the debounced write keeps trying;
   * what is on disk meanwhile (`sending`, needing a check) makes a restart look before resending.
   */
  private commitOrKeep(change: (doc: StoreDoc) => StoreDoc): void {
    try {
      this.deps.store.commit(change);
    } catch (error) {
      if (!(error instanceof StoreWriteError)) throw error;
      this.deps.store.update(change);
    }
  }

  private tryReplace(id: string, change: (record: OutboxRecord) => OutboxRecord): Result<OutboxRecord> {
    let updated: OutboxRecord | null = null;
    const saved = this.commitChange(
      (doc) =>
        mapOutbox(doc, (r) => {
          if (r.id !== id) return r;
          updated = change(r);
          return updated;
        }),
      "the change",
    );
    if (!saved.ok) return saved;
    this.changed();
    if (!updated) throw new Error("outbox item vanished");
    return ok(updated);
  }

  /** Like `tryReplace` for outcomes (see `commitOrKeep`). */
  private replace(id: string, change: (record: OutboxRecord) => OutboxRecord): OutboxRecord {
    let updated: OutboxRecord | null = null;
    this.commitOrKeep((doc) =>
      mapOutbox(doc, (r) => {
        if (r.id !== id) return r;
        updated = change(r);
        return updated;
      }),
    );
    this.changed();
    if (!updated) throw new Error("outbox item vanished");
    return updated;
  }

  private changed(): void {
    this.deps.events.emit("outboxChanged", this.list());
  }

  /** The first unsent note of each group: only it may go (order per group). */
  private heads(): OutboxRecord[] {
    const seen = new Set<number>();
    const heads: OutboxRecord[] = [];
    for (const record of this.mine()) {
      if (record.state === "sent" || seen.has(record.groupId)) continue;
      seen.add(record.groupId);
      heads.push(record);
    }
    return heads;
  }

  private async attempt(record: OutboxRecord): Promise<void> {
    const { session, connection } = this.deps;
    const client = await session.coop();
    if (!client.ok) {
      // No usable login: a missing password will not fix itself, a keychain hiccup might.
      if (client.error.kind === "keychain") this.scheduleRetry(record, client.error);
      else this.fail(record, client.error);
      return;
    }
    if (record.needsCheck) {
      const found = await this.findPosted(client.value, record);
      if (!found.ok) {
        connection.report("coop", found.error);
        this.scheduleRetry(record, found.error);
        return;
      }
      if (found.value) {
        this.markSent(record, found.value.id);
        return;
      }
    }
    let newestIdBefore = record.newestIdBefore ?? null;
    if (newestIdBefore === null && record.attempts === 0 && !record.needsCheck) {
      // The first attempt: what the group holds right now is, by definition, not this note.
      const newest = await this.newestNoteId(client.value, record.groupId);
      connection.report("coop", newest.ok ? null : newest.error);
      if (!newest.ok) {
        // Nothing was sent. A group that is gone (or a login refused) would refuse the note too.
        if (classify(newest.error) === "rejected") this.fail(record, newest.error);
        else this.scheduleRetry(record, newest.error);
        return;
      }
      newestIdBefore = newest.value;
    }
    // Written before the request: a crash from here on is recognised as ambiguous on restart. If
    // that cannot be written, nothing is sent (a crash would then post it twice): wait for the disk.
    const marked = this.tryReplace(record.id, (r) => ({
      ...r,
      state: "sending",
      attempts: r.attempts + 1,
      needsCheck: true,
      nextAttemptAt: null,
      newestIdBefore,
    }));
    if (!marked.ok) {
      this.diskRetryAt = this.deps.clock.now() + DISK_RETRY_MS;
      return;
    }
    const sending = marked.value;
    const controller = new AbortController();
    this.aborts.add(controller);
    const options = { priority: "interactive", noWait: true, signal: controller.signal } as const;
    const result = await client.value.postNote(sending.groupId, sending.text, options);
    this.aborts.delete(controller);
    connection.report("coop", result.ok ? null : result.error);
    if (result.ok) {
      this.markSent(sending, result.value);
      return;
    }
    const error = result.error;
    switch (classify(error)) {
      case "notDelivered":
        this.scheduleRetry({ ...sending, needsCheck: false }, error);
        return;
      case "ambiguous":
        this.scheduleRetry({ ...sending, needsCheck: true }, error);
        return;
      default:
        this.fail({ ...sending, needsCheck: false }, error);
    }
  }

  private markSent(record: OutboxRecord, statusId: number): void {
    const now = this.deps.clock.now();
    this.replace(record.id, (r) => ({
      ...r,
      state: "sent",
      statusId,
      needsCheck: false,
      nextAttemptAt: null,
      lastError: null,
      sentAt: now,
    }));
    this.deps.onSent?.(record.groupId);
  }

  private fail(record: OutboxRecord, error: AppError): void {
    this.replace(record.id, (r) => ({
      ...r,
      state: "failed",
      needsCheck: record.needsCheck,
      nextAttemptAt: null,
      lastError: error,
    }));
  }

  private scheduleRetry(record: OutboxRecord, error: AppError): void {
    const now = this.deps.clock.now();
    const delay = backoffDelay(Math.max(1, record.attempts), { random: this.deps.random });
    const nextAttemptAt = error.kind === "throttled" ? Math.max(error.until, now + 1_000) : now + delay;
    this.replace(record.id, (r) => ({
      ...r,
      state: "queued",
      needsCheck: record.needsCheck,
      nextAttemptAt,
      lastError: error,
    }));
  }

  /** The group's newest note id now (0 for a group without notes). */
  private async newestNoteId(client: CoopClient, groupId: number): Promise<Result<number>> {
    const latest = await client.latestStatuses(groupId, { priority: "interactive", noWait: true });
    if (!latest.ok) return latest;
    return ok((latest.value.value ?? []).reduce((max, s) => (s.type === "Note" && s.id > max ? s.id : max), 0));
  }

  /** Looks for this note among the group's recent statuses (see the rule at the top of this file). */
  private async findPosted(client: CoopClient, record: OutboxRecord): Promise<Result<Status | null>> {
    const account = this.deps.session.account;
    if (!account) return err({ kind: "signedOut", message: "Sign in to a Co-op server first." });
    const me: Me = { userId: account.userId, email: account.email };
    const claimed = new Set(
      this.deps.store.doc.outbox.filter((r) => r.id !== record.id && r.statusId !== null).map((r) => r.statusId),
    );
    const newestBefore = record.newestIdBefore ?? null;
    // Only notes written by a version before the id rule lack it; for them, the old time rule.
    const since = record.createdAt - CLOCK_SKEW_MS;
    const after = (s: Status): boolean =>
      newestBefore !== null ? s.id > newestBefore : Date.parse(s.createdAt) >= since;
    const wanted = comparableText(record.text);
    const match = (statuses: readonly Status[]): Status | null =>
      statuses
        .filter((s) => s.type === "Note" && isOwn(s, me) && comparableText(s.text) === wanted)
        .filter((s) => after(s) && !claimed.has(s.id))
        .sort((a, b) => a.id - b.id)[0] ?? null;

    const latest = await client.latestStatuses(record.groupId, { priority: "interactive", noWait: true });
    if (!latest.ok) return latest;
    const page = latest.value.value ?? [];
    const found = match(page);
    if (found) return ok(found);
    const coversSince = page.length < LATEST_PAGE || page.some((s) => s.type === "Note" && !after(s));
    if (coversSince || me.userId === null) return ok(null);
    // A busy group pushed the note's time out of the latest page: look at the user's own statuses.
    const own = await client.memberStatuses(record.groupId, me.userId, null, { priority: "interactive", noWait: true });
    if (!own.ok) return own;
    return ok(match(own.value));
  }
}

/** What a failed send means for the note. */
function classify(error: AppError): Outcome {
  switch (error.kind) {
    case "offline":
      // Refused or unresolved: the request never left. Timeout or reset: it may have arrived.
      return error.cause === "refused" || error.cause === "dns" ? "notDelivered" : "ambiguous";
    case "throttled":
      return "notDelivered";
    case "server":
    case "malformed":
      return "ambiguous";
    case "auth":
    case "notFound":
    case "validation":
    case "invalidInput":
    case "identity":
    case "signedOut":
    case "internal":
      return "rejected";
    case "keychain":
      return "notDelivered";
  }
}

function checkText(text: string): AppError | null {
  if (text.trim().length === 0) return invalid("A note cannot be empty.");
  if (text.length > MAX_TEXT_LENGTH) return invalid(`A note can be at most ${MAX_TEXT_LENGTH} characters long.`);
  return null;
}

function invalid(message: string): AppError {
  return { kind: "invalidInput", message, issues: [message] };
}

function mapOutbox(doc: StoreDoc, change: (record: OutboxRecord) => OutboxRecord): StoreDoc {
  return { ...doc, outbox: doc.outbox.map(change) };
}

function toItem(record: OutboxRecord): OutboxItem {
  return {
    id: record.id,
    groupId: record.groupId,
    text: record.text,
    state: record.state,
    createdAt: record.createdAt,
    attempts: record.attempts,
    nextAttemptAt: record.nextAttemptAt,
    lastError: record.lastError,
    statusId: record.statusId,
    mayHaveArrived: record.needsCheck,
  };
}

/** The contract calls this service answers. */
export function outboxCalls(outbox: Outbox) {
  return {
    postNote: async ({ groupId, text }) => outbox.post(groupId, text),
    listOutbox: async () => outbox.listForCall(),
    retryNote: async ({ id }) => outbox.retry(id),
    editNote: async ({ id, text }) => outbox.edit(id, text),
    discardNote: async ({ id }) => outbox.discard(id),
    ...draftCalls(outbox.drafts),
  } satisfies Partial<ServiceHandlers>;
}
