import { describe, expect, it } from "vitest";
import { SEED } from "../../sandbox/index";
import { basilForSuite, expectValue, type Harness } from "./app-harness";

const group25 = SEED.groups.fawltyTowers.id;

describe("unread counts across restarts", () => {
  let h: Harness;
  basilForSuite((harness) => (h = harness), { refreshed: true });
  const polly = () => h.coopAs();
  const unread = async (): Promise<number | undefined> =>
    expectValue(await h.call("listGroups")).find((g) => g.group.id === group25)?.unread;

  it("keeps an unread status unread through a restart, and a seen one seen", async () => {
    expectValue(await polly().postNote(group25, "Polly: table four wants the duck"));
    await h.app.refreshAll();
    expect(await unread()).toBe(1);

    await h.restart();
    await h.app.start();
    expect(await unread()).toBe(1);
    await h.app.refreshAll();
    expect(await unread()).toBe(1);

    expectValue(await h.call("markSeen", { groupId: group25 }));
    expect(await unread()).toBe(0);
    await h.restart();
    await h.app.start();
    await h.app.refreshAll();
    expect(await unread()).toBe(0);

    // Something new after the restart is counted from where the user left off.
    expectValue(await polly().postNote(group25, "Polly: and the Waldorf salad"));
    await h.restart();
    await h.app.start();
    await h.app.refreshAll();
    expect(await unread()).toBe(1);
  });

  it("Refresh brings every group's news, not only the open group's (issue 21)", async () => {
    const before = (await unread()) ?? 0;
    expectValue(await polly().postNote(group25, "Polly: news while Basil reads another group"));
    // No poll runs on the fake clock: only Refresh can have fetched the feed.
    const groups = expectValue(await h.call("refreshGroups"));
    expect(groups.find((g) => g.group.id === group25)?.unread).toBe(before + 1);
  });
});

describe("muting a group", () => {
  let h: Harness;
  const notified: number[] = [];
  basilForSuite(
    (harness) => {
      h = harness;
      h.app.onNewStatuses((event) => notified.push(event.groupId));
    },
    { refreshed: true },
  );
  const polly = () => h.coopAs();

  it("raises no notification for a muted group's new statuses, which still count as unread; unmuting brings them back", async () => {
    const settings = expectValue(await h.call("updateSettings", { mutedGroupIds: [group25] }));
    expect(settings.mutedGroupIds).toEqual([group25]);
    expectValue(await polly().postNote(group25, "Polly: muted news"));
    await h.app.refreshAll();
    expect(notified).toEqual([]);
    expect(expectValue(await h.call("listGroups")).find((g) => g.group.id === group25)?.unread).toBe(1);
    // The group's list still says "1 new", but the tray's badge leaves a muted group out (issue 21).
    expect(h.app.trayState()).toBe("normal");

    // Kept across a restart, like every setting.
    await h.restart();
    await h.app.start();
    expect(expectValue(await h.call("getSettings")).mutedGroupIds).toEqual([group25]);
    h.app.onNewStatuses((event) => notified.push(event.groupId));

    expectValue(await h.call("updateSettings", { mutedGroupIds: [] }));
    expectValue(await polly().postNote(group25, "Polly: loud news"));
    await h.app.refreshAll();
    expect(notified).toEqual([group25]);
  });
});
