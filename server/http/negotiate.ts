/** Format negotiation like Rails: a `.xml`/`.json` suffix wins, then Accept, then Content-Type; else HTML. */

export type Format = "xml" | "json" | "html";

export function splitSuffix(path: string): { path: string; suffix: "xml" | "json" | null } {
  const match = /^(.*)\.(xml|json)$/.exec(path);
  if (match === null) return { path, suffix: null };
  return { path: match[1] ?? "", suffix: match[2] === "xml" ? "xml" : "json" };
}

function mediaFormat(mediaType: string): Format | null {
  const type = (mediaType.split(";")[0] ?? "").trim().toLowerCase();
  if (type === "application/json" || type === "text/json" || type === "text/javascript") return "json";
  if (type === "application/xml" || type === "text/xml" || type.endsWith("+xml")) return "xml";
  if (type === "text/html" || type === "application/xhtml+xml") return "html";
  return null;
}

export function negotiate(
  suffix: "xml" | "json" | null,
  accept: string | undefined,
  contentType: string | undefined,
): Format {
  if (suffix !== null) return suffix;
  if (accept !== undefined) {
    for (const entry of accept.split(",")) {
      const format = mediaFormat(entry);
      if (format !== null) return format;
    }
  }
  if (contentType !== undefined) {
    const format = mediaFormat(contentType);
    if (format === "xml" || format === "json") return format;
  }
  return "html";
}

export const CONTENT_TYPES: Record<Format, string> = {
  xml: "application/xml; charset=utf-8",
  json: "application/json; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/**
 * Whether the client takes a gzipped answer (`Accept-Encoding: gzip`, or `*`, without `q=0`). Only the
 * feed's cached bodies are sent so (coop/feed-cache.ts): they carry no secret an attacker's text could be
 * compressed beside (BREACH), and they are compressed once, not per request.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(",").some((entry) => {
    const [coding = "", ...options] = entry.split(";").map((part) => part.trim().toLowerCase());
    if (coding !== "gzip" && coding !== "x-gzip" && coding !== "*") return false;
    const q = options.find((option) => option.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
