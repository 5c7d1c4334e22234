/**
 * One request per image URL for the whole window, whatever mounts it.
 *
 * A feed shows the same person's picture on many rows, and rows mount and re-mount (the cached feed
 * is replaced by the fresh one, the list is windowed, views switch). Giving each row its own `<img>`
 * asks the server again for every mount that happens before the first answer arrives, and a picture
 * that fails (Co-op's avatar host is gone) is asked for again and again. So each URL is loaded once
 * here, off-screen; rows show initials until it has loaded, and then an `<img>` that the browser
 * serves from its memory cache. A failure is remembered for the life of the window.
 */
export type ImageStatus = "loading" | "loaded" | "failed";

/** The part of `HTMLImageElement` the loader uses, so it can be driven without a DOM in tests. */
export interface ImageProbe {
  onload: ((event: Event) => unknown) | null;
  onerror: ((event: Event | string) => unknown) | null;
  referrerPolicy: string;
  decoding: string;
  src: string;
}

interface Entry {
  status: ImageStatus;
  readonly listeners: Set<(status: ImageStatus) => void>;
}

export interface ImageLoader {
  /** The URL's status now; starts loading it the first time it is asked for. */
  status(url: string): ImageStatus;
  /** Calls `listener` once when the URL stops loading; returns an unsubscribe. */
  onSettled(url: string, listener: (status: ImageStatus) => void): () => void;
}

export function createImageLoader(makeProbe: () => ImageProbe): ImageLoader {
  const entries = new Map<string, Entry>();

  function entryFor(url: string): Entry {
    const known = entries.get(url);
    if (known !== undefined) return known;
    const created: Entry = { status: "loading", listeners: new Set() };
    entries.set(url, created);
    const probe = makeProbe();
    const settle = (status: ImageStatus): void => {
      if (created.status !== "loading") return;
      created.status = status;
      probe.onload = null;
      probe.onerror = null;
      const listeners = [...created.listeners];
      created.listeners.clear();
      for (const listener of listeners) listener(status);
    };
    probe.onload = () => settle("loaded");
    probe.onerror = () => settle("failed");
    probe.referrerPolicy = "no-referrer";
    probe.decoding = "async";
    probe.src = url;
    return created;
  }

  return {
    status: (url) => entryFor(url).status,
    onSettled(url, listener) {
      const entry = entryFor(url);
      if (entry.status !== "loading") {
        listener(entry.status);
        return () => undefined;
      }
      entry.listeners.add(listener);
      return () => entry.listeners.delete(listener);
    },
  };
}
