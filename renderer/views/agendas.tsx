/** The group's agenda and the user's own, each readable and editable. Formatted from its source text in the renderer: server HTML is never injected. */
import type { JSX } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { AgendaView, GroupSummary } from "../../shared/contract";
import { MAX_TEXT_LENGTH } from "../../shared/contract";
import type { AppError, Result } from "../../shared/errors";
import { useApi } from "../api-context";
import { AgendaText } from "../components/agenda-text";
import { ErrorNotice } from "../components/error-notice";
import { useAction, useOnRefresh } from "../hooks";
import { OFFLINE_REASON } from "./offline-reason";

export function AgendasView({
  group,
  online,
}: {
  readonly group: GroupSummary | null;
  readonly online: boolean;
}): JSX.Element {
  const api = useApi();
  const groupId = group?.group.id ?? null;
  const [agendas, setAgendas] = useState<AgendaView | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  // Only the newest request may answer: a slow reply for the previous group must not land here.
  const sequence = useRef(0);
  const load = useCallback((): Promise<void> | undefined => {
    if (groupId === null) return undefined;
    const mine = ++sequence.current;
    setError(null);
    return api.getAgendas({ groupId }).then((result) => {
      if (mine !== sequence.current) return;
      if (result.ok) setAgendas(result.value);
      else setError(result.error);
    });
  }, [api, groupId]);
  // A new `load` is another group's: its cards start empty.
  useEffect(() => {
    setAgendas(null);
    void load();
  }, [load]);
  // Refresh keeps the cards (and any draft being written) and updates the texts in place.
  useOnRefresh(load);

  if (groupId === null)
    return (
      <div class="empty">
        <p class="empty-title">No group selected</p>
      </div>
    );
  // Offline, the banner speaks of saved data; agendas are not saved here, so say that rather than an error.
  const notSaved = error?.kind === "offline" && !online && agendas === null;
  return (
    <div class="view-scroll">
      <h1 class="visually-hidden">{`Agendas of ${group?.group.name ?? "the group"}`}</h1>
      {notSaved ? (
        <div class="empty" data-error-kind="offline">
          <p class="empty-title">Agendas show when you're back online</p>
          <p class="empty-text">They are not saved on this computer.</p>
        </div>
      ) : error ? (
        <ErrorNotice error={error} service="Co-op" onRetry={() => void load()} />
      ) : null}
      {agendas === null && !error ? <div class="spinner" role="status" aria-label="Loading agendas" /> : null}
      {agendas && !online ? <p class="view-note">{OFFLINE_REASON}</p> : null}
      {agendas ? (
        <>
          <AgendaCard
            key={`g-${groupId}`}
            title="Group agenda"
            online={online}
            text={agendas.group.agenda}
            save={(agenda) => api.updateGroupAgenda({ groupId, agenda })}
          />
          <AgendaCard
            key={`m-${groupId}`}
            title="My agenda"
            online={online}
            text={agendas.mine.agenda}
            save={(agenda) => api.updateMyAgenda({ groupId, agenda })}
          />
        </>
      ) : null}
    </div>
  );
}

interface AgendaCardProps {
  readonly title: string;
  readonly text: string;
  readonly online: boolean;
  readonly save: (agenda: string) => Promise<Result<{ readonly agenda: string }>>;
}

function AgendaCard({ title, text, online, save }: AgendaCardProps): JSX.Element {
  const [current, setCurrent] = useState(text);
  const [draft, setDraft] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const id = title.toLowerCase().replace(/\s+/g, "-");
  useEffect(() => setCurrent(text), [text]);

  function submit(event: Event): void {
    event.preventDefault();
    if (draft === null) return;
    void run(
      () => save(draft),
      (saved) => {
        setCurrent(saved.agenda);
        setDraft(null);
      },
    );
  }

  return (
    <section class="agenda" aria-labelledby={`${id}-title`}>
      <div class="section-head">
        <h2 class="section-title" id={`${id}-title`}>
          {title}
        </h2>
        {draft === null ? (
          <button
            type="button"
            class="btn btn-small"
            aria-label={`Edit ${title.toLowerCase()}`}
            disabled={!online}
            title={online ? undefined : OFFLINE_REASON}
            onClick={() => setDraft(current)}
          >
            Edit
          </button>
        ) : null}
      </div>
      {draft === null ? (
        current.trim() ? (
          <AgendaText source={current} />
        ) : (
          <p class="agenda-empty">Nothing on the agenda.</p>
        )
      ) : (
        <form class="form" onSubmit={submit}>
          <label class="visually-hidden" for={`${id}-input`}>
            {title}
          </label>
          <textarea
            id={`${id}-input`}
            class="input textarea"
            rows={6}
            maxLength={MAX_TEXT_LENGTH}
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          {error ? <ErrorNotice error={error} service="Co-op" compact /> : null}
          <div class="row-actions">
            <button
              type="submit"
              class="btn btn-small btn-primary"
              disabled={busy || !online}
              title={online ? undefined : OFFLINE_REASON}
            >
              {busy ? "Saving…" : "Save"}
            </button>
            <button type="button" class="btn btn-small" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
