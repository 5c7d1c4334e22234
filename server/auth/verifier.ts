/**
 * Basic-auth sign-in. Co-op clients send their password on every request and a scrypt check costs
 * ~100 ms, so a success is remembered for a few minutes under an HMAC (per-process random key) of
 * the email and password: the password itself is never kept. An entry is only honoured while the
 * user's stored hash is the one it was verified against, so a changed password or a removed user
 * (also from the command line, in another process) invalidates it at once.
 *
 * Throttling, decided before the hash is checked and counted in the database (failure-counter.ts), so
 * parallel guesses and guesses spread over instances are slowed like sequential ones:
 * - per (account, address) and per account: each attempt is counted when it starts and takes the next
 *   slot in that key's schedule (after the free attempts, 0.25 s doubling up to 10 s after the previous
 *   attempt's slot); an attempt whose slot lies further ahead than the longest delay is refused at once
 *   with 429 and Retry-After, without hashing. A correct password resets both counts.
 * - per address: failures only, and never a delay, so a colleague behind the same proxy is not slowed
 *   by a neighbour's typos; beyond a high bar (a password spray over many accounts) every attempt from
 *   that address is refused with 429 until its window ends.
 * - a pair (account, address) that signed in correctly is known for 30 days: from there only the pair's
 *   own schedule applies, so neither an attack on the account from elsewhere nor a spray from the same
 *   address (one proxy for everyone) locks out someone signing in from where they always do.
 */
import { createHmac, randomBytes } from "node:crypto";
import { HttpError } from "../http/errors";
import type { MemberGroup, User } from "../store/records";
import type { Store } from "../store/store";
import { emailKey } from "../store/store";
import type { FailureCounter, FailureRecord } from "./failure-counter";
import { NO_FAILURES, databaseFailureCounter } from "./failure-counter";
import { decoyHash, verifyPassword } from "./passwords";

export interface VerifierOptions {
  /** How long a verified login is remembered (default 5 minutes). */
  readonly cacheMs?: number;
  /** Attempts on an account from one address before they are slowed (default 5). */
  readonly freeFailures?: number;
  /** Attempts on an account from all addresses before they are slowed (default 4 × freeFailures). */
  readonly accountFreeFailures?: number;
  /** Failures from one address, over all accounts, before it is refused (default 20 × freeFailures). */
  readonly addressFailures?: number;
  /** The window failures are counted over (default 15 minutes). */
  readonly failureWindowMs?: number;
  /** The longest wait before a check; an attempt owing more is refused with 429 (default 10 s). */
  readonly maxDelayMs?: number;
  /** Where counts live (default: the store's database, shared by every instance on it). */
  readonly failures?: FailureCounter;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Remembered {
  readonly userId: number;
  readonly hash: string;
  readonly until: number;
}

/**
 * A password sign-in. Asked for a group (`memberOf`) and remembered, the read that confirms the login
 * brings that group too (null: not a member); `group` is absent when it was not read.
 */
export interface PasswordSignIn {
  readonly user: User;
  readonly group?: MemberGroup | null;
}

/** Where an attempt stands before its check. */
type Admission = { readonly waitMs: number } | { readonly refusedForMs: number };

const MAX_CACHE = 10_000;
const FIRST_DELAY_MS = 250;
const KNOWN_PAIR_MS = 30 * 24 * 60 * 60_000;

export class Verifier {
  private readonly key = randomBytes(32);
  private readonly cache = new Map<string, Remembered>();
  /** Verifications under way, so a burst of requests with the same new login hashes once. */
  private readonly pending = new Map<string, Promise<User | null>>();
  private readonly failures: FailureCounter;
  private readonly cacheMs: number;
  private readonly pairFree: number;
  private readonly accountFree: number;
  private readonly addressBar: number;
  private readonly windowMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private prunedAt = 0;

  constructor(
    private readonly store: Store,
    options: VerifierOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 5 * 60_000;
    this.pairFree = options.freeFailures ?? 5;
    this.accountFree = options.accountFreeFailures ?? 4 * this.pairFree;
    this.addressBar = options.addressFailures ?? 20 * this.pairFree;
    this.windowMs = options.failureWindowMs ?? 15 * 60_000;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.failures = options.failures ?? databaseFailureCounter(store.handle);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private digest(email: string, password: string): string {
    return createHmac("sha256", this.key).update(emailKey(email)).update("\0").update(password).digest("base64");
  }

  /** The user these credentials sign in as, or null; throws 429 when the attempt is refused unchecked. */
  async verify(email: string, password: string, address: string): Promise<User | null> {
    return (await this.signIn(email, password, address))?.user ?? null;
  }

  /** `verify` for a route that names a group: a remembered login's one read also brings the group. */
  async signIn(email: string, password: string, address: string, memberOf?: number): Promise<PasswordSignIn | null> {
    const digest = this.digest(email, password);
    const remembered = await this.remembered(digest, memberOf);
    if (remembered !== null) return remembered;
    // A login not remembered: a burst of requests with it (any routes) is checked, and counted, once.
    let work = this.pending.get(digest);
    if (work === undefined) {
      const started = this.check(digest, email, password, address);
      const done = (): void => void this.pending.delete(digest);
      started.then(done, done);
      this.pending.set(digest, started);
      work = started;
    }
    const user = await work;
    return user === null ? null : { user };
  }

  /** A login verified within `cacheMs`, read again (with the group asked for) to see its hash is current. */
  private async remembered(digest: string, memberOf: number | undefined): Promise<PasswordSignIn | null> {
    const remembered = this.cache.get(digest);
    if (remembered === undefined || remembered.until <= this.now()) return null;
    const { users } = this.store;
    const found =
      memberOf === undefined
        ? await users.byId(remembered.userId).then((user) => (user === null ? null : { user }))
        : await users.byIdAsMember(remembered.userId, memberOf);
    if (found !== null && found.user.passwordHash === remembered.hash) return found;
    this.cache.delete(digest);
    return null;
  }

  private async check(digest: string, email: string, password: string, address: string): Promise<User | null> {
    const account = email.trim() === "" ? null : emailKey(email);
    const keys = throttleKeys(account, address);
    const admission = await this.admit(keys);
    if ("refusedForMs" in admission) throw tooManyFailures(admission.refusedForMs);
    // A malformed header or an empty login: no account to time, so no hash to spend.
    if (account === null) return null;
    if (admission.waitMs > 0) await this.sleep(admission.waitMs);
    const user = await this.store.users.byEmail(email);
    const hash = user?.passwordHash ?? null;
    const ok =
      hash === null ? (await verifyPassword(password, await decoyHash()), false) : await verifyPassword(password, hash);
    if (!ok || user === null || hash === null) return null;
    await this.succeeded(keys);
    if (this.cache.size >= MAX_CACHE) this.cache.delete(this.cache.keys().next().value ?? "");
    this.cache.set(digest, { userId: user.id, hash, until: this.now() + this.cacheMs });
    return user;
  }

  /**
   * A wrong token (auth/tokens.ts): there is no hash to slow and nothing to guess in 256 bits, so it is
   * only counted against the address, and refused with 429 once the address is over its bar.
   */
  async tokenFailed(address: string): Promise<void> {
    const now = this.now();
    const refusedForMs = await this.failures.update([throttleKeys(null, address).all[0] ?? ""], (stored) => {
      const record = this.current(stored[0] ?? NO_FAILURES, now);
      if (record.count >= this.addressBar) return { records: [], result: record.windowStart + this.windowMs - now };
      return { records: [{ ...record, count: record.count + 1 }], result: 0 };
    });
    if (refusedForMs > 0) throw tooManyFailures(refusedForMs);
  }

  /** Counts the attempt as a failure up front (a success takes it back) and finds its slot. */
  private admit(keys: ThrottleKeys): Promise<Admission> {
    const now = this.now();
    if (now - this.prunedAt > this.windowMs) {
      this.prunedAt = now;
      void this.failures.prune(now - this.windowMs).catch(() => undefined);
    }
    return this.failures.update<Admission>(keys.all, (stored) => {
      const [address = NO_FAILURES, account, pair] = stored.slice(0, 3).map((record) => this.current(record, now));
      const known = (stored[3]?.nextAt ?? 0) > now;
      if (address.count >= this.addressBar && !known)
        return { records: [], result: { refusedForMs: address.windowStart + this.windowMs - now } };
      // From a known pair the account's schedule is not waited for (its attempts still count on it).
      const waited = [known ? undefined : account, pair];
      const frees = [this.accountFree, this.pairFree];
      const slots = waited.map((record, i) =>
        record === undefined ? now : Math.max(now, record.nextAt) + this.delay(record.count, frees[i] ?? 0),
      );
      const waitMs = Math.max(0, ...slots.map((slot) => slot - now));
      if (waitMs > this.maxDelayMs) return { records: [], result: { refusedForMs: waitMs - this.maxDelayMs } };
      const counted = (record: FailureRecord | undefined, slot: number | undefined): FailureRecord | undefined =>
        record === undefined ? undefined : { ...record, count: record.count + 1, nextAt: slot ?? record.nextAt };
      return {
        records: [
          { ...address, count: address.count + 1 },
          counted(account, known ? undefined : slots[0]),
          counted(pair, slots[1]),
        ],
        result: { waitMs },
      };
    });
  }

  /** A correct password: its account and pair start over, the address's count takes the attempt back, and
   * the pair is known from now on. */
  private succeeded(keys: ThrottleKeys): Promise<void> {
    const now = this.now();
    return this.failures.update(keys.all, (stored) => {
      const address = this.current(stored[0] ?? NO_FAILURES, now);
      return {
        records: [
          { ...address, count: Math.max(0, address.count - 1) },
          NO_FAILURES,
          NO_FAILURES,
          // Its nextAt is how long the mark lasts (and keeps the row from being pruned before then).
          { count: 1, windowStart: now, nextAt: now + KNOWN_PAIR_MS },
        ],
        result: undefined,
      };
    });
  }

  /** The record as it stands now: a window that has passed starts over. */
  private current(record: FailureRecord, now: number): FailureRecord {
    return now - record.windowStart > this.windowMs ? { count: 0, windowStart: now, nextAt: 0 } : record;
  }

  /** The wait owed after the previous attempt's slot, with `count` attempts already made. */
  private delay(count: number, free: number): number {
    const over = count - free;
    return over < 0 ? 0 : Math.min(this.maxDelayMs, FIRST_DELAY_MS * 2 ** over);
  }

  /** Forget every remembered login of a user (their password changed or they were removed here). */
  forget(userId: number): void {
    for (const [digest, entry] of this.cache) if (entry.userId === userId) this.cache.delete(digest);
  }

  /** Forgets remembered logins and every count (the sandbox's reset). */
  clear(): void {
    this.cache.clear();
    void this.failures.clear().catch(() => undefined);
  }
}

function tooManyFailures(refusedForMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(refusedForMs / 1000));
  return new HttpError(429, `Too many failed sign-ins: try again in ${seconds} s`, { "retry-after": String(seconds) });
}

interface ThrottleKeys {
  /** The address, then (with an account) the account, the pair and the pair's known mark. */
  readonly all: readonly string[];
}

function throttleKeys(account: string | null, address: string): ThrottleKeys {
  const ip = `address:${address}`;
  if (account === null) return { all: [ip] };
  const pair = `${account}\0${address}`;
  return { all: [ip, `account:${account}`, `pair:${pair}`, `known:${pair}`] };
}
