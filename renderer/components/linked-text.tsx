/**
 * Plain text with its http(s) links made clickable. Links never navigate the tray window: they go
 * through `openExternal`, which main only honours for http(s).
 */
import type { JSX } from "preact";
import { useApi } from "../api-context";
import { splitLinks } from "../linkify";

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
  return <>{splitLinks(text).map((part, i) => (part.kind === "text" ? part.text : <ExternalLink key={i} url={part.url} text={part.text} />))}</>;
}
