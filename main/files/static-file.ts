/**
 * The one check for "which file under this folder does a request path name", used by the app
 * protocol (main/shell/protocol.ts) and the dev bridge's static server, and the one MIME table.
 * Nothing outside the folder is ever named: encoded separators and dots, NUL, backslashes (Windows
 * separators), drive letters, dotfiles and absolute paths are refused before touching the disk, and
 * the resolved real path (symlinks followed) must still lie inside the folder's real path.
 */
import { realpath, stat } from "node:fs/promises";
import { extname, isAbsolute, relative, resolve } from "node:path";

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

export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
}

function inside(root: string, target: string): boolean {
  const fromRoot = relative(root, target);
  return fromRoot !== "" && !fromRoot.startsWith("..") && !isAbsolute(fromRoot);
}

/** The path under `root` a request path names (lexically), or null when it names nothing servable. */
export function resolveRequestPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/").filter((segment) => segment.length > 0);
  // Dot segments, dotfiles and anything with a colon (a drive letter, a stream name) are refused.
  if (segments.some((segment) => segment.startsWith(".") || segment.includes(":"))) return null;
  const relativePath = segments.length === 0 ? "index.html" : segments.join("/");
  const target = resolve(root, relativePath);
  return inside(resolve(root), target) ? target : null;
}

export interface StaticFile {
  /** The real path: symlinks resolved, inside the folder. */
  readonly path: string;
  readonly size: number;
  /** Last modification, epoch ms (for a validator). */
  readonly mtimeMs: number;
}

/**
 * The regular file under `root` a request path names, or null: "refused" when the path leads
 * outside (lexically or through a symlink), "missing" when nothing servable is there.
 */
export async function findStaticFile(root: string, pathname: string): Promise<StaticFile | "refused" | "missing"> {
  let rootReal: string;
  try {
    rootReal = await realpath(resolve(root));
  } catch {
    return "missing";
  }
  const target = resolveRequestPath(rootReal, pathname);
  if (target === null) return "refused";
  try {
    const real = await realpath(target);
    if (!inside(rootReal, real)) return "refused";
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size, mtimeMs: info.mtimeMs } : "missing";
  } catch {
    return "missing";
  }
}
