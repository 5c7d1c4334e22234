/**
 * Sharing today's time entry through the app's own handlers (createApp on the real keychain, a temp
 * store and the sandbox, which is the real server): only to the user's own groups, with the note
 * shown first, and never to a feed that already shows the entry or the same note.
 */
import { describe, expect, it } from "vitest";
import { HARVEST_V2_SEED, SEED } from "../../sandbox/index";
import { expectValue, type Harness } from "./app-harness";
import { harvestV2Harness, signInAndConnect, startOnSeedEvening } from "./harvest-v2-harness";

const V2 = HARVEST_V2_SEED;
const start = harvestV2Harness();

async function signedIn(email: string, token: string): Promise<Harness> {
  const harness = await start();
  await startOnSeedEvening(harness);
  const outcome = await signInAndConnect(harness, email, token);
  if (outcome.kind === "chooseAccount")
    expectValue(await harness.call("chooseHarvestAccount", { accountId: V2.accounts.fawlty.id }));
  return harness;
}

const statusPosts = (app: Harness) =>
  app.sandbox.control.requests.filter((r) => r.method === "POST" && /^\/groups\/\d+\/statuses/.test(r.path));

describe("sharing a time entry", () => {
  it("offers only the user's groups, says where the feed already shows the entry, and refuses both", async () => {
    // Co-op keeps Polly's Harvest login, so her running entry is gathered into her group's feed.
    const app = await signedIn(SEED.users.polly.email, V2.tokens.polly);
    expectValue(await app.call("getTimers", { refresh: true }));
    const options = expectValue(await app.call("shareTimerOptions", { entryId: V2.runningEntryId }));
    // Polly is in Fawlty Towers only: Argentina (a group of Basil's) is not offered.
    expect(options.groups).toEqual([{ groupId: SEED.groups.fawltyTowers.id, name: "Fawlty Towers", already: "entry" }]);
    const text = options.text;
    const refusals = [
      [SEED.groups.fawltyTowers.id, "Fawlty Towers already shows this timer in its feed: there is nothing to share."],
      [SEED.groups.argentina.id, "That group is not one of yours; choose one of the groups listed."],
      [999_999, "That group is not one of yours; choose one of the groups listed."],
    ] as const;
    for (const [groupId, message] of refusals)
      expect(await app.call("shareTimer", { groupId, entryId: V2.runningEntryId, text })).toMatchObject({
        ok: false,
        error: { kind: "invalidInput", message },
      });
    expect(expectValue(await app.call("listOutbox"))).toEqual([]);
    await app.app.refreshAll();
    expect(statusPosts(app)).toEqual([]);
  });

  it("posts the note as shown (or as edited) to the chosen group, once", async () => {
    const app = await signedIn(SEED.users.basil.email, V2.tokens.basil);
    // Without a Harvest login kept by Co-op, no feed gathers Basil's entries: sharing is how they hear.
    expectValue(await app.call("unlinkHarvest"));
    const started = expectValue(
      await app.call("startTimer", { projectId: V2.projects.gourmetNight, taskId: V2.tasks.putButter, notes: "Trays" }),
    );
    const options = expectValue(await app.call("shareTimerOptions", { entryId: started.id }));
    expect(options.text).toBe("Working on Gourmet Night — Put butter on trays (City of Torquay): Trays");
    expect(options.groups.map((g) => [g.groupId, g.already])).toEqual([
      [SEED.groups.fawltyTowers.id, null],
      [SEED.groups.argentina.id, null],
    ]);
    const text = `${options.text} — back in ten`;
    const shared = expectValue(
      await app.call("shareTimer", { groupId: SEED.groups.argentina.id, entryId: started.id, text: `  ${text}\n` }),
    );
    expect(shared).toMatchObject({ groupId: SEED.groups.argentina.id, text });
    // The same note again is a duplicate, whether still queued or already in the feed.
    const again = { groupId: SEED.groups.argentina.id, entryId: started.id, text };
    expect(await app.call("shareTimer", again)).toMatchObject({ ok: false, error: { kind: "invalidInput" } });
    await app.app.refreshAll();
    await expect.poll(() => statusPosts(app).length).toBe(1);
    await expect.poll(async () => expectValue(await app.call("listOutbox")).map((n) => n.state)).toEqual(["sent"]);
    expect(await app.call("shareTimer", again)).toMatchObject({
      ok: false,
      error: { message: "This note is already in Fawlty Towers - Argentina." },
    });
    // The preview is not the edited note that went out, so it is still offered in both groups.
    const after = expectValue(await app.call("shareTimerOptions", { entryId: started.id }));
    expect(after.groups.map((g) => [g.groupId, g.already])).toEqual([
      [SEED.groups.fawltyTowers.id, null],
      [SEED.groups.argentina.id, null],
    ]);
    expect(statusPosts(app)).toHaveLength(1);
  });
});
