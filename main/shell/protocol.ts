/**
 * The renderer is served from `app://coop-tray/` instead of `file://`: a file URL would give the
 * page read access to the whole disk and an opaque origin; a privileged standard scheme gives it a
 * real origin, `'self'` in the CSP, and only the files under dist/renderer.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import { extname, isAbsolute, relative, resolve, sep } from "node:path";

export const APP_SCHEME = "app";
export const APP_HOST = "coop-tray";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Scripts and styles only from the app; images may come from http(s) because avatars live on the Co-op server. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' http: https: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** What `protocol.registerSchemesAsPrivileged` needs; it must run before the app is ready. */
export const APP_SCHEME_PRIVILEGES = { scheme: APP_SCHEME, privileges: { standard: true, secure: true } } as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** True when `url` is a page of ours: the app scheme and host, nothing else. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === "" && parsed.password === "";
  } catch {
    return false;
  }
}

function baseHeaders(): Record<string, string> {
  return {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
  };
}

function refuse(status: 403 | 404 | 405, text: string): Response {
  return new Response(text, { status, headers: { ...baseHeaders(), "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * The file under `root` a request asks for, or null when it asks for anything outside it. The URL
 * parser already folds plain `..` segments; this also refuses encoded separators and dots, NUL,
 * backslashes (Windows separators) and absolute paths, and checks the resolved path once more.
 */
export function resolveRequestPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/").filter((segment) => segment.length > 0);
  if (segments.some((segment) => segment === "." || segment === ".." || segment.includes(":"))) return null;
  const relativePath = segments.length === 0 ? "index.html" : segments.join("/");
  const target = resolve(root, relativePath);
  const fromRoot = relative(root, target);
  if (fromRoot === "" || fromRoot.startsWith("..") || isAbsolute(fromRoot)) return null;
  return target;
}

/**
 * The `protocol.handle` handler for the app scheme: GET/HEAD of regular files under `root`, each
 * response with the CSP. Symlinks are followed only when they stay inside `root`.
 */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  const rootReal = realpath(resolve(root)).catch(() => resolve(root));
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") return refuse(405, "Method not allowed");
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(404, "Not found");
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, "Not found");

    const base = await rootReal;
    const target = resolveRequestPath(base, url.pathname);
    if (target === null) return refuse(403, "Forbidden");
    try {
      const real = await realpath(target);
      const fromRoot = relative(base, real);
      if (fromRoot.startsWith(`..${sep}`) || fromRoot === ".." || isAbsolute(fromRoot)) return refuse(403, "Forbidden");
      if (!(await stat(real)).isFile()) return refuse(404, "Not found");
      const body = await readFile(real);
      const headers = { ...baseHeaders(), "Content-Type": CONTENT_TYPES[extname(real).toLowerCase()] ?? "application/octet-stream" };
      return new Response(request.method === "HEAD" ? null : body, { status: 200, headers });
    } catch {
      return refuse(404, "Not found");
    }
  };
}
