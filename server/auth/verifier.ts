/**
 * Basic-auth sign-in. Co-op clients send their password on every request and a scrypt check costs
 * ~100 ms, so a success is remembered for a few minutes under an HMAC (per-process random key) of
 * the email and password: the password itself is never kept. An entry is only honoured while the
 * user's stored hash is the one it was verified against, so a changed password or a removed user
 * (also from the command line, in another process) invalidates it at once. Failures are never
 * cached; they slow further attempts on that account and from that address (in memory, per process).
 */
import { createHmac, randomBytes } from "node:crypto";
import type { User } from "../store/records";
import type { Store } from "../store/store";
import { emailKey } from "../store/store";
import { decoyHash, verifyPassword } from "./passwords";

export interface VerifierOptions {
  /** How long a verified login is remembered (default 5 minutes). */
  readonly cacheMs?: number;
  /** Failures allowed before answers slow down (default 5 per account or address). */
  readonly freeFailures?: number;
  /** The window failures are counted over (default 15 minutes). */
  readonly failureWindowMs?: number;
  /** The longest added delay (default 10 s). */
  readonly maxDelayMs?: number;
  readonly now?: () => number;
}

interface Remembered {
  readonly userId: number;
  readonly hash: string;
  readonly until: number;
}

interface Failures {
  count: number;
  since: number;
}

const MAX_CACHE = 10_000;

export class Verifier {
  private readonly key = randomBytes(32);
  private readonly cache = new Map<string, Remembered>();
  /** Verifications under way, so a burst of requests with the same new login hashes once. */
  private readonly pending = new Map<string, Promise<User | null>>();
  private readonly failures = new Map<string, Failures>();
  private readonly cacheMs: number;
  private readonly freeFailures: number;
  private readonly windowMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    options: VerifierOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 5 * 60_000;
    this.freeFailures = options.freeFailures ?? 5;
    this.windowMs = options.failureWindowMs ?? 15 * 60_000;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  private digest(email: string, password: string): string {
    return createHmac("sha256", this.key).update(emailKey(email)).update("\0").update(password).digest("base64");
  }

  /** The delay owed before answering a sign-in for this account from this address. */
  delayFor(email: string, address: string): number {
    const worst = Math.max(this.failureCount(`a:${emailKey(email)}`), this.failureCount(`ip:${address}`));
    const over = worst - this.freeFailures;
    return over < 0 ? 0 : Math.min(this.maxDelayMs, 250 * 2 ** over);
  }

  private failureCount(key: string): number {
    const entry = this.failures.get(key);
    if (entry === undefined) return 0;
    if (this.now() - entry.since > this.windowMs) {
      this.failures.delete(key);
      return 0;
    }
    return entry.count;
  }

  private fail(key: string): void {
    const at = this.now();
    const entry = this.failures.get(key);
    if (entry === undefined || at - entry.since > this.windowMs) this.failures.set(key, { count: 1, since: at });
    else entry.count += 1;
    if (this.failures.size > MAX_CACHE) this.failures.delete(this.failures.keys().next().value ?? "");
  }

  /** The user these credentials sign in as, or null (after any delay failures have earned). */
  async verify(email: string, password: string, address: string): Promise<User | null> {
    const digest = this.digest(email, password);
    const under = this.pending.get(digest);
    if (under !== undefined) return under;
    const work = this.check(digest, email, password, address);
    this.pending.set(digest, work);
    try {
      return await work;
    } finally {
      this.pending.delete(digest);
    }
  }

  private async check(digest: string, email: string, password: string, address: string): Promise<User | null> {
    const remembered = this.cache.get(digest);
    if (remembered !== undefined && remembered.until > this.now()) {
      const user = await this.store.users.byId(remembered.userId);
      if (user !== null && user.passwordHash === remembered.hash) return user;
      this.cache.delete(digest);
    }
    if (email.trim() === "") {
      // A malformed header or an empty login: no account to time, so no hash to spend.
      this.fail(`ip:${address}`);
      return null;
    }
    const delay = this.delayFor(email, address);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const user = await this.store.users.byEmail(email);
    const hash = user?.passwordHash ?? null;
    const ok =
      hash === null ? (await verifyPassword(password, await decoyHash()), false) : await verifyPassword(password, hash);
    if (!ok || user === null || hash === null) {
      this.fail(`a:${emailKey(email)}`);
      this.fail(`ip:${address}`);
      return null;
    }
    this.failures.delete(`a:${emailKey(email)}`);
    if (this.cache.size >= MAX_CACHE) this.cache.delete(this.cache.keys().next().value ?? "");
    this.cache.set(digest, { userId: user.id, hash, until: this.now() + this.cacheMs });
    return user;
  }

  /** Forget every remembered login of a user (their password changed or they were removed here). */
  forget(userId: number): void {
    for (const [digest, entry] of this.cache) if (entry.userId === userId) this.cache.delete(digest);
  }

  clear(): void {
    this.cache.clear();
    this.failures.clear();
  }
}
