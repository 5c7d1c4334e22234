// Finds an Electron build to drive with Playwright's `_electron`, preferring the packaged test
// profile (`npm run dist:test`), and says in one line why not when there is none.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export type ElectronTarget =
  | { readonly kind: "packaged"; readonly executablePath: string }
  /** The repo run by the `electron` npm package's binary: `electron .` */
  | { readonly kind: "unpackaged"; readonly appDir: string }
  | { readonly kind: "missing"; readonly reason: string };

/** Where electron-builder puts the test profile's unpacked app (electron-builder.test.yml). */
function packagedCandidates(): string[] {
  const out = join(REPO_ROOT, "release", "test");
  const arm = process.arch === "arm64";
  switch (process.platform) {
    case "darwin":
      return [join(out, arm ? "mac-arm64" : "mac", "Co-op Tray.app", "Contents", "MacOS", "Co-op Tray")];
    case "win32":
      return [join(out, arm ? "win-arm64-unpacked" : "win-unpacked", "Co-op Tray.exe")];
    default:
      return [join(out, arm ? "linux-arm64-unpacked" : "linux-unpacked", "coop-tray")];
  }
}

/** The `electron` package exports its binary's path, and throws when the download never happened. */
function npmElectronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)("electron");
    return typeof path === "string" && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export function findElectronTarget(env: NodeJS.ProcessEnv = process.env): ElectronTarget {
  const found = findBuild(env);
  if (found.kind !== "missing" && process.platform === "linux" && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { kind: "missing", reason: "no display for Electron's windows (run under xvfb-run -a)" };
  }
  return found;
}

function findBuild(env: NodeJS.ProcessEnv): ElectronTarget {
  const explicit = env.COOP_TRAY_APP_EXECUTABLE;
  if (explicit) {
    return existsSync(explicit)
      ? { kind: "packaged", executablePath: explicit }
      : { kind: "missing", reason: `COOP_TRAY_APP_EXECUTABLE does not exist: ${explicit}` };
  }
  const packaged = packagedCandidates().find((path) => existsSync(path));
  if (packaged) return { kind: "packaged", executablePath: packaged };
  if (npmElectronBinary() === null) {
    return {
      kind: "missing",
      reason: "no Electron binary on this machine (npm's electron has no download, and no `npm run dist:test` build)",
    };
  }
  if (!existsSync(join(REPO_ROOT, "dist", "main", "index.mjs"))) {
    return { kind: "missing", reason: "Electron is installed but dist/ is not built (run npm run build)" };
  }
  return { kind: "unpackaged", appDir: REPO_ROOT };
}
