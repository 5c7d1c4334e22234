/**
 * The Groups tab counts the invitations waiting for the signed-in user, from any tab, with a name that
 * says what the number is; the count is the model's one list (read once per account, re-read after an
 * answer), emptied on sign-out.
 */
import type { Invitation } from "@coop-tray/protocol/models";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAppModel, type AppModel } from "../../renderer/model/app-model";
import { ModelContext } from "../../renderer/model/context";
import { TabBar } from "../../renderer/views/tab-bar";
import { createFakeApi, group, ok, settle, signedIn, signedOut, type FakeApi } from "./fake-api";

const invitation = (id: number, groupName: string): Invitation => ({
  id,
  groupId: 100 + id,
  groupName,
  inviterName: "Polly Sherman",
  createdAt: null,
});

let root: HTMLElement;
let stop: (() => void) | null = null;
beforeEach(() => {
  root = document.createElement("div");
  document.body.append(root);
});
afterEach(() => {
  stop?.();
  stop = null;
  render(null, root);
  root.remove();
});

function signedInApi(pending: Invitation[]): FakeApi {
  const fake = createFakeApi();
  fake.answer("getState", () => ok(signedIn()));
  fake.answer("listGroups", () => ok([group(25, "Fawlty Towers")]));
  fake.answer("listOutbox", () => ok([]));
  fake.answer("listDrafts", () => ok([]));
  fake.answer("listInvitations", () => ok([...pending]));
  fake.answer("answerInvitation", ({ invitationId }) => {
    pending.splice(
      pending.findIndex((i) => i.id === invitationId),
      1,
    );
    return ok(null);
  });
  return fake;
}

async function mount(fake: FakeApi): Promise<AppModel> {
  const model = createAppModel(fake.api, { storage: null });
  stop = model.start();
  await act(() => {
    render(
      <ModelContext.Provider value={model}>
        <TabBar />
      </ModelContext.Provider>,
      root,
    );
  });
  await act(() => settle());
  return model;
}

const groupsTab = (): HTMLButtonElement => {
  const tab = root.querySelector<HTMLButtonElement>('[data-view="groups"]');
  if (tab === null) throw new Error("no Groups tab");
  return tab;
};

describe("the Groups tab's invitation count", () => {
  it("shows the pending count on the Groups tab, named for what it counts, and follows answers", async () => {
    const fake = signedInApi([invitation(1, "Polly's sketches"), invitation(2, "Polly's drafts")]);
    const model = await mount(fake);
    // Read once at the start, without opening the Groups tab.
    expect(model.view.value).toBe("feed");
    expect(fake.argsOf("listInvitations")).toHaveLength(1);
    expect(groupsTab().getAttribute("aria-label")).toBe("Groups, 2 invitations");
    expect(groupsTab().querySelector(".tab-badge")?.textContent).toBe("2");
    expect(groupsTab().querySelector(".tab-badge")?.getAttribute("aria-hidden")).toBe("true");

    await act(async () => {
      expect((await model.answerInvitation(1, true)).ok).toBe(true);
    });
    expect(groupsTab().getAttribute("aria-label")).toBe("Groups, 1 invitation");
    await act(async () => void (await model.answerInvitation(2, false)));
    expect(groupsTab().hasAttribute("aria-label")).toBe(false);
    expect(groupsTab().querySelector(".tab-badge")).toBeNull();
    expect(groupsTab().textContent).toBe("Groups");
  });

  it("has no badge with nothing pending, and drops the count on sign-out", async () => {
    const fake = signedInApi([invitation(3, "Kitchen")]);
    await mount(fake);
    expect(groupsTab().querySelector(".tab-badge")?.textContent).toBe("1");
    await act(() => fake.emit("stateChanged", signedOut()));
    expect(groupsTab().querySelector(".tab-badge")).toBeNull();
    expect(groupsTab().hasAttribute("aria-label")).toBe(false);
  });

  it("keeps the count it knew when a re-read fails, rather than hiding the invitations", async () => {
    const fake = signedInApi([invitation(4, "Kitchen")]);
    const model = await mount(fake);
    fake.answer("listInvitations", () => ({ ok: false, error: { kind: "signedOut", message: "Sign in first." } }));
    await act(() => model.loadInvitations());
    expect(groupsTab().getAttribute("aria-label")).toBe("Groups, 1 invitation");
  });
});
