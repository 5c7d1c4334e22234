/** The Harvest credential as Co-op stores it: link, update, verify, unlink. The password is sent once and cleared. */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { AccountSummary } from "../../shared/contract";
import { MAX_LINE_LENGTH } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import { useApi } from "../api-context";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";
import { useMounted, useOnRefresh } from "../hooks";

/** A move of `refreshTick` (the header's Refresh) re-reads the credential from Co-op, e.g. after it changed on the web. */
export function HarvestSection({ account, refreshTick = 0 }: { readonly account: AccountSummary; readonly refreshTick?: number }): JSX.Element {
  const api = useApi();
  const linked = account.harvest;
  const [editing, setEditing] = useState(false);
  const [subdomain, setSubdomain] = useState(linked?.subdomain ?? "");
  const [email, setEmail] = useState(linked?.email ?? account.email);
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    setSubdomain(linked?.subdomain ?? "");
    setEmail(linked?.email ?? account.email);
  }, [linked?.subdomain, linked?.email]);

  // The answer updates the account (and so `linked`) through main's stateChanged; only a failure
  // needs saying here, and it is Co-op's, not Harvest's.
  const [readError, setReadError] = useState<AppError | null>(null);
  const mounted = useMounted();
  useOnRefresh(refreshTick, () => {
    setReadError(null);
    void api.getHarvestCredential().then((result) => {
      if (mounted.current) setReadError(result.ok ? null : result.error);
    });
  });

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    setBusy("save");
    setError(null);
    setMessage(null);
    const input = { subdomain: subdomain.trim().toLowerCase(), email: email.trim(), password };
    const result = linked ? await api.updateHarvest(input) : await api.linkHarvest(input);
    setPassword("");
    setBusy(null);
    if (result.ok) {
      setEditing(false);
      setMessage(`Linked to ${result.value.subdomain}.harvestapp.com.`);
    } else setError(result.error);
  }

  async function verify(): Promise<void> {
    setBusy("verify");
    setError(null);
    setMessage(null);
    const result = await api.verifyHarvest();
    setBusy(null);
    if (result.ok) setMessage(`Harvest knows you as ${result.value.user.firstName} ${result.value.user.lastName} at ${result.value.company.name}.`);
    else setError(result.error);
  }

  async function unlink(): Promise<void> {
    setBusy("unlink");
    setError(null);
    setMessage(null);
    const result = await api.unlinkHarvest();
    setBusy(null);
    if (result.ok) setMessage("Harvest unlinked. Your time entries stay in Harvest.");
    else setError(result.error);
  }

  const showForm = editing || !linked;
  return (
    <section class="settings-section" aria-labelledby="harvest-title">
      <h2 class="section-title" id="harvest-title">
        Harvest
      </h2>
      {linked && !editing ? (
        <div class="kv">
          <p class="kv-main" data-testid="harvest-linked">
            {linked.subdomain}.harvestapp.com
          </p>
          <p class="kv-sub">{linked.email}</p>
          <div class="row-actions">
            <button type="button" class="btn btn-small" disabled={busy !== null} onClick={() => void verify()}>
              {busy === "verify" ? "Checking…" : "Check"}
            </button>
            <button type="button" class="btn btn-small" disabled={busy !== null} onClick={() => setEditing(true)}>
              Update…
            </button>
            <button type="button" class="btn btn-small btn-danger-quiet" disabled={busy !== null} onClick={() => void unlink()}>
              Unlink
            </button>
          </div>
        </div>
      ) : null}
      {showForm ? (
        <form class="form" onSubmit={(e) => void submit(e)}>
          {!linked ? <p class="section-text">Link your Harvest account to share time entries and manage clients.</p> : null}
          <Field id="harvest-subdomain" label="Harvest account" hint="The part before .harvestapp.com">
            <input id="harvest-subdomain" class="input" required autoComplete="off" spellcheck={false} maxLength={MAX_LINE_LENGTH} value={subdomain} onInput={(e) => setSubdomain(e.currentTarget.value)} />
          </Field>
          <Field id="harvest-email" label="Harvest email">
            <input id="harvest-email" class="input" type="email" required autoComplete="off" maxLength={MAX_LINE_LENGTH} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </Field>
          <Field id="harvest-password" label="Harvest password">
            <input id="harvest-password" class="input" type="password" required autoComplete="off" maxLength={MAX_LINE_LENGTH} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </Field>
          <div class="row-actions">
            <button type="submit" class="btn btn-small btn-primary" disabled={busy !== null || subdomain.trim() === "" || email.trim() === "" || password === ""}>
              {busy === "save" ? "Checking with Harvest…" : linked ? "Update" : "Link Harvest"}
            </button>
            {linked ? (
              <button type="button" class="btn btn-small" onClick={() => setEditing(false)}>
                Cancel
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      {readError ? <ErrorNotice error={readError} service="Co-op" compact /> : null}
      {error ? <ErrorNotice error={error} service="Harvest" compact /> : null}
      {message ? (
        <p class="flash" role="status">
          {message}
        </p>
      ) : null}
    </section>
  );
}
