// The tray's live feed against the sandbox (the real server, so it streams GET /events): a note posted
// by another member reaches the feed, the unread count and the notifications within a second, with no
// poll (the clock is fake and stands still); with the stream turned off the app polls as before.
import { afterEach, describe, expect, it } from "vitest";
import { SEED } from "../../sandbox/index";
import type { Status } from "@coop-tray/protocol/models";
import type { GroupSummary } from "../../shared/contract";
import { startHarness, type Harness } from "./app-harness";
import { waitFor } from "./helpers";

const group25 = SEED.groups.fawltyTowers.id;

describe("the live feed", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h?.dir.remove();
    h = undefined;
  });

  it("shows a teammate's note within a second while subscribed, and polls only as a safety net", async () => {
    h = await startHarness({ deps: { live: { backoffMs: 50 } } });
    const harness = h;
    const arrived: Status[] = [];
    let groups: readonly GroupSummary[] = [];
    harness.app.onNewStatuses((e) => arrived.push(...e.statuses));
    harness.app.on("groupsChanged", (g) => (groups = g));
    await harness.app.start();
    expect((await harness.signIn()).ok).toBe(true);
    await waitFor(() => harness.app.liveState() === "connected", "the stream");
    // The first poll (on sign-in and on connecting) sets the unread baseline.
    await waitFor(() => groups.some((g) => g.group.id === group25), "the group list");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const posted = await harness.coopAs().postNote(group25, "Live from room 12");
    expect(posted.ok).toBe(true);
    const note = await waitFor(() => arrived.find((s) => s.text === "Live from room 12"), "the note", 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(note.user.email).toBe(SEED.users.polly.email);
    expect(groups.find((g) => g.group.id === group25)?.unread).toBeGreaterThan(0);
  });

  it("tells the page at once when someone invites the user, so its Groups badge follows", async () => {
    h = await startHarness({ deps: { live: { backoffMs: 50 } } });
    const harness = h;
    let told = 0;
    harness.app.on("invitationsChanged", () => (told += 1));
    await harness.app.start();
    expect((await harness.signIn()).ok).toBe(true);
    await waitFor(() => harness.app.liveState() === "connected", "the stream");
    const before = told;
    const made = await harness
      .coopAs()
      .createGroup({ name: "Polly's live sketches", timezone: "London", memberEmails: [SEED.users.basil.email] });
    expect(made.ok).toBe(true);
    await waitFor(() => told > before, "the invitation event", 1000);
    const pending = await harness.call("listInvitations");
    expect(pending.ok && pending.value.some((i) => i.groupName === "Polly's live sketches")).toBe(true);
  });

  it("polls as before when the server has no stream (404)", async () => {
    h = await startHarness({ sandbox: { eventStream: false }, deps: { live: { backoffMs: 50 } } });
    const harness = h;
    const arrived: Status[] = [];
    harness.app.onNewStatuses((e) => arrived.push(...e.statuses));
    await harness.app.start();
    expect((await harness.signIn()).ok).toBe(true);
    await waitFor(() => harness.app.liveState() === "absent", "the 404");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await harness.coopAs().postNote(group25, "Only by polling");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(arrived.some((s) => s.text === "Only by polling")).toBe(false);
    harness.clock.advance(60_000);
    await waitFor(() => arrived.some((s) => s.text === "Only by polling"), "the polled note");
  });
});
