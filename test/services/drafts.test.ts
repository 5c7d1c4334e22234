/** Composer drafts kept by main: through a restart, per group, and never shown to another account. */
import { describe, expect, it } from "vitest";
import { SEED } from "../../sandbox/index";
import { basilForSuite, expectValue, type Harness } from "./app-harness";

const towers = SEED.groups.fawltyTowers.id;

describe("drafts", () => {
  let h: Harness;
  basilForSuite((harness) => (h = harness));

  it("keeps each group's draft through a restart; a blank one is removed", async () => {
    expectValue(await h.call("saveDraft", { groupId: towers, text: "Half a thought" }));
    expectValue(await h.call("saveDraft", { groupId: 34, text: "Ola" }));
    expectValue(await h.call("saveDraft", { groupId: 34, text: "Ola, Manuel" }));
    await h.restart();
    await h.app.start();
    expect(expectValue(await h.call("listDrafts"))).toEqual(
      expect.arrayContaining([
        { groupId: towers, text: "Half a thought" },
        { groupId: 34, text: "Ola, Manuel" },
      ]),
    );
    expect(expectValue(await h.call("listDrafts"))).toHaveLength(2);
    expectValue(await h.call("saveDraft", { groupId: 34, text: "  " }));
    expect(expectValue(await h.call("listDrafts"))).toEqual([{ groupId: towers, text: "Half a thought" }]);
  });

  it("shows a draft to the account that typed it only, and keeps it for its return", async () => {
    expectValue(await h.call("signOut"));
    expect(await h.call("listDrafts")).toMatchObject({ ok: false, error: { kind: "signedOut" } });
    expectValue(await h.signIn(SEED.users.polly.email));
    expect(expectValue(await h.call("listDrafts"))).toEqual([]);
    expectValue(await h.call("signOut"));
    expectValue(await h.signIn());
    expect(expectValue(await h.call("listDrafts"))).toEqual([{ groupId: towers, text: "Half a thought" }]);
  });
});
