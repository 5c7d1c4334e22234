/**
 * Invitations (docs/coop-api.md §8): every address added to a group gets a single-use invitation,
 * whether or not it has an account, so the answer never tells which emails have accounts and nobody
 * joins without consent. The link is a random 32-byte token; the database keeps its SHA-256 for lookup
 * and a sealed copy so `invitations list` can show it. Delivery is pluggable: SMTP when configured,
 * otherwise the operator hands the link on. Each user may invite a limited number of addresses a day,
 * counted in the database so every instance on one database shares the count.
 */
import { createHash, randomBytes } from "node:crypto";
import { EMAIL_PATTERN } from "@coop-tray/protocol/rules";
import { HttpError } from "../http/errors";
import type { Logger } from "../log";
import type { SecretBox } from "../secrets";
import type { Group, User } from "../store/records";
import type { Store } from "../store/store";

/** A plain-text mail: nothing in it is HTML, and nothing a user typed can become a link. */
export interface InvitationMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export type Deliver = (mail: InvitationMail) => Promise<void>;

export interface Invitations {
  /** The addresses that look like emails, once each; 429 when inviting them would pass the inviter's daily
   * limit (checked before anything is made, so a refused group create leaves no group behind). */
  admit(inviter: User, emails: readonly string[]): Promise<string[]>;
  /** Invites admitted addresses (see `admit`). */
  invite(group: Group, inviter: User, admitted: readonly string[]): Promise<void>;
  linkFor(tokenSealed: string): string;
}

export const INVITATIONS_PER_DAY = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

/**
 * Text a user chose (a group's or a person's name), made unable to turn into a link in a mail reader:
 * mail clients link anything that looks like an address or a domain, so the dots, colons and at signs
 * that would make one are bracketed ("phish[.]example").
 */
export function inert(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/:(?=\/\/)/g, "[:]")
    .replace(/\.(?=\S)/g, "[.]")
    .replace(/@/g, "[at]");
}

export function invitationMail(input: {
  readonly to: string;
  readonly link: string;
  readonly group: Group;
  readonly inviter: User;
  readonly hasAccount: boolean;
}): InvitationMail {
  const who = inert(`${input.inviter.firstName} ${input.inviter.lastName}`.trim());
  const from = `${who} (${inert(input.inviter.email)})`;
  const group = `"${inert(input.group.name)}"`;
  const how = input.hasAccount
    ? `You already have a Co-op account with this address. To accept or decline, open Co-op Tray and go to Groups, then Invitations, or open this page:\n${input.link}\n`
    : `To accept, choose your name and a password here (the link works once):\n${input.link}\n\nThen sign in from Co-op Tray with this email address.\n`;
  return {
    to: input.to,
    subject: `${who} invited you to a group on Co-op`,
    text: `${from} invited ${input.to} to the group ${group} on Co-op.\n\nYou join only if you accept. ${how}\nIf you do not know this person, ignore this mail: nothing happens unless you accept.\n`,
  };
}

export function invitations(options: {
  store: Store;
  secrets: SecretBox;
  now: () => number;
  publicUrl: () => string;
  deliver: Deliver | null;
  log: Logger;
  perDay?: number;
}): Invitations {
  const { store, log } = options;
  const perDay = options.perDay ?? INVITATIONS_PER_DAY;
  const linkFor = (sealed: string): string => `${options.publicUrl()}/invitations/${options.secrets.open(sealed)}`;

  async function withinLimit(inviter: User, wanted: number): Promise<void> {
    const now = options.now();
    const { count, oldest } = await store.invitations.sentSince(inviter.id, now - DAY_MS);
    if (count + wanted <= perDay) return;
    const retryAfter = Math.max(1, Math.ceil(((oldest ?? now) + DAY_MS - now) / 1000));
    throw new HttpError(429, `At most ${perDay} invitations a day: try again later`, {
      "retry-after": String(retryAfter),
    });
  }

  async function one(group: Group, inviter: User, email: string): Promise<void> {
    const account = await store.users.byEmail(email);
    // Already in, or already asked: nothing new to send (and the answer stays the same).
    if (account !== null && (await store.memberships.find(group.id, account.id)) !== null) return;
    if (await store.invitations.isPending(group.id, email)) return;
    const token = randomBytes(32).toString("base64url");
    const sealed = options.secrets.seal(token);
    await store.invitations.create(group.id, email, tokenHash(token), sealed, inviter.id, options.now());
    if (options.deliver === null) {
      log.log("info", "invitation created (no SMTP: see `invitations list`)", { group: group.id });
      return;
    }
    const mail = invitationMail({ to: email, link: linkFor(sealed), group, inviter, hasAccount: account !== null });
    try {
      await options.deliver(mail);
      log.log("info", "invitation sent", { group: group.id });
    } catch (error) {
      // The invitation stands; the operator can still hand the link on.
      log.log("warn", "invitation mail failed (see `invitations list`)", { group: group.id, error });
    }
  }

  return {
    linkFor,
    async admit(inviter, emails) {
      const byKey = new Map(emails.filter((e) => EMAIL_PATTERN.test(e)).map((e) => [e.trim().toLowerCase(), e.trim()]));
      const valid = [...byKey.values()];
      if (valid.length > 0) await withinLimit(inviter, valid.length);
      return valid;
    },
    async invite(group, inviter, admitted) {
      for (const email of admitted) await one(group, inviter, email);
    },
  };
}
