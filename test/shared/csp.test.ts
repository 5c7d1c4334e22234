import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APP_CSP, DEV_BRIDGE_CSP, metaPolicy, withMetaPolicy } from "../../shared/csp";

const template = readFileSync(join(process.cwd(), "renderer/index.html"), "utf8");
const metaOf = (html: string): string | undefined =>
  /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];

describe("one CSP source", () => {
  it("fills index.html's meta tag from the same policy the protocol handler sends", () => {
    const html = withMetaPolicy(template, APP_CSP);
    expect(metaOf(html)).toBe(metaPolicy(APP_CSP));
    expect(html).not.toContain("__CSP__");
    // A meta tag cannot carry frame-ancestors; everything else is the header's policy word for word.
    expect(`${metaOf(html)}; frame-ancestors 'none'`).toBe(APP_CSP);
  });

  it("lets only the dev preview connect to the local WebSocket", () => {
    expect(APP_CSP).not.toContain("ws:");
    expect(DEV_BRIDGE_CSP).toContain("connect-src 'self' ws://127.0.0.1:*");
    expect(metaOf(withMetaPolicy(template, DEV_BRIDGE_CSP))).toContain("ws://127.0.0.1:*");
  });

  it("refuses a template without exactly one placeholder", () => {
    expect(() => withMetaPolicy("<html></html>", APP_CSP)).toThrow(/placeholder/);
  });
});
