// Builds what Electron loads: main (ESM), preload (CommonJS: sandboxed preloads cannot be ESM)
// and the renderer (app.js, the chunks it loads after the first paint, one CSS file, index.html)
// into dist/, plus (outside a release build) the dev preview's renderer into dist/preview; and the
// command-line client (one ESM file for plain Node) into dist/cli/. `--server-only` builds just the
// Co-op server into dist/server/coop-server.mjs (`npm run build:server`).
import { build } from "esbuild";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const appVersion = JSON.parse(await readFile(join(root, "package.json"), "utf8")).version;
const rendererOnly = process.argv.includes("--renderer-only");
const production = process.env.NODE_ENV === "production" || process.argv.includes("--production");
const cliOnly = process.argv.includes("--cli-only");
const serverOnly = process.argv.includes("--server-only");

// Lets esbuild's CommonJS shims (undici and others call require on Node built-ins) work in an ESM bundle.
const REQUIRE_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** What every build here shares. */
const BASE = { absWorkingDir: root, bundle: true, logLevel: "warning" };
/** An ESM file for plain Node (`.mjs`, so Node needs no package.json to read it as ESM). */
const NODE_ESM = { ...BASE, format: "esm", platform: "node", target: ["node20"], outExtension: { ".js": ".mjs" } };
/** Preact views, with their inline SVG icons and the version the package says (the About section shows it). */
const VIEWS = {
  jsx: "automatic",
  jsxImportSource: "preact",
  loader: { ".svg": "text" },
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
};
/** Source maps for development builds; a release ships none. */
const devSourcemap = production ? false : "linked";

/** Writes each file aside and renames it over the old, so a reader (a CLI a test starts) sees one whole build. */
async function swapInWhole(files) {
  for (const [path, contents] of files) {
    const aside = `${path}.${process.pid}.tmp`;
    await writeFile(aside, contents);
    await rename(aside, path);
  }
}

/** shared/csp.ts, bundled in memory: the policy index.html states is the one the headers send. */
async function loadCsp() {
  const result = await build({
    ...BASE,
    entryPoints: ["shared/csp.ts"],
    format: "esm",
    platform: "neutral",
    write: false,
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}

/**
 * One renderer bundle: the shipped one (renderer/start.ts, the page's small script that loads the
 * app, renderer/index.tsx, once the first frame has painted; its only transport is the preload's
 * window.coop) into dist/renderer, or the preview's (dev/preview-entry.tsx, which installs the dev
 * bridge client first) into dist/preview.
 */
async function buildRendererBundle({ entry, outDir, policy, withHtml }) {
  const out = join(root, outDir);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await build({
    ...BASE,
    ...VIEWS,
    entryPoints: { app: entry },
    format: "esm",
    platform: "browser",
    target: ["chrome120"],
    minify: true,
    // Views the first paint does not need (and the link detector) are chunks loaded after it.
    splitting: true,
    chunkNames: "chunk-[hash]",
    sourcemap: devSourcemap,
    outdir: out,
  });
  const template = await readFile(join(root, "renderer/index.html"), "utf8");
  const preloads = (await staticImports(out, "app.js"))
    .map((file) => `<link rel="modulepreload" href="${file}" />`)
    .join("\n    ");
  await writeFile(join(out, "index.html"), withHtml(template, policy).replace("<!--__MODULEPRELOAD__-->", preloads));
}

/**
 * The chunks `file` imports statically, transitively (esbuild writes them as `from"./chunk-….js"`).
 * index.html names them as modulepreload links, so the browser fetches them beside app.js instead
 * of after it has parsed app.js.
 */
async function staticImports(dir, file, seen = new Set()) {
  const code = await readFile(join(dir, file), "utf8");
  for (const match of code.matchAll(/from\s*"\.\/([\w.-]+\.js)"/g)) {
    const chunk = match[1];
    if (seen.has(chunk)) continue;
    seen.add(chunk);
    await staticImports(dir, chunk, seen);
  }
  return [...seen];
}

/**
 * The first-frame renderer (renderer/first-frame.tsx) for Node: main imports it when it serves
 * index.html (main/shell/run-shell.ts), as does the dev bridge. Its own file, so main never compiles
 * renderer code and loads it only when a page is first served.
 */
async function buildFirstFrame() {
  await build({
    ...NODE_ESM,
    ...VIEWS,
    entryPoints: { index: "renderer/first-frame.tsx" },
    outdir: join(root, "dist/first-frame"),
    minify: production,
    sourcemap: devSourcemap,
  });
}

export async function buildRenderer() {
  await buildFirstFrame();
  const { APP_CSP, DEV_BRIDGE_CSP, withMetaPolicy } = await loadCsp();
  await buildRendererBundle({
    entry: "renderer/start.ts",
    outDir: "dist/renderer",
    policy: APP_CSP,
    withHtml: withMetaPolicy,
  });
  // The preview is dev-only; a production (release) build leaves it out.
  if (!production) {
    await buildRendererBundle({
      entry: "dev/preview-entry.tsx",
      outDir: "dist/preview",
      policy: DEV_BRIDGE_CSP,
      withHtml: withMetaPolicy,
    });
  }
}

async function buildMain() {
  await build({
    ...NODE_ESM,
    entryPoints: { index: "main/shell/index.ts" },
    outdir: join(root, "dist/main"),
    // Native and Electron-provided modules stay outside the bundle; so does electron-menubar, which
    // ships whole in app.asar with its licence (BSD-2-Clause asks binary copies to carry it).
    external: ["electron", "keytar", "electron-menubar"],
    banner: { js: REQUIRE_BANNER },
    sourcemap: devSourcemap,
  });
  await build({
    ...NODE_ESM,
    entryPoints: { index: "preload/index.ts" },
    format: "cjs",
    outExtension: { ".js": ".cjs" },
    outdir: join(root, "dist/preload"),
    external: ["electron"],
    sourcemap: devSourcemap,
  });
}

/**
 * The CLI as one file, so `coop-tray-cli` starts in plain Node without compiling TypeScript at run
 * time. keytar stays external: it is native, and the CLI imports it only when it needs the keychain.
 * `inputs.json` lists the sources the bundle was made from, so `npm run cli` can tell whether the
 * bundle is older than the code (scripts/cli.mjs) and run the sources instead.
 */
export async function buildCli() {
  const out = join(root, "dist/cli");
  await mkdir(out, { recursive: true });
  const result = await build({
    ...NODE_ESM,
    entryPoints: { index: "main/cli/index.ts" },
    outdir: out,
    external: ["keytar"],
    banner: { js: REQUIRE_BANNER },
    // Half the bytes for Node to read and parse at every start. A CLI error reaches the user as one
    // line on stderr, never a stack trace, so names and source maps buy nothing.
    minify: true,
    sourcemap: false,
    metafile: true,
    write: false,
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((path) => !path.startsWith("node_modules/"))
    .sort();
  // A CLI started while a build runs, say by a test, reads the old bundle or the new one, never half of one.
  await swapInWhole([
    ...result.outputFiles.map((file) => [file.path, file.contents]),
    [join(out, "inputs.json"), `${JSON.stringify(inputs, null, 2)}\n`],
  ]);
}

/**
 * The Co-op server as one ESM file for plain Node: no TypeScript compiler at run time, one process,
 * a third of the memory of running the sources through tsx. Drivers with native parts stay external
 * (better-sqlite3 compiles per platform; pg would pull in pg-native if it were there), so a production
 * install of the server package (`npm ci --omit=dev --workspace @coop-tray/server`) supplies them;
 * everything else, the workspace's own packages included, is inlined.
 */
export async function buildServer() {
  const out = join(root, "dist/server");
  await mkdir(out, { recursive: true });
  const result = await build({
    ...NODE_ESM,
    entryPoints: { "coop-server": "server/cli.ts" },
    outdir: out,
    external: ["better-sqlite3", "pg", "pg-native"],
    banner: { js: REQUIRE_BANNER },
    // Half the bytes to read at start; names kept for error stacks, the source map points at the sources.
    minify: true,
    keepNames: true,
    sourcemap: "linked",
    write: false,
  });
  await swapInWhole(result.outputFiles.map((file) => [file.path, file.contents]));
}

if (serverOnly) {
  await buildServer();
  console.log("built the server into dist/server/");
} else if (cliOnly) {
  await buildCli();
  console.log("built the CLI into dist/cli/");
} else {
  await buildRenderer();
  if (!rendererOnly) await Promise.all([buildMain(), buildCli()]);
  const built = rendererOnly ? "renderer" : "main, preload, renderer, CLI";
  console.log(`built ${built}${production ? "" : " and the preview"} into dist/`);
}
