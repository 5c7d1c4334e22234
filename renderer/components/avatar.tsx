/** A round avatar that falls back to initials when there is no image or it fails to load. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { initials } from "../format";

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

/** A stable hue per name so the same person always gets the same colour. */
function hueClass(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hue-${hash % 6}`;
}

export function Avatar({ name, url, size = "md" }: { readonly name: string; readonly url: string | null; readonly size?: "sm" | "md" }): JSX.Element {
  const src = safeImageUrl(url);
  const [failed, setFailed] = useState<string | null>(null);
  const showImage = src !== null && failed !== src;
  return (
    <span class={`avatar avatar-${size} ${hueClass(name)}`} aria-hidden="true">
      {showImage ? <img src={src} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" onError={() => setFailed(src)} /> : initials(name)}
    </span>
  );
}
