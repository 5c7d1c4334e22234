/** A round avatar that falls back to initials, in the person's own colour, when there is no image or it fails to load. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { avatarHue, initials } from "../format";

/** Only http(s) images: anything else (javascript:, file:) is treated as no image. */
function safeImageUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * Images that failed once in this window: never requested again (each re-render or re-mount would
 * otherwise ask the server for the same missing picture).
 */
const failedImages = new Set<string>();

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
  const [, setFailed] = useState<string | null>(null);
  const showImage = src !== null && !failedImages.has(src);
  return (
    <span class={`avatar avatar-${size} hue-${avatarHue(userId, name)}`} aria-hidden="true">
      {showImage ? (
        <img
          src={src}
          alt=""
          loading="lazy"
          decoding="async"
          referrerpolicy="no-referrer"
          onError={() => {
            failedImages.add(src);
            setFailed(src);
          }}
        />
      ) : (
        initials(name)
      )}
    </span>
  );
}
