/**
 * The Groups view in happy-dom over a fake main: the owners' names of groups someone else owns are
 * asked for once each, not again each time another name arrives.
 */
import { render } from "preact";
import { act } from "preact/test-utils";
import { describe, expect, it } from "vitest";
import { ApiContext } from "../../renderer/api-context";
import { createAppModel } from "../../renderer/model/app-model";
import { ModelContext } from "../../renderer/model/context";
import { GroupsView } from "../../renderer/views/groups";
import type { AccountSummary, CallResult, GroupSummary } from "../../shared/contract";
import type { Member } from "@coop-tray/protocol/models";
import { createFakeApi, group, later, ok, settle, signedIn } from "./fake-api";
import { testRoot } from "./test-root";

const ownedBy = (summary: GroupSummary, ownerId: number): GroupSummary => ({
  ...summary,
  group: { ...summary.group, ownerId },
});
const member = (id: number, firstName: string): Member => ({
  id,
  firstName,
  lastName: "Fawlty",
  email: `${firstName.toLowerCase()}@fawltytowers.com`,
  city: null,
  avatarThumbUrl: null,
  updatedAt: null,
  membershipId: null,
});

const owners = (root: HTMLElement): (string | null)[] =>
  [...root.querySelectorAll('[data-testid="group-owner"]')].map((p) => p.textContent);

describe("the Groups view", () => {
  it("asks once per owner for the names of owners who are not the user", async () => {
    const fake = createFakeApi();
    fake.answer("listInvitations", () => ok([]));
    const towers = later<CallResult<"listMembers">>();
    const argentina = later<CallResult<"listMembers">>();
    fake.answer("listMembers", ({ groupId }) => (groupId === 25 ? towers.promise : argentina.promise));
    const groups = [
      ownedBy(group(25, "Fawlty Towers"), 2),
      ownedBy(group(34, "Fawlty Towers - Argentina"), 3),
      ownedBy(group(41, "Fawlty Towers - Kitchen"), 2),
    ];
    const account = signedIn().account as AccountSummary;
    const root = testRoot();
    await act(() => {
      render(
        <ApiContext.Provider value={fake.api}>
          <ModelContext.Provider value={createAppModel(fake.api, { storage: null })}>
            <GroupsView
              groups={groups}
              account={account}
              online
              mutedGroupIds={[]}
              onChanged={() => undefined}
              onOpen={() => undefined}
            />
          </ModelContext.Provider>
        </ApiContext.Provider>,
        root,
      );
    });
    await act(() => settle());
    expect(fake.argsOf("listMembers")).toEqual([{ groupId: 25 }, { groupId: 34 }]);

    // Sybil's name arrives first; Manuel's group is still being asked about and is not asked again.
    await act(() => towers.resolve(ok([member(2, "Sybil")])));
    await act(() => settle());
    expect(owners(root)).toEqual(["Owned by Sybil Fawlty", "Owned by another member", "Owned by Sybil Fawlty"]);
    await act(() => argentina.resolve(ok([member(3, "Manuel")])));
    await act(() => settle());
    expect(owners(root)).toEqual(["Owned by Sybil Fawlty", "Owned by Manuel Fawlty", "Owned by Sybil Fawlty"]);
    expect(fake.argsOf("listMembers")).toEqual([{ groupId: 25 }, { groupId: 34 }]);
  });
});
