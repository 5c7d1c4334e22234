import { describe, expect, it } from "vitest";
import { CALL_NAMES, MAX_LINE_LENGTH, MAX_TEXT_LENGTH } from "../../shared/contract";
import type { CallName } from "../../shared/contract";
import { COOP_TIME_ZONE_NAMES } from "@coop-tray/protocol/rules";
import { acceleratorProblem } from "../../main/ipc/accelerator";
import { callSchemas } from "../../main/ipc/schemas";

const long = (length: number): string => "x".repeat(length);
const login = { serverUrl: "http://127.0.0.1:4000", email: "basil@fawltytowers.com", password: "fawltytowers" };
const harvest = { subdomain: "fawlty", email: "basil@fawltytowers.com", password: "barcelona" };
const feed = { groupId: 25, date: null, userId: null };
const client = { name: "City of Torquay", details: null, currency: null, currencySymbol: null };

const noArgsGood: unknown[] = [undefined, null, {}];
const noArgsBad: unknown[] = [{ extra: 1 }, 0, "x", [], false];

/** Per call: payloads that must parse and payloads that must be refused. */
const table: { readonly [K in CallName]: { readonly good: readonly unknown[]; readonly bad: readonly unknown[] } } = {
  getState: { good: noArgsGood, bad: noArgsBad },
  signIn: {
    good: [login, { ...login, serverUrl: "https://coop.example.com/base/" }, { ...login, password: " spaces count " }],
    bad: [
      undefined,
      { ...login, serverUrl: "ftp://coop.example.com" },
      { ...login, serverUrl: "javascript:alert(1)" },
      { ...login, serverUrl: "file:///etc/passwd" },
      { ...login, serverUrl: "http://basil:secret@coop.example.com" },
      { ...login, serverUrl: "not a url" },
      { ...login, serverUrl: `http://example.com/${long(MAX_LINE_LENGTH)}` },
      { ...login, email: "basil" },
      { ...login, email: "basil@" },
      { ...login, email: `${long(MAX_LINE_LENGTH)}@example.com` },
      { ...login, password: "" },
      { ...login, password: long(MAX_LINE_LENGTH + 1) },
      { ...login, password: 42 },
      { ...login, remember: true },
      { serverUrl: login.serverUrl, email: login.email },
    ],
  },
  signOut: { good: noArgsGood, bad: noArgsBad },
  getHarvestCredential: { good: noArgsGood, bad: noArgsBad },
  linkHarvest: {
    good: [harvest, { ...harvest, subdomain: "fawlty-towers2" }],
    bad: [
      { ...harvest, subdomain: "fawlty.evil.com" },
      { ...harvest, subdomain: "-fawlty" },
      { ...harvest, subdomain: "" },
      { ...harvest, subdomain: long(64) },
      { ...harvest, email: "nope" },
      { ...harvest, password: "" },
      { ...harvest, admin: true },
    ],
  },
  updateHarvest: { good: [harvest], bad: [{ ...harvest, subdomain: "a/b" }, {}] },
  unlinkHarvest: { good: noArgsGood, bad: noArgsBad },
  verifyHarvest: { good: noArgsGood, bad: noArgsBad },
  listTokens: { good: noArgsGood, bad: noArgsBad },
  revokeToken: { good: [{ tokenId: 3 }], bad: [undefined, { tokenId: 0 }, { tokenId: "3" }, { tokenId: 3, extra: 1 }] },
  changePassword: {
    good: [{ currentPassword: "old secret", newPassword: "a new secret" }],
    bad: [undefined, { currentPassword: "", newPassword: "x" }, { currentPassword: "a", newPassword: 5 }],
  },
  listGroups: { good: noArgsGood, bad: noArgsBad },
  refreshGroups: { good: noArgsGood, bad: noArgsBad },
  createGroup: {
    good: [
      { name: "Fawlty Towers", timezone: "London", memberEmails: ["sybil@fawltytowers.com", "polly@fawltytowers.com"] },
      { name: "Kyiv team", timezone: "Kyev", memberEmails: [] },
      { name: "Kyiv team", timezone: "Kyiv", memberEmails: [] },
    ],
    bad: [
      { name: "Team", timezone: "Europe/London", memberEmails: [] },
      { name: "Team", timezone: "Atlantis", memberEmails: [] },
      { name: "   ", timezone: "London", memberEmails: [] },
      { name: "Two\nlines", timezone: "London", memberEmails: [] },
      { name: long(MAX_LINE_LENGTH + 1), timezone: "London", memberEmails: [] },
      { name: "Team", timezone: "London", memberEmails: ["not-an-email"] },
      { name: "Team", timezone: "London", memberEmails: "sybil@fawltytowers.com" },
      { name: "Team", timezone: "London", memberEmails: Array.from({ length: 101 }, (_, i) => `m${i}@example.com`) },
      { name: "Team", timezone: "London" },
    ],
  },
  updateGroup: {
    good: [{ groupId: 25, name: "Fawlty Towers", timezone: "Eastern Time (US & Canada)" }],
    bad: [
      { groupId: 0, name: "Team", timezone: "London" },
      { groupId: -3, name: "Team", timezone: "London" },
      { groupId: 2.5, name: "Team", timezone: "London" },
      { groupId: "25", name: "Team", timezone: "London" },
      { groupId: 25, name: "Team", timezone: "London", memberEmails: [] },
    ],
  },
  changeGroupOwner: {
    good: [{ groupId: 25, newOwnerId: 21 }],
    bad: [
      { groupId: 25 },
      { groupId: 25, newOwnerId: Number.NaN },
      { groupId: 25, newOwnerId: Number.MAX_SAFE_INTEGER + 2 },
    ],
  },
  deleteGroup: { good: [{ groupId: 1 }], bad: [{ groupId: 0 }, { id: 1 }, undefined] },
  listMembers: { good: [{ groupId: 1 }], bad: [{ groupId: null }, { groupId: 1, page: 2 }] },
  listInvitations: { good: [undefined, {}], bad: [{ all: true }, 1] },
  answerInvitation: {
    good: [
      { invitationId: 3, accept: true },
      { invitationId: 3, accept: false },
    ],
    bad: [
      { invitationId: 0, accept: true },
      { invitationId: 3, accept: "yes" },
      { invitationId: 3 },
      { invitationId: 3, accept: true, as: 2 },
    ],
  },
  getFeed: {
    good: [feed, { groupId: 25, date: "2008-11-19", userId: 21 }, { groupId: 25, date: "2024-02-29", userId: null }],
    bad: [
      { ...feed, date: "20081119" },
      { ...feed, date: "2008/11/19" },
      { ...feed, date: "2023-02-29" },
      { ...feed, date: "2008-13-01" },
      { ...feed, userId: 0 },
      { groupId: 25 },
      { ...feed, limit: 10 },
    ],
  },
  refreshFeed: { good: [feed], bad: [{ ...feed, groupId: -1 }] },
  markSeen: { good: [{ groupId: 3 }], bad: [{ groupId: 3, at: 1 }] },
  postNote: {
    good: [
      { groupId: 25, text: "Putting butter on trays" },
      { groupId: 25, text: long(MAX_TEXT_LENGTH) },
      { groupId: 25, text: "line one\nline two" },
    ],
    bad: [
      { groupId: 25, text: "" },
      { groupId: 25, text: " \n\t " },
      { groupId: 25, text: long(MAX_TEXT_LENGTH + 1) },
      { groupId: 25 },
      { groupId: 25, text: "hi", userId: 21 },
    ],
  },
  listOutbox: { good: noArgsGood, bad: noArgsBad },
  retryNote: {
    good: [{ id: "3f2a9c1e-7b1d-4d2e-9a0b-1c2d3e4f5a6b" }, { id: "note_17" }],
    bad: [{ id: "" }, { id: "../../etc" }, { id: "a b" }, { id: long(101) }, { id: 7 }],
  },
  editNote: {
    good: [{ id: "note_17", text: "Fixed the typo" }],
    bad: [
      { id: "note_17", text: "" },
      { id: "note 17", text: "x" },
      { id: "note_17", text: long(MAX_TEXT_LENGTH + 1) },
    ],
  },
  discardNote: { good: [{ id: "note_17" }], bad: [{ id: "note/17" }, {}] },
  listDrafts: { good: noArgsGood, bad: noArgsBad },
  inviteMembers: {
    good: [{ groupId: 25, emails: ["manuel@fawltytowers.com"] }],
    bad: [{ groupId: 25, emails: [] }, { groupId: 25, emails: ["not an email"] }, { groupId: 25 }],
  },
  removeMember: {
    good: [{ groupId: 25, membershipId: 3 }],
    bad: [{ groupId: 25 }, { groupId: 25, membershipId: -1 }, { groupId: 25, membershipId: "3" }],
  },
  saveDraft: {
    good: [
      { groupId: 25, text: "Half-written" },
      { groupId: 25, text: "" },
    ],
    bad: [
      { groupId: 25 },
      { groupId: -1, text: "x" },
      { groupId: 25, text: long(10_001) },
      { groupId: 25, text: "x", extra: 1 },
    ],
  },
  getAgendas: { good: [{ groupId: 25 }], bad: [{ groupId: "x" }] },
  updateGroupAgenda: {
    good: [
      { groupId: 25, agenda: "* Gourmet night" },
      { groupId: 25, agenda: "" },
    ],
    bad: [
      { groupId: 25, agenda: long(MAX_TEXT_LENGTH + 1) },
      { groupId: 25, agenda: null },
    ],
  },
  updateMyAgenda: { good: [{ groupId: 25, agenda: "- fix the moose" }], bad: [{ groupId: 25 }] },
  listClients: { good: [{ refresh: true }, { refresh: false }], bad: [{ refresh: "yes" }, {}, undefined] },
  createClient: {
    good: [
      client,
      {
        name: "Company LLC",
        details: "123 Main St\nAnytown",
        currency: "United States Dollar - USD",
        currencySymbol: "$",
      },
    ],
    bad: [
      { ...client, name: "" },
      { ...client, details: long(MAX_TEXT_LENGTH + 1) },
      { ...client, currency: "Two\nlines" },
      { ...client, active: true },
      { name: "No other fields" },
    ],
  },
  updateClient: {
    good: [{ id: 7 }, { id: 7, name: "Renamed" }, { id: 7, details: null }],
    bad: [{ name: "Renamed" }, { id: 7, name: "" }, { id: 7, active: false }, { id: 0 }],
  },
  toggleClient: { good: [{ id: 7 }], bad: [{ id: "7" }] },
  deleteClient: { good: [{ id: 7 }], bad: [{ id: -7 }] },
  listContacts: { good: [{ clientId: 7 }], bad: [{ clientId: 7, updatedSince: "2010-01-01" }] },
  getSettings: { good: noArgsGood, bad: noArgsBad },
  updateSettings: {
    good: [
      {},
      { pollIntervalSeconds: 15 },
      { pollIntervalSeconds: 3600 },
      { notifications: false, launchAtLogin: true },
      { globalShortcut: "CommandOrControl+Shift+Space" },
      { globalShortcut: "" },
      { globalShortcut: "F9" },
      { format: "json" },
      { mutedGroupIds: [] },
      { mutedGroupIds: [25, 34] },
      { idleDetection: false },
      { idleMinutes: 1 },
      { idleMinutes: 240 },
    ],
    bad: [
      { mutedGroupIds: ["25"] },
      { mutedGroupIds: [0] },
      { mutedGroupIds: 25 },
      { idleMinutes: 0 },
      { idleMinutes: 241 },
      { idleMinutes: 2.5 },
      { idleDetection: "off" },
      { pollIntervalSeconds: 14 },
      { pollIntervalSeconds: 3601 },
      { pollIntervalSeconds: 60.5 },
      { format: "yaml" },
      { globalShortcut: "Ctrl+Shift+Banana" },
      { globalShortcut: "A" },
      { notifications: "yes" },
      { theme: "dark" },
    ],
  },
  getHarvestV2: { good: noArgsGood, bad: noArgsBad },
  connectHarvestV2: {
    good: [{ token: "7001.pt.abc" }, { token: "  7001.pt.abc\n" }],
    bad: [{ token: "" }, { token: "two words" }, { token: long(1001) }, { token: 7 }, {}, { token: "x", account: 1 }],
  },
  chooseHarvestAccount: {
    good: [{ accountId: 250101 }],
    bad: [{ accountId: 0 }, { accountId: "250101" }, { accountId: 1.5 }, {}],
  },
  disconnectHarvestV2: { good: noArgsGood, bad: noArgsBad },
  getTimers: { good: [{ refresh: true }, { refresh: false }], bad: [{}, { refresh: "yes" }, undefined] },
  listTaskOptions: { good: [{ refresh: false }], bad: [{ refresh: 1 }, null] },
  startTimer: {
    good: [
      { projectId: 301, taskId: 801, notes: null },
      { projectId: 301, taskId: 801, notes: "Butter" },
    ],
    bad: [
      { projectId: 301, taskId: 801 },
      { projectId: 0, taskId: 801, notes: null },
      { projectId: 301, taskId: 801, notes: long(MAX_TEXT_LENGTH + 1) },
      { projectId: 301, taskId: 801, notes: null, hours: 1 },
    ],
  },
  stopTimer: { good: [{ entryId: 1373078 }], bad: [{ entryId: -1 }, { id: 1 }] },
  restartTimer: { good: [{ entryId: 1373078 }], bad: [{ entryId: "1" }] },
  editTimerNotes: {
    good: [
      { entryId: 1, notes: "" },
      { entryId: 1, notes: "New" },
    ],
    bad: [{ entryId: 1 }, { entryId: 1, notes: null }, { entryId: 1, notes: long(MAX_TEXT_LENGTH + 1) }],
  },
  getTimeWeek: { good: [{ day: null }, { day: "2026-12-07" }], bad: [{}, { day: "2026-02-30" }, { day: "today" }] },
  addTimeEntry: {
    good: [{ projectId: 301, taskId: 801, spentDate: "2026-12-01", hours: 1.5, notes: null }],
    bad: [
      { projectId: 301, taskId: 801, spentDate: "2026-12-01", hours: 0, notes: null },
      { projectId: 301, taskId: 801, spentDate: "2026-12-01", hours: 25, notes: null },
      { projectId: 301, taskId: 801, spentDate: "yesterday", hours: 1, notes: null },
      { projectId: 301, taskId: 801, hours: 1, notes: null },
    ],
  },
  editTimeEntry: {
    good: [
      { entryId: 1, projectId: 301, taskId: 801, hours: null, notes: null },
      { entryId: 1, projectId: 301, taskId: 801, hours: 2.25, notes: "Butter" },
    ],
    bad: [
      { entryId: 1, projectId: 301, taskId: 801, hours: -1, notes: null },
      { entryId: 1, projectId: 301, taskId: 801, notes: null },
    ],
  },
  deleteTimeEntry: { good: [{ entryId: 1 }], bad: [{ entryId: 0 }, { id: 1 }] },
  answerIdle: {
    good: [
      { promptId: 1, choice: "keep" },
      { promptId: 2, choice: "removeAndStop" },
    ],
    bad: [{ promptId: 1, choice: "delete" }, { promptId: 0, choice: "keep" }, { choice: "keep" }],
  },
  shareTimerOptions: { good: [{ entryId: 1 }], bad: [{}, { entryId: 0 }, { entryId: 1, groupId: 25 }] },
  shareTimer: {
    good: [{ groupId: 25, entryId: 1, text: "Working on Gourmet Night" }],
    bad: [
      { groupId: 25, entryId: 1 },
      { groupId: 25, entryId: 1, text: "  " },
      { groupId: 25, entryId: 1, text: "x".repeat(100_000) },
      { groupId: "25", entryId: 1, text: "x" },
      { groupId: 25, entryId: 1, text: "x", notes: "y" },
    ],
  },
  openExternal: {
    good: [
      { url: "https://www.getharvest.com/" },
      { url: "http://coopapp.com/groups/25" },
      { url: "mailto:basil@fawltytowers.com" },
    ],
    bad: [
      { url: "javascript:alert(1)" },
      { url: "file:///etc/passwd" },
      { url: "mailto:basil@fawltytowers.com?body=x" },
      { url: "mailto:a@b.com,c@d.com" },
      { url: "smb://server/share" },
      { url: "coop-tray://open" },
      { url: "https://" },
      { url: "http://user:pw@example.com" },
      { url: `https://example.com/${long(2048)}` },
      { url: "" },
      {},
    ],
  },
  hideWindow: { good: noArgsGood, bad: noArgsBad },
  quitApp: { good: noArgsGood, bad: noArgsBad },
  pauseGlobalShortcut: {
    good: [{ paused: true }, { paused: false }],
    bad: [
      undefined,
      null,
      {},
      { paused: "true" },
      { paused: 1 },
      { paused: null },
      { paused: true, accelerator: "Alt+F9" },
      true,
      [],
    ],
  },
};

describe("call schemas", () => {
  it("cover exactly the contract's calls", () => {
    expect(Object.keys(callSchemas).sort()).toEqual([...CALL_NAMES].sort());
    expect(Object.keys(table).sort()).toEqual([...CALL_NAMES].sort());
  });

  for (const name of CALL_NAMES) {
    describe(name, () => {
      it.each(table[name].good.map((payload) => [JSON.stringify(payload)?.slice(0, 80) ?? "undefined", payload]))(
        "accepts %s",
        (_label, payload) => {
          const parsed = callSchemas[name].safeParse(payload);
          expect(parsed.error?.issues ?? []).toEqual([]);
          expect(parsed.success).toBe(true);
        },
      );
      it.each(table[name].bad.map((payload) => [JSON.stringify(payload)?.slice(0, 80) ?? "undefined", payload]))(
        "refuses %s",
        (_label, payload) => {
          expect(callSchemas[name].safeParse(payload).success).toBe(false);
        },
      );
    });
  }

  it("normalises what it accepts: trimmed lines, lower-case subdomain, current zone spelling", () => {
    expect(
      callSchemas.signIn.parse({ ...login, serverUrl: "  http://127.0.0.1:4000 ", email: " basil@fawltytowers.com " }),
    ).toEqual(login);
    expect(callSchemas.linkHarvest.parse({ ...harvest, subdomain: "Fawlty" }).subdomain).toBe("fawlty");
    expect(callSchemas.createGroup.parse({ name: " Kyiv team ", timezone: "Kyev", memberEmails: [] })).toEqual({
      name: "Kyiv team",
      timezone: "Kyiv",
      memberEmails: [],
    });
    expect(callSchemas.getState.parse(null)).toBeUndefined();
  });

  it("accepts every Co-op time zone name and nothing else", () => {
    for (const zone of COOP_TIME_ZONE_NAMES) {
      expect(callSchemas.updateGroup.safeParse({ groupId: 1, name: "T", timezone: zone }).success).toBe(true);
    }
    expect(callSchemas.updateGroup.safeParse({ groupId: 1, name: "T", timezone: "london" }).success).toBe(false);
  });

  it("keeps passwords out of validation messages", () => {
    const secret = "hunter2-is-my-password";
    const parsed = callSchemas.signIn.safeParse({ ...login, email: secret, password: secret + long(MAX_LINE_LENGTH) });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).not.toContain(secret);
  });
});

describe("accelerators", () => {
  it.each([
    "CommandOrControl+Shift+Space",
    "CmdOrCtrl+Alt+N",
    "Alt+F4",
    "F12",
    "Super+Plus",
    "Control+num5",
    "ctrl+shift+k",
    "Option+]",
  ])("accepts %s", (accelerator) => {
    expect(acceleratorProblem(accelerator)).toBeNull();
  });
  it.each([
    ["Ctrl++", "empty part"],
    ["Shift+A", "needs a modifier"],
    ["Space", "needs a modifier"],
    ["Ctrl+Shift", "needs a key"],
    ["Ctrl+A+B", "only one key"],
    ["Hyper+A", "unknown modifier"],
    ["Ctrl+Ctrl+A", "repeats"],
    ["Ctrl+F25", "unknown key"],
  ])("refuses %s (%s)", (accelerator, reason) => {
    expect(acceleratorProblem(accelerator)).toContain(reason);
  });
});
