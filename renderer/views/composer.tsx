/**
 * The note composer pinned under the feed. Enter posts, Shift+Enter adds a line. Posting hands the
 * note to main's outbox, which persists it first: once this resolves the note is safe even if the
 * window closes, so the field clears. Until then the text is the group's draft, kept by main across
 * tabs, group switches and restarts; the field shows the selected group's own draft.
 *
 * Tracking (the Track switch, or Ctrl/⌘+Enter) starts a Harvest timer with the text as its notes
 * and posts no note: Co-op gathers the time entry into the feeds itself, so a note with the same
 * text would show it twice.
 */
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { MAX_TEXT_LENGTH } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import { useApi } from "../api-context";
import { SendIcon } from "../components/icons";
import { usePostAndTrack } from "../components/post-and-track";
import { describeError } from "../describe-error";
import { useModel } from "../model/context";

export interface ComposerProps {
  readonly groupId: number | null;
  readonly groupName: string | null;
  readonly footer: JSX.Element | null;
}

export function Composer({ groupId, groupName, footer }: ComposerProps): JSX.Element {
  const api = useApi();
  const model = useModel();
  const text = groupId === null ? "" : (model.drafts.value.get(groupId) ?? "");
  const setText = (next: string): void => {
    if (groupId !== null) model.setDraft(groupId, next);
  };
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const track = usePostAndTrack();

  // A group switch or leaving the feed hands main what was typed, without waiting for a pause.
  useEffect(() => () => model.flushDrafts(), [groupId, model]);

  // The shortcut, the tray menu or Ctrl/⌘+N asked for the composer: taken once, here or on mount.
  const focusWanted = model.composeRequested.value;
  useEffect(() => {
    if (focusWanted && model.takeComposeRequest()) field.current?.focus();
  }, [focusWanted, model]);

  async function post(forceTrack = false): Promise<void> {
    const body = text.trim();
    if (body === "" || groupId === null || posting) return;
    const tracking = track.tracks(forceTrack);
    setPosting(true);
    setError(null);
    const result = tracking ? await track.start(body) : await api.postNote({ groupId, text: body });
    setPosting(false);
    if (result === null) return;
    if (result.ok) {
      model.setDraft(groupId, "");
      model.flushDrafts();
      // A started timer reaches the feed as Co-op's time entry: ask for it now rather than at the next poll.
      if (tracking) model.refresh();
      field.current?.focus();
    } else if (!tracking) setError(result.error);
  }

  const over = text.length > MAX_TEXT_LENGTH;
  const tracking = track.tracks(false);
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void post();
      }}
    >
      {(error ?? track.error) ? (
        <p class="composer-error" role="alert">
          {describeError((error ?? track.error)!).message}
        </p>
      ) : null}
      {track.element}
      <div class="composer-row">
        <label class="visually-hidden" for="composer-text">
          {tracking ? "Notes for the timer" : groupName ? `Note to ${groupName}` : "Note"}
        </label>
        <textarea
          id="composer-text"
          ref={field}
          class="composer-input"
          rows={1}
          placeholder={
            groupName
              ? tracking
                ? "What are you working on? Starts the timer"
                : `Note to ${groupName}…`
              : "Choose a group to post"
          }
          disabled={groupId === null}
          value={text}
          aria-invalid={over}
          aria-describedby="composer-hint"
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              void post(event.metaKey || event.ctrlKey);
            }
          }}
        />
        <button
          type="submit"
          class="send-btn"
          aria-label={tracking ? "Start timer" : "Post note"}
          title={tracking ? "Start the timer (Enter)" : "Post (Enter)"}
          disabled={posting || over || text.trim() === "" || groupId === null}
        >
          <SendIcon />
        </button>
      </div>
      <p class="composer-hint" id="composer-hint">
        {over ? <span class="is-error">{`${text.length - MAX_TEXT_LENGTH} characters too long`}</span> : footer}
      </p>
    </form>
  );
}
