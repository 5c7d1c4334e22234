// Packaging smoke test: electron-builder packs the real configs (release and the Playwright test
// profile) for Linux with a stand-in Electron; we open the app.asar it wrote and check what ships.
import { FuseState, FuseV1Options, getCurrentFuseWire } from "@electron/fuses";
import { existsSync, statSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAsar, type AsarArchive } from "../../dev/packaging/asar";
import { APP_CSP, metaPolicy } from "../../shared/csp";
import {
  ASAR_BUDGET_BYTES,
  BuilderFailed,
  RELEASE_CONFIG,
  TEST_PROFILE_CONFIG,
  ensureDistBuilt,
  makeStandInElectron,
  packLinuxDir,
  runBuilder,
  type Packed,
} from "../../dev/packaging/pack";

/** Paths that must never be inside the archive, with the reason shown when one is. */
const DENY: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.map$/, "source map"],
  [/\.(c|m)?tsx?$/, "TypeScript source"],
  [/(^|\/)\.env(\.|$)/, "environment file"],
  [/(^|\/)(test|tests|__tests__|e2e)\//, "test folder"],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, "test file"],
  [
    /^(main|preload|renderer|shared|sandbox|server|bench|scripts|test|build\/icons|\.ci|\.git|release|artifacts|test-results)\//,
    "project folder that is not app output",
  ],
  [/(^|\/)sandbox[^/]*\.(json|db|sqlite)$/, "sandbox data"],
  [
    /^(tsconfig[^/]*\.json|electron-builder[^/]*\.ya?ml|package-lock\.json|vitest\.config\.ts|playwright\.config\.ts|eslint\.config\.js)$/,
    "dev tool config",
  ],
  [/\.(p12|pfx|pem|key|cer|mobileprovision|provisionprofile)$/, "signing material"],
  // The Co-op server's workspace and its dependencies (native database drivers, SMTP) are not the app's.
  [
    /^node_modules\/(@coop-tray\/server|better-sqlite3|bindings|file-uri-to-path|pg|pg-[^/]+|pgpass|postgres-[^/]+|kysely|nodemailer|smtp-server|autocannon)(\/|$)/,
    "server dependency",
  ],
  [
    /^node_modules\/(electron|electron-builder|app-builder-lib|vitest|typescript|esbuild|@playwright\/[^/]+|playwright[^/]*|tsx|eslint|@electron\/fuses)\//,
    "dev dependency",
  ],
];

function denied(paths: Iterable<string>): string[] {
  const hits: string[] = [];
  for (const path of paths) {
    const rule = DENY.find(([pattern]) => pattern.test(path));
    if (rule) hits.push(`${path} (${rule[1]})`);
  }
  return hits;
}

const PACKAGE_NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/** Packages the main bundle loads at run time: everything esbuild left external. esbuild writes
 * those as top-level `import … from "x"` lines, and as `require("x")` / `import("x")` calls. */
function externalModules(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /^import\s[^;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^import\s*["']([^"']+)["']/gm,
    /\b(?:__)?require\(\s*["']([^"']+)["']\s*\)/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) if (match[1]) found.add(match[1]);
  const builtins = new Set(builtinModules);
  const packages = new Set<string>();
  for (const spec of found) {
    if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:") || builtins.has(spec)) continue;
    const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? spec);
    if (name === "electron" || builtins.has(name) || !PACKAGE_NAME.test(name)) continue;
    packages.add(name);
  }
  return [...packages];
}

const RELEASE_FUSES: Record<number, boolean> = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

async function fuses(executable: string): Promise<Record<number, boolean>> {
  const wire = await getCurrentFuseWire(executable);
  const states: Record<number, boolean> = {};
  for (const option of Object.keys(RELEASE_FUSES).map(Number)) {
    const state = (wire as unknown as Record<number, FuseState>)[option];
    states[option] = state === FuseState.ENABLE;
  }
  return states;
}

describe("packaging smoke test: electron-builder --linux dir with a stand-in Electron", () => {
  let scratch: string;
  let release: Packed;
  let testBuild: Packed;
  let archive: AsarArchive;

  beforeAll(async () => {
    await ensureDistBuilt();
    scratch = await mkdtemp(join(tmpdir(), "coop-tray-pack-"));
    const electronDist = await makeStandInElectron(join(scratch, "electron"));
    try {
      [release, testBuild] = await Promise.all([
        packLinuxDir({ config: RELEASE_CONFIG, outDir: join(scratch, "release"), electronDist }),
        packLinuxDir({ config: TEST_PROFILE_CONFIG, outDir: join(scratch, "test-profile"), electronDist }),
      ]);
    } catch (error) {
      if (error instanceof BuilderFailed) throw new Error(`${error.message}\n${error.output.slice(-4000)}`);
      throw error;
    }
    archive = readAsar(release.asarPath);
  }, 180_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("packs the entry points, and package.json's main resolves inside the archive", () => {
    const manifest: unknown = JSON.parse(archive.read("package.json").toString("utf8"));
    expect(manifest).toMatchObject({ name: "coop-tray", main: "dist/main/index.mjs" });
    const main = (manifest as { main: string }).main.replace(/^\.\//, "");
    expect(archive.files.get(main)?.size ?? 0).toBeGreaterThan(0);
    expect(archive.files.has("dist/preload/index.cjs")).toBe(true);
    expect(archive.files.has("dist/renderer/index.html")).toBe(true);
    // The packed manifest carries no scripts or dev dependencies for anyone to run.
    expect(manifest).not.toHaveProperty("devDependencies");
    expect(manifest).not.toHaveProperty("scripts");
  });

  it("resolves every local script and stylesheet index.html refers to", () => {
    const html = archive.read("dist/renderer/index.html").toString("utf8");
    const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)]
      .map((m) => m[1] ?? "")
      .filter((ref) => ref && !/^[a-z][a-z0-9+.-]*:/i.test(ref) && !ref.startsWith("#"));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs)
      expect(archive.files.has(`dist/renderer/${ref.replace(/^\.\//, "")}`), `index.html refers to ${ref}`).toBe(true);
  });

  it("ships the renderer with one transport and no dev code: no preview, no WebSocket, the app's CSP", () => {
    expect(
      [...archive.files.keys()].filter((path) => path.startsWith("dist/preview/") || path.startsWith("dev/")),
    ).toEqual([]);
    const scripts = [...archive.files.keys()].filter((path) => /^dist\/renderer\/[^/]+\.js$/.test(path));
    expect(scripts).toContain("dist/renderer/app.js");
    for (const script of scripts) expect(archive.read(script).toString("utf8"), script).not.toContain("WebSocket");
    const html = archive.read("dist/renderer/index.html").toString("utf8");
    expect(/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]).toBe(metaPolicy(APP_CSP));
  });

  it("ships the tray icons the shell loads from <appPath>/build/tray/", () => {
    for (const state of ["normal", "unread", "offline", "throttled"]) {
      for (const name of [
        `${state}Template.png`,
        `${state}Template@2x.png`,
        `${state}.png`,
        `${state}@2x.png`,
        `${state}-linux.png`,
        `${state}.ico`,
      ]) {
        expect(archive.files.get(`build/tray/${name}`)?.size ?? 0, name).toBeGreaterThan(0);
      }
    }
  });

  it("keeps nothing on the deny list (tests, sources, maps, .env, sandbox data, bench, dev tools)", () => {
    expect(archive.files.size).toBeGreaterThan(10);
    expect(denied([...archive.files.keys(), ...[...archive.directories].map((d) => `${d}/`)])).toEqual([]);
    // The filter is not vacuous: it catches what it is meant to.
    expect(
      denied([
        "dist/main/index.mjs.map",
        "main/shell/index.ts",
        ".env",
        "test/packaging/x.ts",
        "bench/package.ts",
        "sandbox/seed.json",
      ]),
    ).toHaveLength(6);
    const serverSide = [
      "server/package.json",
      "node_modules/better-sqlite3/build/Release/better_sqlite3.node",
      "node_modules/pg/package.json",
      "node_modules/kysely/package.json",
      "node_modules/@coop-tray/server/package.json",
      "node_modules/nodemailer/lib/x.js",
    ];
    expect(denied(serverSide)).toHaveLength(serverSide.length);
  });

  it("carries none of the Co-op server's dependencies, packed or unpacked (they would also be rebuilt for Electron)", () => {
    const natives = [...archive.files.keys()].filter((path) => path.endsWith(".node"));
    expect(natives).toEqual(["node_modules/keytar/build/Release/keytar.node"]);
    const manifest = JSON.parse(archive.read("package.json").toString("utf8")) as {
      dependencies?: Record<string, string>;
      workspaces?: unknown;
    };
    for (const name of ["better-sqlite3", "pg", "kysely", "nodemailer", "@coop-tray/server"]) {
      expect(manifest.dependencies ?? {}).not.toHaveProperty(name);
      expect(archive.directories.has(`node_modules/${name}`), name).toBe(false);
    }
    expect(existsSync(join(release.unpackedDir, "node_modules/better-sqlite3"))).toBe(false);
  });

  it("unpacks keytar's native module beside the archive, where Electron can load it", () => {
    const natives = [...archive.files.values()].filter((file) => file.path.endsWith(".node"));
    expect(natives.map((file) => file.path)).toContain("node_modules/keytar/build/Release/keytar.node");
    for (const file of natives) {
      expect(file.unpacked, `${file.path} is unpacked`).toBe(true);
      const onDisk = join(release.unpackedDir, file.path);
      expect(existsSync(onDisk), onDisk).toBe(true);
      expect(statSync(onDisk).size).toBe(file.size);
    }
  });

  it("ships every module the main bundle leaves external, and not the ones it inlines", () => {
    const source = archive.read("dist/main/index.mjs").toString("utf8");
    const externals = externalModules(source);
    for (const name of externals) {
      expect(archive.files.has(`node_modules/${name}/package.json`), `dist/main loads ${name} at run time`).toBe(true);
    }
    // The scan itself finds what esbuild writes, and skips built-ins and text inside strings.
    expect(
      externalModules(
        'import Store from "electron-store";\nconst k = require("keytar");\nvar f = __require("node:fs");\nthrow new Error("bad URL from " + x);',
      ),
    ).toEqual(["electron-store", "keytar"]);
    // keytar is required by the vault whether or not today's bundle mentions it.
    expect(archive.files.has("node_modules/keytar/package.json")).toBe(true);
    // The tray window's library ships whole, with the licence its BSD-2 terms ask binaries to carry.
    expect(externals).toContain("electron-menubar");
    expect(archive.files.get("node_modules/electron-menubar/LICENSE")?.size ?? 0).toBeGreaterThan(0);
    for (const inlined of ["zod", "undici", "fast-xml-parser", "preact"]) {
      expect(archive.directories.has(`node_modules/${inlined}`), `${inlined} is bundled into dist/`).toBe(false);
    }
  });

  it("ships keytar without its installer: no prebuild-install, nor any of its dependencies", () => {
    const packages = [...archive.directories]
      .filter((dir) => /^node_modules\/(@[^/]+\/)?[^/@]+$/.test(dir))
      .map((dir) => dir.slice("node_modules/".length))
      .sort();
    expect(archive.directories.has("node_modules/prebuild-install")).toBe(false);
    // What the main bundle leaves external, and nothing else.
    expect(packages).toEqual(["electron-menubar", "keytar"]);
  });

  it("tells the updater where releases are: resources/app-update.yml names the GitHub repository", async () => {
    const updateConfig = await readFile(join(release.appOutDir, "resources", "app-update.yml"), "utf8");
    expect(updateConfig).toMatch(/^provider: github$/m);
    expect(updateConfig).toMatch(/^owner: coop-tray$/m);
    expect(updateConfig).toMatch(/^repo: coop-tray$/m);
  });

  it("builds the AppImage on the static runtime toolset, which needs no libfuse.so.2", async () => {
    const config = await readFile(RELEASE_CONFIG, "utf8");
    expect(/^toolsets:\n(?:\s+#.*\n)*\s+appimage: "?(\d+\.\d+\.\d+)"?\s*$/m.exec(config)?.[1]).toMatch(/^[1-9]/);
  });

  it(`keeps app.asar under its size budget (${ASAR_BUDGET_BYTES / 1024 / 1024} MiB)`, () => {
    expect(archive.bytes).toBeGreaterThan(0);
    expect(archive.bytes).toBeLessThan(ASAR_BUDGET_BYTES);
  });

  it("flips the release fuses: no run-as-node, no NODE_OPTIONS, no inspect, asar only, asar integrity, cookie encryption", async () => {
    expect(await fuses(release.executable)).toEqual(RELEASE_FUSES);
  });

  it("test profile differs only by allowing --inspect (Playwright's _electron needs it) and packs the same files", async () => {
    expect(await fuses(testBuild.executable)).toEqual({
      ...RELEASE_FUSES,
      [FuseV1Options.EnableNodeCliInspectArguments]: true,
    });
    const testArchive = readAsar(testBuild.asarPath);
    expect([...testArchive.files.keys()].sort()).toEqual([...archive.files.keys()].sort());
  });

  it("validates the builder config against electron-builder's schema: unknown keys fail", async () => {
    const original = await readFile(RELEASE_CONFIG, "utf8");
    const rootTypo = join(scratch, "root-typo.yml");
    const nestedTypo = join(scratch, "nested-typo.yml");
    const valid = join(scratch, "valid-copy.yml");
    await writeFile(rootTypo, `${original}\nnotARealOption: true\n`);
    await writeFile(nestedTypo, original.replace(/^nsis:\n/m, "nsis:\n  perMachin: false\n"));
    await copyFile(RELEASE_CONFIG, valid);
    expect(await readFile(nestedTypo, "utf8")).toContain("perMachin");
    // `--dir` against a missing Electron: a config that passes validation fails later, on that path.
    const attempt = (config: string) =>
      runBuilder([
        "--config",
        config,
        "--linux",
        "dir",
        "-c.electronDist=/nonexistent-electron",
        `-c.directories.output=${join(scratch, "unused")}`,
      ]).then(
        () => "",
        (error: unknown) => (error instanceof BuilderFailed ? error.output : String(error)),
      );
    const [root, nested, copy] = await Promise.all([attempt(rootTypo), attempt(nestedTypo), attempt(valid)]);
    expect(root).toMatch(/configuration has an unknown property 'notARealOption'/);
    // Inside a section the schema's "object or null" union reports the section, not the key.
    expect(nested).toMatch(/does not match the API schema[\s\S]*configuration\.nsis /);
    expect(copy).not.toMatch(/does not match the API schema/);
    expect(copy).toMatch(/electronDist/);
  }, 60_000);
});
