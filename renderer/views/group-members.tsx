/**
 * A group's members after creation: who is in it, invite more by email, the owner removes a member,
 * a member leaves. Through Co-op's memberships API (docs/coop-api.md §7.2–7.4); removing and leaving
 * take the membership's id, which the member list carries when the server lists it.
 */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Group, Member } from "@coop-tray/protocol/models";
import { useApi } from "../api-context";
import { Dialog } from "../components/dialog";
import { ErrorNotice } from "../components/error-notice";
import { parseEmails } from "../format";
import { useAction } from "../hooks";
import { InviteField } from "./group-dialogs";
import { OFFLINE_REASON } from "./offline-reason";

const fullName = (m: Member): string => `${m.firstName} ${m.lastName}`.trim() || m.email;

export function MembersDialog({
  group,
  userId: knownUserId,
  email,
  online,
  onClose,
  onLeft,
}: {
  readonly group: Group;
  /** The signed-in user's id, when known; else they are found by their email among the members. */
  readonly userId: number | null;
  readonly email: string;
  readonly online: boolean;
  readonly onClose: () => void;
  readonly onLeft: () => void;
}): JSX.Element {
  const api = useApi();
  const [members, setMembers] = useState<readonly Member[] | null>(null);
  const [emails, setEmails] = useState("");
  const [confirming, setConfirming] = useState<number | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const { error: loadError, run: runLoad } = useAction();
  const change = useAction();
  const userId = knownUserId ?? members?.find((m) => m.email.toLowerCase() === email.toLowerCase())?.id ?? null;
  const owner = group.ownerId != null && group.ownerId === userId;
  const parsed = parseEmails(emails);

  useEffect(() => {
    void runLoad(() => api.listMembers({ groupId: group.id }), setMembers);
  }, [api, group.id, runLoad]);

  function remove(member: Member): void {
    const leaving = member.id === userId;
    if (member.membershipId == null) return;
    const membershipId = member.membershipId;
    setSaid(null);
    void change.run(
      () => api.removeMember({ groupId: group.id, membershipId }),
      (next) => {
        setConfirming(null);
        if (leaving) onLeft();
        else {
          setMembers(next);
          setSaid(`Removed ${fullName(member)}.`);
        }
      },
    );
  }

  function invite(event: Event): void {
    event.preventDefault();
    if (parsed.emails.length === 0 || parsed.invalid.length > 0) return;
    setSaid(null);
    void change.run(
      () => api.inviteMembers({ groupId: group.id, emails: parsed.emails }),
      (next) => {
        setMembers(next);
        setEmails("");
        setSaid(`Invited ${parsed.emails.join(", ")}: they join when they accept.`);
      },
    );
  }

  const disabledWhy = online ? undefined : OFFLINE_REASON;
  return (
    <Dialog title={`Members of ${group.name}`} onClose={onClose}>
      {loadError ? <ErrorNotice error={loadError} service="Co-op" compact /> : null}
      {members === null && !loadError ? <div class="spinner" role="status" aria-label="Loading members" /> : null}
      {members !== null ? (
        <ul class="member-list" aria-label="Members">
          {members.map((m) => {
            const me = m.id === userId;
            const isOwner = m.id === group.ownerId;
            // Removing others is the owner's; leaving is anyone's but the owner's (docs/coop-api.md §7.4).
            const action = me ? (isOwner ? null : "Leave group") : owner ? "Remove" : null;
            return (
              <li key={m.id} class="member-row" data-member-id={m.id}>
                <span class="member-name">
                  {fullName(m)}
                  {me ? " (you)" : ""}
                  {isOwner ? <span class="pill">Owner</span> : null}
                </span>
                <span class="member-email">{m.email}</span>
                {action && m.membershipId != null ? (
                  confirming === m.id ? (
                    <span class="row-actions">
                      <button
                        type="button"
                        class="btn btn-small btn-danger"
                        disabled={change.busy || !online}
                        title={disabledWhy}
                        onClick={() => remove(m)}
                      >
                        {me ? "Leave" : `Remove ${m.firstName || m.email}`}
                      </button>
                      <button type="button" class="btn btn-small" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      class="btn btn-small btn-danger-quiet"
                      aria-label={me ? undefined : `Remove ${fullName(m)}`}
                      disabled={!online}
                      title={disabledWhy}
                      onClick={() => setConfirming(m.id)}
                    >
                      {action}
                    </button>
                  )
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {members !== null && members.some((m) => m.membershipId == null) && (owner || userId !== group.ownerId) ? (
        <p class="muted member-note">This server does not say membership ids, so members cannot be removed here.</p>
      ) : null}
      {owner ? (
        <p class="muted member-note">To leave a group you own, make someone else its owner first (Owner…).</p>
      ) : null}
      <form class="form" onSubmit={invite}>
        <InviteField
          id="members-invite"
          label="Invite by email"
          hint="Each address gets an invitation; people join when they accept it."
          value={emails}
          invalid={parsed.invalid}
          onInput={setEmails}
        />
        {change.error ? <ErrorNotice error={change.error} service="Co-op" compact /> : null}
        {said ? (
          <p class="status-note" role="status">
            {said}
          </p>
        ) : null}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Close
          </button>
          <button
            type="submit"
            class="btn btn-primary"
            disabled={change.busy || !online || parsed.emails.length === 0 || parsed.invalid.length > 0}
            title={disabledWhy}
          >
            Invite
          </button>
        </div>
      </form>
    </Dialog>
  );
}
