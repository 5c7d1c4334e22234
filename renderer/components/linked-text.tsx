/**
 * Plain text with its http(s) links made clickable. Links never navigate the tray window: they go
 * through `openExternal`, which main only honours for http(s).
 */
import type { JSX } from "preact";
import { useApi } from "../api-context";
import { splitLinks } from "../linkify";

export function LinkedText({ text }: { readonly text: string }): JSX.Element {
  const api = useApi();
  return (
    <>
      {splitLinks(text).map((part, i) =>
        part.kind === "text" ? (
          part.text
        ) : (
          <a
            key={i}
            href={part.url}
            rel="noopener noreferrer"
            onClick={(event) => {
              event.preventDefault();
              void api.openExternal({ url: part.url });
            }}
          >
            {part.text}
          </a>
        ),
      )}
    </>
  );
}
