import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_CSP as CONTENT_SECURITY_POLICY } from "../../shared/csp";
import { APP_INDEX_URL, createAppProtocolHandler, isAppUrl } from "../../main/shell/protocol";

let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;
const SECRET = "top secret outside the renderer";

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "coop-tray-protocol-"));
  root = join(base, "renderer");
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<!doctype html><script type=module src=app.js></script>");
  writeFileSync(join(root, "app.js"), "console.log('app')");
  writeFileSync(join(root, "assets", "style.css"), "body{}");
  writeFileSync(join(root, "assets", "logo.svg"), "<svg/>");
  writeFileSync(join(base, "secret.txt"), SECRET);
  symlinkSync(join(base, "secret.txt"), join(root, "escape.txt"));
  handler = createAppProtocolHandler(root);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = "GET") => handler(new Request(url, { method }));

describe("app protocol handler", () => {
  it.each([
    [APP_INDEX_URL, "text/html; charset=utf-8", "<!doctype html>"],
    ["app://coop-tray/", "text/html; charset=utf-8", "<!doctype html>"],
    ["app://coop-tray/app.js", "text/javascript; charset=utf-8", "console.log"],
    ["app://coop-tray/assets/style.css?v=2", "text/css; charset=utf-8", "body{}"],
    ["app://coop-tray/assets/logo.svg", "image/svg+xml", "<svg/>"],
  ])("serves %s as %s with the CSP", async (url, type, start) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await response.text()).startsWith(start)).toBe(true);
  });

  it("sends the CSP the design asks for", () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' http: https: data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it.each([
    "app://coop-tray/../secret.txt",
    "app://coop-tray/%2e%2e/secret.txt",
    "app://coop-tray/assets/..%2f..%2fsecret.txt",
    "app://coop-tray/..%5csecret.txt",
    "app://coop-tray/%2E%2E%2Fsecret.txt",
    "app://coop-tray/escape.txt",
    "app://coop-tray/assets/%00.css",
    "app://coop-tray/%E0%A4%A",
  ])("never serves anything outside the renderer folder: %s", async (url) => {
    const response = await get(url);
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain(SECRET);
  });

  it("answers 404 for missing files and folders, 405 for other methods, 404 for other hosts", async () => {
    expect((await get("app://coop-tray/missing.js")).status).toBe(404);
    expect((await get("app://coop-tray/assets")).status).toBe(404);
    expect((await get(APP_INDEX_URL, "POST")).status).toBe(405);
    expect((await get("app://elsewhere/index.html")).status).toBe(404);
  });

  it("answers HEAD without a body", async () => {
    const response = await get(APP_INDEX_URL, "HEAD");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });
});

describe("isAppUrl", () => {
  it.each([APP_INDEX_URL, "app://coop-tray/views/x?y#z"])("accepts %s", (url) => expect(isAppUrl(url)).toBe(true));
  it.each([
    "app://other/index.html",
    "app://user@coop-tray/",
    "https://coop-tray/",
    "file:///index.html",
    "about:blank",
    "",
    "app:coop-tray",
  ])("refuses %s", (url) => expect(isAppUrl(url)).toBe(false));
});

describe("the first frame in index.html", () => {
  it("serves index.html (and only it) as the pre-rendered page, with the CSP, never rendering on request", async () => {
    let asked = 0;
    const rendered = Buffer.from("<!doctype html><main>first frame</main><script type=module src=app.js></script>");
    const serving = createAppProtocolHandler(root, {
      indexPage: async () => {
        asked += 1;
        return rendered;
      },
    });
    const page = await serving(new Request("app://coop-tray/"));
    expect(page.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toBe("<!doctype html><main>first frame</main><script type=module src=app.js></script>");
    expect(await (await serving(new Request("app://coop-tray/app.js"))).text()).toBe("console.log('app')");
    expect(asked).toBe(1);
  });

  it("serves the file as it is while there is no page, and when the page fails (saying why)", async () => {
    const errors: unknown[] = [];
    let page: (() => Promise<Buffer>) | null = null;
    const serving = createAppProtocolHandler(root, {
      indexPage: () => page?.() ?? null,
      onRenderError: (error) => errors.push(error),
    });
    const before = await serving(new Request(APP_INDEX_URL));
    expect(await before.text()).toBe("<!doctype html><script type=module src=app.js></script>");
    page = () => Promise.reject(new Error("no cache"));
    const failed = await serving(new Request(APP_INDEX_URL));
    expect(failed.status).toBe(200);
    expect(await failed.text()).toBe("<!doctype html><script type=module src=app.js></script>");
    expect(String(errors[0])).toContain("no cache");
  });
});
