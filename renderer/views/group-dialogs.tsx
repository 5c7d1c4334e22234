/** Create/edit, change owner and delete dialogs for a group. Server refusals are shown with their message. */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { MAX_LINE_LENGTH } from "../../shared/contract";
import type { Group, Member } from "@coop-tray/protocol/models";
import { canonicalTimeZone } from "@coop-tray/protocol/rules";
import { useApi } from "../api-context";
import { ConfirmDialog } from "../components/confirm-dialog";
import { Dialog } from "../components/dialog";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";
import { TimeZonePicker } from "../components/timezone-picker";
import { parseEmails } from "../format";
import { useAction } from "../hooks";

/** Email addresses to invite, separated by commas, spaces or lines; the ones that are not emails are named. */
export function InviteField({
  id,
  label,
  hint,
  value,
  invalid,
  onInput,
}: {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly value: string;
  /** What `parseEmails` could not read as an address. */
  readonly invalid: readonly string[];
  readonly onInput: (value: string) => void;
}): JSX.Element {
  return (
    <Field
      id={id}
      label={label}
      hint={hint}
      error={invalid.length > 0 ? `Not an email address: ${invalid.join(", ")}` : null}
    >
      <textarea
        id={id}
        class="input textarea"
        rows={2}
        placeholder="sybil@fawltytowers.com, polly@fawltytowers.com"
        value={value}
        aria-invalid={invalid.length > 0}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </Field>
  );
}

export function GroupFormDialog({
  group,
  onClose,
  onSaved,
}: {
  readonly group: Group | null;
  readonly onClose: () => void;
  readonly onSaved: (group: Group) => void;
}): JSX.Element {
  const api = useApi();
  const [name, setName] = useState(group?.name ?? "");
  const [timezone, setTimezone] = useState(group?.timezone ?? "London");
  const [emails, setEmails] = useState("");
  const { busy, error, run } = useAction();
  const parsed = parseEmails(emails);
  const zoneOk = canonicalTimeZone(timezone) !== null;

  function submit(event: Event): void {
    event.preventDefault();
    if (parsed.invalid.length > 0 || !zoneOk) return;
    void run(
      () =>
        group
          ? api.updateGroup({ groupId: group.id, name: name.trim(), timezone })
          : api.createGroup({ name: name.trim(), timezone, memberEmails: parsed.emails }),
      onSaved,
    );
  }

  return (
    <Dialog title={group ? "Edit group" : "New group"} onClose={onClose}>
      <form class="form" onSubmit={submit}>
        <Field id="group-name" label="Name">
          <input
            id="group-name"
            class="input"
            required
            maxLength={MAX_LINE_LENGTH}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <Field id="group-timezone" label="Time zone">
          <TimeZonePicker id="group-timezone" value={timezone} onChange={setTimezone} />
        </Field>
        {group ? null : (
          <InviteField
            id="group-invite"
            label="Invite (optional)"
            hint="Email addresses, separated by commas"
            value={emails}
            invalid={parsed.invalid}
            onInput={setEmails}
          />
        )}
        {error ? <ErrorNotice error={error} service="Co-op" compact /> : null}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            class="btn btn-primary"
            disabled={busy || name.trim() === "" || parsed.invalid.length > 0 || !zoneOk}
          >
            {busy ? "Saving…" : group ? "Save" : "Create group"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ChangeOwnerDialog({
  group,
  ownerId,
  onClose,
  onDone,
}: {
  readonly group: Group;
  readonly ownerId: number | null;
  readonly onClose: () => void;
  readonly onDone: () => void;
}): JSX.Element {
  const api = useApi();
  const [everyone, setEveryone] = useState<readonly Member[] | null>(null);
  const members = everyone?.filter((m) => m.id !== ownerId) ?? null;
  const [choice, setChoice] = useState<number | null>(null);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    void api.listMembers({ groupId: group.id }).then((result) => {
      if (result.ok) setEveryone(result.value);
      else setError(result.error);
    });
  }, [api, group.id, setError]);

  function submit(event: Event): void {
    event.preventDefault();
    if (choice === null) return;
    void run(() => api.changeGroupOwner({ groupId: group.id, newOwnerId: choice }), onDone);
  }

  return (
    <Dialog title="Change owner" onClose={onClose}>
      <form class="form" onSubmit={submit}>
        <p class="dialog-text">Choose who owns “{group.name}”. Only the owner can change this again.</p>
        {members === null && !error ? <div class="spinner" role="status" aria-label="Loading members" /> : null}
        {members !== null ? (
          members.length === 0 ? (
            <p class="dialog-text">There is no other member to hand the group to yet.</p>
          ) : (
            <fieldset class="choice-list">
              <legend class="visually-hidden">New owner</legend>
              {members.map((m) => (
                <label key={m.id} class="choice">
                  <input
                    type="radio"
                    name="new-owner"
                    value={m.id}
                    checked={choice === m.id}
                    onChange={() => setChoice(m.id)}
                  />
                  <span>
                    {`${m.firstName} ${m.lastName}`.trim()}
                    <span class="choice-sub">{m.email}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )
        ) : null}
        {error ? <ErrorNotice error={error} service="Co-op" compact /> : null}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={choice === null || busy}>
            {busy ? "Changing…" : "Make owner"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteGroupDialog({
  group,
  onClose,
  onDone,
}: {
  readonly group: Group;
  readonly onClose: () => void;
  readonly onDone: () => void;
}): JSX.Element {
  const api = useApi();
  return (
    <ConfirmDialog
      title={`Delete “${group.name}”?`}
      text="The group and all of its notes are removed for everyone. Time entries stay in Harvest."
      confirmLabel="Delete group"
      service="Co-op"
      call={() => api.deleteGroup({ groupId: group.id })}
      onClose={onClose}
      onDone={onDone}
    />
  );
}
