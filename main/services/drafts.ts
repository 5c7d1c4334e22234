/**
 * Composer drafts: what the user typed for a group and has not posted, kept per account and group so
 * it survives switching tabs, switching groups and restarting the app. A draft is a convenience, not
 * a promise (the outbox is the promise once Post is pressed), so it is written with the debounced
 * cache writes; the store flushes them on quit.
 */
import { MAX_TEXT_LENGTH, type Draft, type ServiceHandlers } from "../../shared/contract";
import { err, ok, type Result } from "../../shared/errors";
import type { Clock } from "./clock";
import type { Session } from "./session";
import type { AppStore } from "./store";

/** Most drafts kept over all accounts; the least recently typed go first. */
const MAX_DRAFTS = 200;

const SIGNED_OUT = { kind: "signedOut", message: "Sign in to a Co-op server first." } as const;

export class Drafts {
  constructor(
    private readonly store: AppStore,
    private readonly session: Pick<Session, "key">,
    private readonly clock: Clock,
  ) {}

  /** The signed-in user's drafts; another account's stay hidden until that account signs in again. */
  list(): Result<Draft[]> {
    const owner = this.session.key;
    if (!owner) return err(SIGNED_OUT);
    return ok(this.store.doc.drafts.filter((d) => d.owner === owner).map(({ groupId, text }) => ({ groupId, text })));
  }

  /** Keeps `text` as the group's draft; blank text removes it (posted, or cleared). */
  save(groupId: number, text: string): Result<null> {
    const owner = this.session.key;
    if (!owner) return err(SIGNED_OUT);
    const kept =
      text.trim() === "" ? null : { owner, groupId, text: text.slice(0, MAX_TEXT_LENGTH), savedAt: this.clock.now() };
    this.store.update((doc) => {
      const others = doc.drafts.filter((d) => !(d.owner === owner && d.groupId === groupId));
      if (kept === null) return { ...doc, drafts: others };
      const drafts = [...others, kept].sort((a, b) => b.savedAt - a.savedAt).slice(0, MAX_DRAFTS);
      return { ...doc, drafts };
    });
    return ok(null);
  }
}

/** The contract calls drafts answer. */
export function draftCalls(drafts: Drafts) {
  return {
    listDrafts: async () => drafts.list(),
    saveDraft: async ({ groupId, text }) => drafts.save(groupId, text),
  } satisfies Partial<ServiceHandlers>;
}
