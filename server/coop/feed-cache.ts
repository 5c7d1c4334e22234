/**
 * Rendered feeds, per group, view and format, each stamped with the group's feed version it was read
 * at (store/migrations-feed-speed.ts). A request reads the version (one indexed row), and when the
 * cached body carries it, answers with those bytes and their ETag: no feed query, no rendering, and an
 * `If-None-Match` is answered from the stored ETag. Any write that changes the feed bumps the version
 * in its own transaction, on whichever instance made it, so a stale body is never served.
 *
 * The version is read before the feed: a write landing in between makes the body newer than its
 * stamp, which only costs one more render on the next request, never a stale answer.
 */
import { createHash } from "node:crypto";

export interface RenderedFeed {
  readonly body: Buffer;
  readonly etag: string;
  /** Another page follows (a capped day view). */
  readonly more: boolean;
}

interface Entry extends RenderedFeed {
  readonly version: number;
}

/** Enough for every view of a few hundred busy groups; the oldest entries go first. */
const MAX_ENTRIES = 2_000;
const MAX_BYTES = 64 * 1024 * 1024;

export class FeedCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** How many feeds were rendered (tests count them; /metrics could). */
  renders = 0;

  constructor(
    private readonly maxEntries = MAX_ENTRIES,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  /** The body cached under `key` at `version`, or a fresh render (then kept). */
  async get(
    key: string,
    version: number,
    render: () => Promise<{ body: Buffer; more: boolean }>,
  ): Promise<RenderedFeed> {
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.version === version) {
      // Recently used entries move to the end, so eviction takes the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const { body, more } = await render();
    this.renders += 1;
    const entry: Entry = { body, more, etag: `"${createHash("md5").update(body).digest("hex")}"`, version };
    this.put(key, entry);
    return entry;
  }

  private put(key: string, entry: Entry): void {
    this.drop(key);
    if (entry.body.length > this.maxBytes / 4) return;
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.bytes -= old.body.length;
  }
}
