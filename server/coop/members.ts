/** Adding people to a group by email: existing users join at once, anyone else is invited (invitations.ts). */
import { EMAIL_PATTERN } from "@coop-tray/protocol/rules";
import type { Group, User } from "../store/records";
import type { CoopServices } from "./context";

export function emailList(value: string | null | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
}

export async function invite(
  services: CoopServices,
  group: Group,
  inviter: User,
  emails: readonly string[],
): Promise<void> {
  const { store, invitations } = services;
  for (const email of emails) {
    if (!EMAIL_PATTERN.test(email)) continue;
    const invitee = await store.users.byEmail(email);
    if (invitee !== null && invitee.passwordHash !== null) await store.memberships.join(group.id, invitee.id);
    else if (invitee === null) await invitations.invite(group, inviter, email);
  }
}
