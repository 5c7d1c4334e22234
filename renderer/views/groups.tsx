/** The user's groups with their time zone and members; create, edit, change owner, delete. */
import type { JSX } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { AccountSummary, GroupSummary } from "../../shared/contract";
import type { Group } from "@coop-tray/protocol/models";
import { useApi } from "../api-context";
import { PlusIcon } from "../components/icons";
import { Flash } from "../components/flash";
import { OFFLINE_REASON } from "./offline-reason";
import { ChangeOwnerDialog, DeleteGroupDialog, GroupFormDialog } from "./group-dialogs";
import { MembersDialog } from "./group-members";
import { InvitationsPanel } from "./invitations";

type Open =
  | { readonly kind: "create" }
  | { readonly kind: "edit" | "owner" | "delete" | "members"; readonly group: Group }
  | null;

export interface GroupsViewProps {
  readonly groups: readonly GroupSummary[] | null;
  readonly account: AccountSummary;
  /** Offline, changes are not offered (each disabled control says why). */
  readonly online: boolean;
  /** Groups whose new statuses raise no notification. */
  readonly mutedGroupIds: readonly number[];
  readonly onChanged: () => void;
  readonly onOpen: (groupId: number) => void;
}

export function GroupsView({
  groups,
  account,
  online,
  mutedGroupIds,
  onChanged,
  onOpen,
}: GroupsViewProps): JSX.Element {
  const offline = online ? undefined : OFFLINE_REASON;
  const api = useApi();
  // Owners' names: Co-op sends only the id, so the members of a group someone else owns are read, once
  // per owner (asked again with a later list only when the answer did not name them).
  const [ownerNames, setOwnerNames] = useState<ReadonlyMap<number, string>>(new Map());
  const asked = useRef(new Set<number>());
  useEffect(() => {
    for (const { group } of groups ?? []) {
      const ownerId = group.ownerId;
      if (ownerId == null || ownerId === account.userId || asked.current.has(ownerId)) continue;
      asked.current.add(ownerId);
      void api.listMembers({ groupId: group.id }).then((result) => {
        const owner = result.ok ? result.value.find((m) => m.id === ownerId) : undefined;
        if (!owner) return void asked.current.delete(ownerId);
        setOwnerNames((names) =>
          new Map(names).set(owner.id, `${owner.firstName} ${owner.lastName}`.trim() || owner.email),
        );
      });
    }
  }, [api, groups, account.userId]);
  const [muteError, setMuteError] = useState<string | null>(null);
  // Saved as a setting; main's stateChanged brings the new list back to this view.
  const toggleMute = (groupId: number): void => {
    const muted = mutedGroupIds.includes(groupId);
    const next = muted ? mutedGroupIds.filter((id) => id !== groupId) : [...mutedGroupIds, groupId];
    setMuteError(null);
    void api.updateSettings({ mutedGroupIds: next }).then((result) => {
      if (!result.ok) setMuteError(result.error.message);
    });
  };
  const unreadGroups = (groups ?? []).filter((g) => g.unread > 0);
  const [marking, setMarking] = useState(false);
  // Every group's latest statuses marked as seen (Co-op has no read state: it is kept here).
  const markAllRead = (): void => {
    setMarking(true);
    void Promise.all(unreadGroups.map(({ group }) => api.markSeen({ groupId: group.id }))).then(() => {
      setMarking(false);
      setFlash("Marked everything as read.");
      onChanged();
    });
  };
  const ownerLabel = (ownerId: number | null | undefined): string | null => {
    if (ownerId == null) return null;
    if (ownerId === account.userId) return "Owned by you";
    const name = ownerNames.get(ownerId);
    return name ? `Owned by ${name}` : "Owned by another member";
  };
  const [open, setOpen] = useState<Open>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const close = useCallback(() => setOpen(null), []);
  const done = (message: string): void => {
    setOpen(null);
    setFlash(message);
    onChanged();
  };

  return (
    <div class="view-scroll">
      <div class="section-head">
        <p class="section-sub">
          {groups ? `${groups.length} ${groups.length === 1 ? "group" : "groups"}` : "Loading…"}
        </p>
        <button
          type="button"
          class="btn btn-small"
          disabled={marking || unreadGroups.length === 0}
          title={unreadGroups.length === 0 ? "Nothing unread" : undefined}
          onClick={markAllRead}
        >
          {marking ? "Marking…" : "Mark all read"}
        </button>
        <button
          type="button"
          class="btn btn-small btn-primary"
          disabled={!online}
          title={offline}
          aria-describedby={online ? undefined : "groups-offline"}
          onClick={() => setOpen({ kind: "create" })}
        >
          <PlusIcon size={12} /> New group
        </button>
      </div>
      {online ? null : (
        <p class="view-note" id="groups-offline" role="status">
          {OFFLINE_REASON}
        </p>
      )}
      <Flash message={flash} />
      <InvitationsPanel online={online} onChanged={onChanged} />
      {muteError ? <p class="action-error" role="alert">{`Couldn't change notifications. ${muteError}`}</p> : null}
      {groups === null ? (
        <div class="spinner" role="status" aria-label="Loading groups" />
      ) : groups.length === 0 ? (
        <div class="empty">
          <p class="empty-title">No groups yet</p>
          <p class="empty-text">A group is a small team that shares notes and time entries.</p>
        </div>
      ) : (
        <ul class="card-list" aria-label="Groups">
          {groups.map(({ group, unread }) => {
            // Unknown owner (a server that does not say): offered to all, and the server decides.
            const mayOwn = group.ownerId == null || group.ownerId === account.userId;
            const owner = ownerLabel(group.ownerId);
            return (
              <li key={group.id} class="card" data-group-id={group.id}>
                <div class="card-main">
                  <button type="button" class="link-btn card-title" title={group.name} onClick={() => onOpen(group.id)}>
                    {group.name}
                  </button>
                  {owner ? (
                    <p class="card-sub card-owner" data-testid="group-owner">
                      {owner}
                    </p>
                  ) : null}
                  <p class="card-sub">
                    {mutedGroupIds.includes(group.id) ? "Muted · " : ""}
                    {group.timezone}
                    {group.membershipsCount !== null
                      ? ` · ${group.membershipsCount} ${group.membershipsCount === 1 ? "member" : "members"}`
                      : ""}
                    {unread > 0 ? ` · ${unread} new` : ""}
                  </p>
                </div>
                <div class="card-actions" role="group" aria-label={`${group.name} actions`}>
                  <button
                    type="button"
                    class="btn btn-small"
                    // The name says the state (Mute / Unmute): aria-pressed as well made it announce twice.
                    title={
                      mutedGroupIds.includes(group.id)
                        ? "New statuses here raise no notification"
                        : "Stop notifications for this group"
                    }
                    onClick={() => toggleMute(group.id)}
                  >
                    {mutedGroupIds.includes(group.id) ? "Unmute" : "Mute"}
                  </button>
                  {/* The list reads offline from the cache; its changes say why they wait. */}
                  <button type="button" class="btn btn-small" onClick={() => setOpen({ kind: "members", group })}>
                    Members…
                  </button>
                  {/* Name and zone are the owner's to change (docs/coop-api.md §5.4): no dead end for others. */}
                  {mayOwn ? (
                    <>
                      <GroupAction online={online} onClick={() => setOpen({ kind: "edit", group })}>
                        Edit
                      </GroupAction>
                      <GroupAction online={online} onClick={() => setOpen({ kind: "owner", group })}>
                        Owner…
                      </GroupAction>
                      <GroupAction online={online} danger onClick={() => setOpen({ kind: "delete", group })}>
                        Delete
                      </GroupAction>
                    </>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {open?.kind === "create" ? (
        <GroupFormDialog group={null} onClose={close} onSaved={(g) => done(`Created “${g.name}”.`)} />
      ) : null}
      {open?.kind === "edit" ? (
        <GroupFormDialog group={open.group} onClose={close} onSaved={(g) => done(`Saved “${g.name}”.`)} />
      ) : null}
      {open?.kind === "owner" ? (
        <ChangeOwnerDialog
          group={open.group}
          ownerId={account.userId}
          onClose={close}
          onDone={() => done(`Changed the owner of “${open.group.name}”.`)}
        />
      ) : null}
      {open?.kind === "members" ? (
        <MembersDialog
          group={open.group}
          userId={account.userId}
          email={account.email}
          online={online}
          onClose={() => {
            close();
            onChanged();
          }}
          onLeft={() => done(`You left “${open.group.name}”.`)}
        />
      ) : null}
      {open?.kind === "delete" ? (
        <DeleteGroupDialog group={open.group} onClose={close} onDone={() => done(`Deleted “${open.group.name}”.`)} />
      ) : null}
    </div>
  );
}

/** A change to a group: Co-op must answer it, so offline it is disabled and says why. */
function GroupAction({
  online,
  danger = false,
  onClick,
  children,
}: {
  readonly online: boolean;
  readonly danger?: boolean;
  readonly onClick: () => void;
  readonly children: string;
}): JSX.Element {
  return (
    <button
      type="button"
      class={danger ? "btn btn-small btn-danger-quiet" : "btn btn-small"}
      disabled={!online}
      title={online ? undefined : OFFLINE_REASON}
      aria-describedby={online ? undefined : "groups-offline"}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
