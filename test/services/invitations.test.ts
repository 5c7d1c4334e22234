// The app's invitations service against the sandbox (the real server's routes, the real keychain):
// Polly invites Basil, the app lists the pending invitation, accepts it and shows the group at once;
// declining joins nothing. Consent: docs/coop-api.md §8.4.
import { describe, expect, it } from "vitest";
import { SEED } from "../../sandbox/index";
import { basilForSuite, expectValue } from "./app-harness";
import type { Harness } from "./app-harness";

describe("the app's pending invitations", () => {
  let h: Harness;
  basilForSuite((harness) => (h = harness));

  async function invitedBy(name: string): Promise<number> {
    const made = await h.coopAs().createGroup({ name, timezone: "London", memberEmails: [SEED.users.basil.email] });
    if (!made.ok) throw new Error(made.error.message);
    return made.value;
  }

  it("lists an invitation, accepts it and has the group in the list at once", async () => {
    const groupId = await invitedBy("Polly's sketches");
    const pending = expectValue(await h.call("listInvitations"));
    const invitation = pending.find((i) => i.groupId === groupId);
    expect(invitation).toMatchObject({ groupName: "Polly's sketches", inviterName: "Polly Sherman" });
    expect(expectValue(await h.call("listGroups")).some((g) => g.group.id === groupId)).toBe(false);

    expectValue(await h.call("answerInvitation", { invitationId: invitation?.id ?? 0, accept: true }));
    expect(expectValue(await h.call("listGroups")).some((g) => g.group.id === groupId)).toBe(true);
    expect(expectValue(await h.call("listInvitations")).some((i) => i.groupId === groupId)).toBe(false);
    // Answered once: a second answer is a clear not-found, not a crash.
    const again = await h.call("answerInvitation", { invitationId: invitation?.id ?? 0, accept: true });
    expect(again.ok ? null : again.error.kind).toBe("notFound");
  });

  it("declines: nothing pending, no group", async () => {
    const groupId = await invitedBy("Polly's drafts");
    const invitation = expectValue(await h.call("listInvitations")).find((i) => i.groupId === groupId);
    expectValue(await h.call("answerInvitation", { invitationId: invitation?.id ?? 0, accept: false }));
    expect(expectValue(await h.call("listInvitations")).some((i) => i.groupId === groupId)).toBe(false);
    expect(expectValue(await h.call("refreshGroups")).some((g) => g.group.id === groupId)).toBe(false);
  });
});
