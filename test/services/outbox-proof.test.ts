/**
 * No false proof of delivery: after an ambiguous failure the outbox may only take a status as its
 * own delivery when it appeared after the note's first attempt began. The report's case: "Lunch?"
 * posted from the web a minute earlier, then the same text from the tray, whose POST got a 500
 * that stored nothing. The tray's note must be posted, not marked sent on the web's copy.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import { SEED } from "../../sandbox/index";
import type { OutboxItem } from "../../shared/contract";
import { basilForSuite, expectValue, type Harness } from "./app-harness";
import { waitFor } from "./helpers";
import { APP_USER_AGENT } from "../../main/app/user-agent";

const group25 = SEED.groups.fawltyTowers.id;
const POST_ROUTE = `/groups/${group25}/statuses`;
const basil = { email: SEED.users.basil.email, password: SEED.password };

describe("the outbox's proof of delivery", () => {
  let h: Harness;
  basilForSuite((harness) => (h = harness), { refreshed: true });
  afterEach(() => h.sandbox.control.clearFaults());

  const item = async (id: string): Promise<OutboxItem | undefined> =>
    expectValue(await h.call("listOutbox")).find((i) => i.id === id);
  const onServer = (text: string) => h.sandbox.control.statuses(group25).filter((s) => s.text === text);

  async function settle(id: string): Promise<OutboxItem> {
    return waitFor(async () => {
      const current = await item(id);
      if (current?.state === "sent" || current?.state === "failed") return current;
      const waitsUntil = current?.state === "queued" ? current.nextAttemptAt : null;
      if (waitsUntil !== null && waitsUntil > h.clock.now()) h.clock.advance(waitsUntil - h.clock.now());
      return null;
    }, `note ${id} to settle`);
  }

  it("a same-text note from the web a minute earlier is not taken as the tray's delivery", async () => {
    const web = createApiFactory({ userAgent: APP_USER_AGENT, harvestUrlTemplate: h.sandbox.harvestUrlTemplate });
    const fromWeb = await web.coop({ serverUrl: h.sandbox.url, ...basil }, "xml").postNote(group25, "Lunch?");
    await web.close();
    expect(fromWeb.ok).toBe(true);
    h.clock.advance(60_000);

    // The tray's POST gets a 500 and the server stores nothing: an ambiguous failure.
    h.sandbox.control.fault({ kind: "status500", route: POST_ROUTE, method: "POST" });
    const posted = expectValue(await h.call("postNote", { groupId: group25, text: "Lunch?" }));
    const sent = await settle(posted.id);

    expect(sent.state).toBe("sent");
    const copies = onServer("Lunch?");
    expect(copies).toHaveLength(2);
    expect(fromWeb.ok && sent.statusId).not.toBe(fromWeb.ok ? fromWeb.value : null);
    expect(copies.map((s) => s.id)).toContain(sent.statusId);
  });
});
