/**
 * Invitations: an address that is not yet a user gets a single-use link (a random 32-byte token;
 * the database keeps its SHA-256 for lookup and a sealed copy so `invitations list` can show it).
 * Delivery is pluggable: SMTP when configured, otherwise the operator hands the link on.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Logger } from "../log";
import type { SecretBox } from "../secrets";
import type { Group, User } from "../store/records";
import type { Store } from "../store/store";

export interface InvitationMail {
  readonly to: string;
  readonly link: string;
  readonly groupName: string;
  readonly inviterName: string;
}

export type Deliver = (mail: InvitationMail) => Promise<void>;

export interface Invitations {
  invite(group: Group, inviter: User | null, email: string): Promise<void>;
  linkFor(tokenSealed: string): string;
}

export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

export function invitations(options: {
  store: Store;
  secrets: SecretBox;
  now: () => number;
  publicUrl: () => string;
  deliver: Deliver | null;
  log: Logger;
}): Invitations {
  const linkFor = (sealed: string): string => `${options.publicUrl()}/invitations/${options.secrets.open(sealed)}`;
  return {
    linkFor,
    async invite(group, inviter, email) {
      const token = randomBytes(32).toString("base64url");
      const sealed = options.secrets.seal(token);
      await options.store.invitations.create(
        group.id,
        email,
        tokenHash(token),
        sealed,
        inviter?.id ?? null,
        options.now(),
      );
      if (options.deliver === null) {
        options.log.log("info", "invitation created (no SMTP: see `invitations list`)", { group: group.id, to: email });
        return;
      }
      const inviterName = inviter === null ? "Co-op" : `${inviter.firstName} ${inviter.lastName}`.trim();
      try {
        await options.deliver({ to: email, link: linkFor(sealed), groupName: group.name, inviterName });
        options.log.log("info", "invitation sent", { group: group.id, to: email });
      } catch (error) {
        // The invitation stands; the operator can still hand the link on.
        options.log.log("warn", "invitation mail failed (see `invitations list`)", {
          group: group.id,
          to: email,
          error,
        });
      }
    },
  };
}
