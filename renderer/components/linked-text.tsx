/**
 * Plain text with its links (http(s), www., emails) made clickable. Links never navigate the tray
 * window: they go through `openExternal`, which main only honours for http(s) and a plain mailto.
 *
 * The link detector (linkifyjs and its TLD tables, about a third of the renderer's size) is in the
 * deferred chunk (renderer/deferred.ts), loaded after the first paint: until it arrives, a note shows as plain text, then its links
 * become links. The popup opens without parsing it.
 */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useApi } from "../api-context";
import type { TextPart } from "../linkify";
import { loadDeferred } from "../lazy-view";

type Splitter = (text: string) => TextPart[];
let splitLinks: Splitter | null = null;
let loading: Promise<Splitter> | null = null;
const loadSplitter = () => (loading ??= loadDeferred().then((module) => (splitLinks = module.splitLinks)));

/** A link that opens in the system browser, never in the tray window. */
export function ExternalLink({ url, text }: { readonly url: string; readonly text: string }): JSX.Element {
  const api = useApi();
  return (
    <a
      href={url}
      rel="noopener noreferrer"
      onClick={(event) => {
        event.preventDefault();
        void api.openExternal({ url });
      }}
    >
      {text}
    </a>
  );
}

export function LinkedText({ text }: { readonly text: string }): JSX.Element {
  const [split, setSplit] = useState<Splitter | null>(() => splitLinks);
  useEffect(() => {
    // Text without "http", "www." or an "@" has no link to find: no need to wait for the detector.
    if (split === null && /https?:\/\/|www\.|@/i.test(text)) void loadSplitter().then((found) => setSplit(() => found));
  }, [split, text]);
  if (split === null) return <>{text}</>;
  return (
    <>
      {split(text).map((part, i) =>
        part.kind === "text" ? part.text : <ExternalLink key={i} url={part.url} text={part.text} />,
      )}
    </>
  );
}
