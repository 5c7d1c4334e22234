/**
 * Invitations (docs/coop-api.md §8): every address added to a group gets a single-use invitation,
 * whether or not it has an account, so the answer never tells which emails have accounts and nobody
 * joins without consent. The link is a random 32-byte token; the database keeps its SHA-256 for lookup
 * and a sealed copy so `invitations list` can show it. Delivery is pluggable: SMTP when configured,
 * otherwise the operator hands the link on, and mails go out only once their invitations are committed.
 * Each user may invite a limited number of addresses a day, counted in the database, together with
 * the inserts, so neither concurrent requests nor other instances on one database can pass it.
 */
import { createHash, randomBytes } from "node:crypto";
import { EMAIL_PATTERN } from "@coop-tray/protocol/rules";
import type { Transaction } from "kysely";
import { HttpError } from "../http/errors";
import type { Logger } from "../log";
import type { SecretBox } from "../secrets";
import type { InvitationTicket } from "../store/invitations";
import type { Group, User } from "../store/records";
import type { Database } from "../store/schema";
import type { Store } from "../store/store";

/** A plain-text mail: nothing in it is HTML, and nothing a user typed can become a link. */
export interface InvitationMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export type Deliver = (mail: InvitationMail) => Promise<void>;

export interface Invitations {
  /** The addresses that look like emails, once each. */
  addresses(emails: readonly string[]): string[];
  /**
   * Inside the caller's transaction: invites the addresses not yet in the group nor invited to it, or
   * throws 429 when that would pass the inviter's daily limit (so the transaction, and e.g. the group a
   * `POST /groups` made in it, is rolled back). Returns the mails to send once the transaction commits.
   */
  inviteIn(tx: Transaction<Database>, group: Group, inviter: User, addresses: readonly string[]): Promise<Mails>;
  /** `inviteIn` in a transaction of its own, then its mails. */
  invite(group: Group, inviter: User, addresses: readonly string[]): Promise<void>;
  /** Sends what `inviteIn` made; a mail that fails leaves its invitation standing. */
  send(mails: Mails): Promise<void>;
  linkFor(tokenSealed: string): string;
}

/** The mails for invitations just made, with the group each is for (for the log). */
export type Mails = readonly { readonly groupId: number; readonly mail: InvitationMail }[];

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

  function ticket(email: string): InvitationTicket {
    const token = randomBytes(32).toString("base64url");
    return { email, tokenHash: tokenHash(token), tokenSealed: options.secrets.seal(token) };
  }

  async function inviteIn(tx: Transaction<Database>, group: Group, inviter: User, addresses: readonly string[]) {
    if (addresses.length === 0) return [];
    const now = options.now();
    const issued = await store.invitations.issueIn(tx, {
      groupId: group.id,
      inviterId: inviter.id,
      tickets: addresses.map(ticket),
      at: now,
      limit: { count: perDay, since: now - DAY_MS },
    });
    if (issued.kind === "over") {
      const retryAfter = Math.max(1, Math.ceil((issued.oldest + DAY_MS - now) / 1000));
      throw new HttpError(429, `At most ${perDay} invitations a day: try again later`, {
        "retry-after": String(retryAfter),
      });
    }
    return issued.made.map(({ ticket: made, hasAccount }) => ({
      groupId: group.id,
      mail: invitationMail({ to: made.email, link: linkFor(made.tokenSealed), group, inviter, hasAccount }),
    }));
  }

  async function send(mails: Mails): Promise<void> {
    for (const { groupId, mail } of mails) {
      if (options.deliver === null) {
        log.log("info", "invitation created (no SMTP: see `invitations list`)", { group: groupId });
        continue;
      }
      try {
        await options.deliver(mail);
        log.log("info", "invitation sent", { group: groupId });
      } catch (error) {
        // The invitation stands; the operator can still hand the link on.
        log.log("warn", "invitation mail failed (see `invitations list`)", { group: groupId, error });
      }
    }
  }

  return {
    linkFor,
    addresses: (emails) => [
      ...new Map(emails.filter((e) => EMAIL_PATTERN.test(e)).map((e) => [e.trim().toLowerCase(), e.trim()])).values(),
    ],
    inviteIn,
    send,
    async invite(group, inviter, addresses) {
      await send(await store.db.transaction().execute((tx) => inviteIn(tx, group, inviter, addresses)));
    },
  };
}
