/**
 * Serves the preview's renderer build from one folder: GET/HEAD only, no directory listing, and
 * only what the shared path check (main/files/static-file.ts) allows, with the dev CSP on every
 * answer.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEV_BRIDGE_CSP } from "../../shared/csp";
import { contentType, findStaticFile, resolveRequestPath } from "../../main/files/static-file";

/** On every answer (the renderer benchmark serves its static pages with them too, to compare like with like). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": DEV_BRIDGE_CSP,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
  });
  res.end(text);
}

/** index.html, never answered with a 304: its content follows the app's data. */
function sendPage(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": String(body.length),
    "Cache-Control": "no-store",
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * `indexPage` is index.html with the popup's first frame, rendered ahead of time (the same page
 * main serves for the app scheme, main/app/first-frame-page.ts); it is never answered with a 304,
 * since its content follows the app's data.
 */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  indexPage?: () => Promise<Buffer>,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    send(res, 405, "Method not allowed");
    return;
  }
  const pathname = new URL(req.url ?? "/", "http://bridge.invalid").pathname;
  // The page itself is a buffer in memory: sent without touching the disk (the file when it fails).
  if (indexPage && resolveRequestPath(root, pathname) === resolve(root, "index.html")) {
    try {
      return sendPage(req, res, await indexPage());
    } catch (error) {
      console.error("dev bridge: the first frame could not be rendered; serving the page without it", error);
    }
  }
  const file = await findStaticFile(root, pathname);
  // Refused and missing look the same from outside: nothing to learn about the disk.
  if (typeof file === "string") return send(res, 404, "Not found");
  if (indexPage && basename(file.path) === "index.html") return sendPage(req, res, await readFile(file.path));
  // Revalidated on every load (no-cache) but with a validator: an unchanged file is a 304, and
  // Chromium keeps its compiled code for the scripts (V8's code cache) instead of compiling again,
  // as the app's own scheme does in Electron (`codeCache` in main/shell/protocol.ts).
  const etag = `W/"${file.size.toString(36)}-${Math.trunc(file.mtimeMs).toString(36)}"`;
  const validators = { ETag: etag, "Cache-Control": "no-cache" };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, { ...SECURITY_HEADERS, ...validators });
    res.end();
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    ...validators,
    "Content-Type": contentType(file.path),
    "Content-Length": String(file.size),
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(file.path)
    .on("error", () => res.destroy())
    .pipe(res);
}
