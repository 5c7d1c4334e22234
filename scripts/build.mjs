// Builds what Electron loads: main (ESM), preload (CommonJS: sandboxed preloads cannot be ESM)
// and the renderer (one JS bundle, one CSS file, index.html) into dist/.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const rendererOnly = process.argv.includes("--renderer-only");
const production = process.env.NODE_ENV === "production" || process.argv.includes("--production");

export async function buildRenderer() {
  const out = join(root, "dist/renderer");
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { app: "renderer/index.tsx" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["chrome120"],
    jsx: "automatic",
    jsxImportSource: "preact",
    minify: true,
    sourcemap: production ? false : "linked",
    outdir: out,
    loader: { ".svg": "text" },
    logLevel: "warning",
  });
  await copyFile(join(root, "renderer/index.html"), join(out, "index.html"));
}

async function buildMain() {
  await build({
    absWorkingDir: root,
    entryPoints: { index: "main/shell/index.ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: ["node20"],
    outExtension: { ".js": ".mjs" },
    outdir: join(root, "dist/main"),
    // Native and Electron-provided modules stay outside the bundle.
    external: ["electron", "keytar", "electron-store"],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    sourcemap: production ? false : "linked",
    logLevel: "warning",
  });
  await build({
    absWorkingDir: root,
    entryPoints: { index: "preload/index.ts" },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: ["node20"],
    outExtension: { ".js": ".cjs" },
    outdir: join(root, "dist/preload"),
    external: ["electron"],
    sourcemap: production ? false : "linked",
    logLevel: "warning",
  });
}

await buildRenderer();
if (!rendererOnly) await buildMain();
console.log(`built ${rendererOnly ? "renderer" : "main, preload and renderer"} into dist/`);
