/**
 * The one static-file path check (main/files/static-file.ts), used by the app protocol and the dev
 * bridge: lexical refusals first, then the real path on disk (symlinks followed) must stay inside.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentType, findStaticFile, resolveRequestPath } from "../../main/files/static-file";

describe("resolveRequestPath", () => {
  it.each([
    "/../secret.txt",
    "/a/../../secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e/secret.txt",
    "/a%5c..%5c..%5csecret.txt",
    "/x%00.js",
    "/C:/Windows/win.ini",
    "/%zz",
  ])("refuses %s", (pathname) => expect(resolveRequestPath("/srv/renderer", pathname)).toBeNull());
  it("maps the root to index.html and nested paths inside the folder", () => {
    expect(resolveRequestPath("/srv/renderer", "/")).toBe("/srv/renderer/index.html");
    expect(resolveRequestPath("/srv/renderer", "/assets/a%20b.css")).toBe("/srv/renderer/assets/a b.css");
  });
  it("reads an absolute path as one inside the folder, never as the absolute path itself", () => {
    expect(resolveRequestPath("/srv/renderer", "//etc/passwd")).toBe("/srv/renderer/etc/passwd");
    expect(resolveRequestPath("/srv/renderer", "/%2Fetc%2Fpasswd")).toBe("/srv/renderer/etc/passwd");
  });
  it.each(["/.env", "/assets/.git/config", "/%2egit/HEAD"])("refuses the dotfile %s", (pathname) => {
    expect(resolveRequestPath("/srv/renderer", pathname)).toBeNull();
  });
});

describe("findStaticFile", () => {
  let base: string;
  let root: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), "coop-tray-static-"));
    root = join(base, "renderer");
    mkdirSync(join(root, "assets"), { recursive: true });
    writeFileSync(join(root, "index.html"), "<!doctype html>");
    writeFileSync(join(root, "assets", "app.css"), "body{}");
    writeFileSync(join(base, "secret.txt"), "secret");
    mkdirSync(join(base, "elsewhere"));
    writeFileSync(join(base, "elsewhere", "x.js"), "secret()");
    symlinkSync(join(base, "secret.txt"), join(root, "escape.txt"));
    symlinkSync(join(base, "elsewhere"), join(root, "linked"));
    symlinkSync(join(root, "assets", "app.css"), join(root, "inside.css"));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("finds regular files inside the folder, with their size", async () => {
    expect(await findStaticFile(root, "/")).toMatchObject({ path: join(root, "index.html"), size: 15 });
    expect(await findStaticFile(root, "/assets/app.css")).toMatchObject({ size: 6 });
  });
  it("follows a symlink that stays inside the folder", async () => {
    expect(await findStaticFile(root, "/inside.css")).toMatchObject({ path: join(root, "assets", "app.css") });
  });
  it.each(["/escape.txt", "/linked/x.js"])("refuses %s, a symlink out of the folder", async (pathname) => {
    expect(await findStaticFile(root, pathname)).toBe("refused");
  });
  it.each(["/../secret.txt", "/%2e%2e/secret.txt", "/%00", "/assets/%2e%2e%2f%2e%2e%2fsecret.txt"])(
    "refuses %s",
    async (pathname) => {
      expect(await findStaticFile(root, pathname)).toBe("refused");
    },
  );
  it("answers missing for folders and absent files", async () => {
    expect(await findStaticFile(root, "/assets")).toBe("missing");
    expect(await findStaticFile(root, "/nope.js")).toBe("missing");
  });
});

describe("contentType", () => {
  it.each([
    ["a.html", "text/html; charset=utf-8"],
    ["a.JS", "text/javascript; charset=utf-8"],
    ["a.css", "text/css; charset=utf-8"],
    ["a.svg", "image/svg+xml"],
    ["a.bin", "application/octet-stream"],
  ])("%s is %s", (file, type) => expect(contentType(file)).toBe(type));
});
