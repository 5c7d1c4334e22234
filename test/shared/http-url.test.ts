import { describe, expect, it } from "vitest";
import { isHttpUrl } from "@coop-tray/protocol/rules";

describe("isHttpUrl", () => {
  it.each(["https://example.com", "http://127.0.0.1:8080/x?y=1#z"])("accepts %s", (url) =>
    expect(isHttpUrl(url)).toBe(true),
  );
  it.each([
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,hi",
    "HTTP//example.com",
    "",
    "//example.com",
    "vbscript:x",
  ])("refuses %s", (url) => expect(isHttpUrl(url)).toBe(false));
});
