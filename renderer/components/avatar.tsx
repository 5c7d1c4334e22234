/** A round avatar that falls back to initials, in the person's own colour, when there is no image or it fails to load. */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { avatarHue, initials } from "../format";
import { createImageLoader, type ImageLoader, type ImageStatus } from "./image-loader";

/**
 * The original Co-op's host: it is gone, but avatars uploaded there are still named by old
 * accounts. Asking for them only waits on a dead host (and tells it who is reading), so they are
 * treated as no image.
 */
const DEAD_AVATAR_HOST = /(^|\.)coopapp\.com$/i;

/** Only http(s) images from a living host: anything else (javascript:, file:, coopapp.com) is no image. */
export function safeImageUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
    return DEAD_AVATAR_HOST.test(parsed.hostname) ? null : parsed.href;
  } catch {
    return null;
  }
}

/** Created on first use, so importing this module needs no DOM. */
let loader: ImageLoader | null = null;
function imageLoader(): ImageLoader {
  loader ??= createImageLoader(() => new Image());
  return loader;
}

/** The image's load status, re-rendering once when it settles; null when there is no image. */
function useImageStatus(src: string | null): ImageStatus | null {
  const [, settled] = useState<ImageStatus | null>(null);
  // Rendered in main for the first frame there is no Image: initials, as before any image has loaded.
  const status = src === null || typeof Image === "undefined" ? null : imageLoader().status(src);
  useEffect(() => {
    if (src === null || status !== "loading") return undefined;
    return imageLoader().onSettled(src, settled);
  }, [src, status]);
  return status;
}

export function Avatar({
  userId,
  name,
  url,
  size = "md",
}: {
  readonly userId: number | null;
  readonly name: string;
  readonly url: string | null;
  readonly size?: "sm" | "md";
}): JSX.Element {
  const src = safeImageUrl(url);
  const status = useImageStatus(src);
  return (
    <span class={`avatar avatar-${size} hue-${avatarHue(userId, name)}`} aria-hidden="true">
      {src !== null && status === "loaded" ? (
        <img src={src} alt="" decoding="async" referrerpolicy="no-referrer" />
      ) : (
        initials(name)
      )}
    </span>
  );
}
