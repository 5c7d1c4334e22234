import { describe, expect, it, vi } from "vitest";
import type { Status } from "@coop-tray/protocol/models";
import { readShellEnvironment } from "../../main/shell/environment";
import { externalLinkTarget, openExternalLink } from "../../main/shell/links";
import { createShellLog, describeError, redactSecrets } from "../../main/shell/log";
import { notificationContent } from "../../main/shell/notifications";
import { createShortcutManager } from "../../main/shell/shortcut";

describe("redactSecrets", () => {
  it.each([
    ["Authorization: Basic YmFzaWw6ZmF3bHR5dG93ZXJz", "YmFzaWw6ZmF3bHR5dG93ZXJz"],
    ['{"authorization":"Basic YmFzaWw6ZmF3bHR5dG93ZXJz"}', "YmFzaWw6ZmF3bHR5dG93ZXJz"],
    ["bearer abcdef123456", "abcdef123456"],
    ["GET http://basil:fawltytowers@coop.example/groups", "fawltytowers"],
    ['{"email":"basil@fawltytowers.com","password":"barcelona"}', "barcelona"],
    ["password=barcelona&email=x", "barcelona"],
    ["POST /groups/25/notes?status=hi&key=ab12cd34", "ab12cd34"],
  ])("removes the secret from %s", (text, secret) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain("[redacted]");
  });

  it("leaves ordinary text alone", () => {
    expect(redactSecrets("synced 3 groups from http://127.0.0.1:4000 in 20 ms")).toBe(
      "synced 3 groups from http://127.0.0.1:4000 in 20 ms",
    );
  });

  it("describes errors in one redacted line, never other properties", () => {
    const error = Object.assign(new Error("login failed: password=hunter2"), { config: { password: "hunter2" } });
    expect(describeError(error)).toBe("Error: login failed: password=[redacted]");
    expect(describeError({ password: "hunter2" })).not.toContain("hunter2");
  });

  it("writes one prefixed line per entry and survives a broken sink", () => {
    const lines: string[] = [];
    createShellLog((line) => lines.push(line)).warn("token=abc123 seen", new Error("boom"));
    expect(lines).toEqual(["[coop-tray] warn token=[redacted] seen (Error: boom)"]);
    const broken = createShellLog(() => {
      throw new Error("EPIPE");
    });
    expect(() => broken.error("x")).not.toThrow();
  });
});

describe("external links", () => {
  it.each([
    ["https://example.com", "https://example.com/"],
    ["http://coopapp.com/groups/25?x=1#y", "http://coopapp.com/groups/25?x=1#y"],
  ])("opens %s", async (url, expected) => {
    const opener = { openExternal: vi.fn(async () => undefined) };
    expect(await openExternalLink(opener, url, () => undefined)).toBe(true);
    expect(opener.openExternal).toHaveBeenCalledWith(expected);
  });

  it.each([
    "file:///etc/passwd",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "data:text/html,x",
    "smb://host/share",
    "ms-settings:",
    "zoommtg://call",
    "mailto:basil@fawltytowers.com?body=hello",
    "mailto:basil@fawltytowers.com,sybil@fawltytowers.com",
    "https://user:pw@example.com",
    "//example.com",
    "example.com",
    "",
    42,
    null,
    { href: "https://example.com" },
    `https://example.com/${"a".repeat(2100)}`,
  ])("never opens %j", async (url) => {
    const opener = { openExternal: vi.fn(async () => undefined) };
    expect(externalLinkTarget(url)).toBeNull();
    expect(await openExternalLink(opener, url, () => undefined)).toBe(false);
    expect(opener.openExternal).not.toHaveBeenCalled();
  });

  it("reports a failure of the OS to open the link instead of throwing", async () => {
    const onError = vi.fn();
    const opener = { openExternal: vi.fn(async () => Promise.reject(new Error("no browser"))) };
    expect(await openExternalLink(opener, "https://example.com", onError)).toBe(false);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

describe("readShellEnvironment", () => {
  it("reads the demo settings only in demo mode", () => {
    const env = {
      COOP_TRAY_SERVER_URL: "http://127.0.0.1:4000",
      COOP_TRAY_HARVEST_URL_TEMPLATE: "http://127.0.0.1:4000/harvest/{subdomain}",
      COOP_TRAY_DEMO_LOGIN: "basil@fawltytowers.com:fawlty:towers",
      COOP_TRAY_USER_DATA: "/somewhere/demo",
      COOP_TRAY_HARVEST_API_URL: "http://127.0.0.1:4000/harvest-api/v2",
    };
    expect(readShellEnvironment(env)).toEqual({
      serverUrl: "http://127.0.0.1:4000",
      harvestUrlTemplate: "http://127.0.0.1:4000/harvest/{subdomain}",
      harvestApiUrl: "http://127.0.0.1:4000/harvest-api/v2",
      harvestIdUrl: null,
      demo: false,
      demoLogin: null,
      userDataDir: null,
      ignored: [],
    });
    expect(readShellEnvironment({ ...env, COOP_TRAY_DEMO: "1" })).toMatchObject({
      demo: true,
      demoLogin: { email: "basil@fawltytowers.com", password: "fawlty:towers" },
      userDataDir: "/somewhere/demo",
    });
  });

  it("ignores unusable values, naming the variable but not its value", () => {
    const parsed = readShellEnvironment({
      COOP_TRAY_DEMO: "1",
      COOP_TRAY_SERVER_URL: "file:///etc",
      COOP_TRAY_HARVEST_URL_TEMPLATE: "http://127.0.0.1/harvest",
      COOP_TRAY_DEMO_LOGIN: "no-colon-secret",
      COOP_TRAY_HARVEST_ID_URL: "javascript:alert(1)",
    });
    expect(parsed).toMatchObject({ serverUrl: null, harvestUrlTemplate: null, demoLogin: null });
    expect(parsed.ignored).toEqual([
      "COOP_TRAY_SERVER_URL",
      "COOP_TRAY_HARVEST_URL_TEMPLATE",
      "COOP_TRAY_HARVEST_ID_URL",
      "COOP_TRAY_DEMO_LOGIN",
    ]);
    expect(JSON.stringify(parsed.ignored)).not.toContain("no-colon-secret");
  });
});

describe("notificationContent", () => {
  const base = { groupId: 25, createdAt: "2024-05-01T10:00:00.000Z", updatedAt: null };
  const note = (id: number, userId: number, name: string, text: string): Status => ({
    ...base,
    type: "Note",
    id,
    text,
    user: { id: userId, name, email: null, avatarThumbUrl: null },
  });
  const entry: Status = {
    ...base,
    type: "DayEntry",
    id: 9,
    text: "Timer with a note",
    hours: 22.91,
    client: "City of Torquay",
    project: "Gourmet Night",
    task: "Put butter on trays",
    spentAt: "2008-11-19",
    timerStartedAt: null,
    user: { id: 25, name: "Polly Sherman", email: null, avatarThumbUrl: null },
  };

  it("names the author and group for one status", () => {
    expect(
      notificationContent(
        { groupId: 25, groupName: "Fawlty Towers", statuses: [note(1, 22, "Sybil Fawlty", "  Basil!\n\nBasil!  ")] },
        21,
      ),
    ).toEqual({
      title: "Sybil Fawlty in Fawlty Towers",
      body: "Basil! Basil!",
    });
    expect(notificationContent({ groupId: 25, groupName: "Fawlty Towers", statuses: [entry] }, 21)?.body).toBe(
      "22.91 h on Gourmet Night – Put butter on trays: Timer with a note",
    );
    expect(
      notificationContent(
        { groupId: 25, groupName: "G", statuses: [{ ...entry, timerStartedAt: "2024-05-01T09:00:00.000Z" }] },
        21,
      )?.body,
    ).toMatch(/^Started a timer on Gourmet Night/);
  });

  it("summarises several and leaves out the user's own", () => {
    const batch = {
      groupId: 25,
      groupName: "Fawlty Towers",
      statuses: [
        note(1, 22, "Sybil", "a"),
        note(2, 21, "Basil", "mine"),
        note(3, 25, "Polly", "b"),
        note(4, 26, "Manuel", "c"),
        note(5, 27, "Terry", "d"),
      ],
    };
    expect(notificationContent(batch, 21)).toEqual({
      title: "Fawlty Towers",
      body: "4 new statuses from Sybil, Polly and 2 more",
    });
    expect(notificationContent({ ...batch, statuses: [note(2, 21, "Basil", "mine")] }, 21)).toBeNull();
  });

  it("truncates long text", () => {
    const content = notificationContent(
      { groupId: 1, groupName: "G", statuses: [note(1, 2, "A", "x".repeat(1000))] },
      null,
    );
    expect(content?.body.length).toBeLessThanOrEqual(200);
  });
});

describe("shortcut manager", () => {
  it("registers, swaps and releases; applying the same accelerator twice is a no-op", () => {
    const registered = new Set<string>();
    const registry = {
      register: vi.fn((accelerator: string) => (registered.add(accelerator), true)),
      unregister: vi.fn((accelerator: string) => void registered.delete(accelerator)),
    };
    const report = vi.fn();
    const manager = createShortcutManager(registry, () => undefined, report);
    manager.apply("Alt+F9");
    manager.apply("Alt+F9");
    expect(registry.register).toHaveBeenCalledTimes(1);
    manager.apply("Control+Alt+K");
    expect([...registered]).toEqual(["Control+Alt+K"]);
    manager.dispose();
    expect([...registered]).toEqual([]);
    expect(report).not.toHaveBeenCalled();
  });

  it("retries a refused accelerator when it is applied again after another one", () => {
    let free = false;
    const registry = { register: vi.fn(() => free), unregister: vi.fn() };
    const report = vi.fn();
    const manager = createShortcutManager(registry, () => undefined, report);
    manager.apply("Alt+F9");
    expect(manager.current()).toBe("");
    expect(report).toHaveBeenCalledTimes(1);
    free = true;
    manager.apply("");
    manager.apply("Alt+F9");
    expect(manager.current()).toBe("Alt+F9");
  });
});
