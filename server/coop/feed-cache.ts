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
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

export interface RenderedFeed {
  readonly body: Buffer;
  readonly etag: string;
  /** Another page follows (a capped day view). */
  readonly more: boolean;
  /**
   * The body gzipped, made once per version on the first request that accepts it (in zlib's thread
   * pool, not on the event loop), with an ETag of its own: several times fewer bytes for every tray on
   * a slow link, at no cost per request (docs/coop-api.md §3.6).
   */
  gzipped(): Promise<{ readonly body: Buffer; readonly etag: string }>;
}

interface Entry extends RenderedFeed {
  readonly version: number;
}

function entry(body: Buffer, more: boolean, version: number): Entry {
  const hash = createHash("md5").update(body).digest("hex");
  let gzipped: Promise<{ body: Buffer; etag: string }> | null = null;
  return {
    body,
    more,
    version,
    etag: `"${hash}"`,
    gzipped: () => (gzipped ??= gzipAsync(body).then((zipped) => ({ body: zipped, etag: `"${hash}-gzip"` }))),
  };
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
    const fresh = entry(body, more, version);
    this.put(key, fresh);
    return fresh;
  }

  private put(key: string, fresh: Entry): void {
    this.drop(key);
    if (fresh.body.length > this.maxBytes / 4) return;
    this.entries.set(key, fresh);
    this.bytes += fresh.body.length;
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
