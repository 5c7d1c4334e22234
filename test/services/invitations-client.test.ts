// The Co-op client's invitation and membership calls against the real sandbox (the real server's
// routes), in both wire formats: consent before membership (docs/coop-api.md §8.4) and leaving by the
// membership id the members list now gives (§7.2).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import type { CoopClient } from "@coop-tray/protocol";
import { APP_USER_AGENT } from "../../main/app/user-agent";
import { SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ port: 0 });
});
afterAll(async () => {
  await sb.close();
});

describe.each(["json", "xml"] as const)("invitations through the Co-op client (%s)", (format) => {
  const client = (email: string): CoopClient =>
    createApiFactory({ userAgent: APP_USER_AGENT, harvestUrlTemplate: sb.harvestUrlTemplate }).coop(
      { serverUrl: sb.url, email, password: SEED.password },
      format,
    );

  it("lists a pending invitation, accepts it, then leaves with the membership id", async () => {
    const basil = client(SEED.users.basil.email);
    const manuel = client(SEED.users.manuel.email);
    const made = await basil.createGroup({
      name: `Cellar ${format}`,
      timezone: "London",
      memberEmails: [SEED.users.manuel.email],
    });
    if (!made.ok) throw new Error(made.error.message);
    const groupId = made.value;

    const pending = await manuel.listInvitations();
    if (!pending.ok) throw new Error(pending.error.message);
    const invitation = pending.value.find((i) => i.groupId === groupId);
    expect(invitation).toMatchObject({ groupName: `Cellar ${format}`, inviterName: "Basil Fawlty" });
    // Not a member until he accepts; nobody else may answer.
    const before = await manuel.listGroups();
    expect(before.ok && before.value.some((g) => g.id === groupId)).toBe(false);
    const stranger = await client(SEED.users.polly.email).answerInvitation(invitation?.id ?? 0, true);
    expect(stranger.ok ? null : stranger.error.kind).toBe("notFound");

    expect((await manuel.answerInvitation(invitation?.id ?? 0, true)).ok).toBe(true);
    const members = await manuel.listMembers(groupId);
    if (!members.ok) throw new Error(members.error.message);
    const mine = members.value.find((m) => m.email === SEED.users.manuel.email);
    expect(mine?.membershipId).toEqual(expect.any(Number));
    expect((await manuel.removeMembership(groupId, mine?.membershipId ?? 0)).ok).toBe(true);
    const after = await manuel.listGroups();
    expect(after.ok && after.value.some((g) => g.id === groupId)).toBe(false);
  });

  it("declining leaves nothing pending and joins nothing", async () => {
    const basil = client(SEED.users.basil.email);
    const polly = client(SEED.users.polly.email);
    const made = await basil.createGroup({
      name: `Attic ${format}`,
      timezone: "London",
      memberEmails: [SEED.users.polly.email],
    });
    if (!made.ok) throw new Error(made.error.message);
    const pending = await polly.listInvitations();
    const invitation = pending.ok ? pending.value.find((i) => i.groupId === made.value) : undefined;
    expect((await polly.answerInvitation(invitation?.id ?? 0, false)).ok).toBe(true);
    const again = await polly.listInvitations();
    expect(again.ok && again.value.some((i) => i.groupId === made.value)).toBe(false);
    const groups = await polly.listGroups();
    expect(groups.ok && groups.value.some((g) => g.id === made.value)).toBe(false);
  });
});
