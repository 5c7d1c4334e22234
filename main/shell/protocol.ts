/**
 * The renderer is served from `app://coop-tray/` instead of `file://`: a file URL would give the
 * page read access to the whole disk and an opaque origin; a privileged standard scheme gives it a
 * real origin, `'self'` in the CSP, and only the files under dist/renderer.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { APP_CSP } from "../../shared/csp";
import { contentType, findStaticFile, resolveRequestPath } from "../files/static-file";

export const APP_SCHEME = "app";
const APP_HOST = "coop-tray";
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * What `protocol.registerSchemesAsPrivileged` needs; it must run before the app is ready.
 * `codeCache` keeps V8's compiled code for our scripts between loads of the window (it needs a
 * standard scheme), so a reload does not compile the renderer again.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, codeCache: true },
} as const;

/** True when `url` is a page of ours: the app scheme and host, nothing else. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` &&
      parsed.host === APP_HOST &&
      parsed.username === "" &&
      parsed.password === ""
    );
  } catch {
    return false;
  }
}

function baseHeaders(): Record<string, string> {
  return {
    "Content-Security-Policy": APP_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
  };
}

function refuse(status: 403 | 404 | 405, text: string): Response {
  return new Response(text, { status, headers: { ...baseHeaders(), "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * The `protocol.handle` handler for the app scheme: GET/HEAD of regular files under `root`, each
 * response with the CSP. Symlinks are followed only when they stay inside `root`.
 */
export interface AppProtocolOptions {
  /**
   * index.html with the popup's first frame in it, rendered ahead of time (main/app/first-frame-page.ts),
   * or null while there is none; the file is served as it is then, and when this fails.
   */
  readonly indexPage?: () => Promise<Buffer> | null;
  readonly onRenderError?: (error: unknown) => void;
}

export function createAppProtocolHandler(
  root: string,
  options: AppProtocolOptions = {},
): (request: Request) => Promise<Response> {
  const indexFile = resolve(root, "index.html");
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") return refuse(405, "Method not allowed");
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(404, "Not found");
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, "Not found");

    // The page itself is a buffer in memory: sent without touching the disk.
    if (resolveRequestPath(root, url.pathname) === indexFile) {
      const page = await indexPage();
      if (page !== null) return respond(request, page, indexFile);
    }
    const file = await findStaticFile(root, url.pathname);
    if (file === "refused") return refuse(403, "Forbidden");
    if (file === "missing") return refuse(404, "Not found");
    try {
      return respond(request, await readFile(file.path), file.path);
    } catch {
      return refuse(404, "Not found");
    }
  };

  function respond(request: Request, body: Buffer, path: string): Response {
    const headers = { ...baseHeaders(), "Content-Type": contentType(path) };
    return new Response(request.method === "HEAD" ? null : body, { status: 200, headers });
  }

  async function indexPage(): Promise<Buffer | null> {
    try {
      return (await options.indexPage?.()) ?? null;
    } catch (error) {
      options.onRenderError?.(error);
      return null;
    }
  }
}
