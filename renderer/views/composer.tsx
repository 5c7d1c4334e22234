/**
 * The note composer pinned under the feed. Enter posts, Shift+Enter adds a line. Posting hands the
 * note to main's outbox, which persists it first: once this resolves the note is safe even if the
 * window closes, so the field clears.
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
  const [text, setText] = useState("");
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const track = usePostAndTrack();

  // The shortcut, the tray menu or Ctrl/⌘+N asked for the composer: taken once, here or on mount.
  const model = useModel();
  const focusWanted = model.composeRequested.value;
  useEffect(() => {
    if (focusWanted && model.takeComposeRequest()) field.current?.focus();
  }, [focusWanted, model]);

  async function post(forceTrack = false): Promise<void> {
    const body = text.trim();
    if (body === "" || groupId === null || posting) return;
    const alsoTrack = track.tracks(forceTrack);
    setPosting(true);
    setError(null);
    const result = await api.postNote({ groupId, text: body });
    if (result.ok && alsoTrack) await track.afterPost(body);
    setPosting(false);
    if (result.ok) {
      setText("");
      field.current?.focus();
    } else setError(result.error);
  }

  const over = text.length > MAX_TEXT_LENGTH;
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
          {groupName ? `Note to ${groupName}` : "Note"}
        </label>
        <textarea
          id="composer-text"
          ref={field}
          class="composer-input"
          rows={1}
          // The group's name is in the title bar and the label: a long one would be cut here.
          placeholder={
            groupName
              ? track.tracks(false)
                ? "Write a note and start the timer…"
                : "Write a note…"
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
          aria-label="Post note"
          title="Post (Enter)"
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
