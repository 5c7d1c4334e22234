/** The Harvest credential as Co-op stores it: link, update, verify, unlink. The password is sent once and cleared. */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { AccountSummary } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import { useApi } from "../api-context";
import { ErrorNotice } from "../components/error-notice";
import { Flash } from "../components/flash";
import {
  HarvestLoginFields,
  harvestLoginInput,
  isHarvestLoginComplete,
  type HarvestLoginValues,
} from "../components/harvest-login-fields";
import { useMounted, useOnRefresh } from "../hooks";
import { HarvestLoginCard } from "./harvest-login-card";

/** The header's Refresh re-reads the credential from Co-op, e.g. after it changed on the web. */
export function HarvestSection({ account }: { readonly account: AccountSummary }): JSX.Element {
  const api = useApi();
  const linked = account.harvest;
  const [editing, setEditing] = useState(false);
  const [login, setLogin] = useState<HarvestLoginValues>({
    subdomain: linked?.subdomain ?? "",
    email: linked?.email ?? account.email,
    password: "",
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    setLogin((current) => ({ ...current, subdomain: linked?.subdomain ?? "", email: linked?.email ?? account.email }));
  }, [linked?.subdomain, linked?.email]);

  // The answer updates the account (and so `linked`) through main's stateChanged; only a failure
  // needs saying here, and it is Co-op's, not Harvest's.
  const [readError, setReadError] = useState<AppError | null>(null);
  const mounted = useMounted();
  useOnRefresh(() => {
    setReadError(null);
    return api.getHarvestCredential().then((result) => {
      if (mounted.current) setReadError(result.ok ? null : result.error);
    });
  });

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    setBusy("save");
    setError(null);
    setMessage(null);
    const input = harvestLoginInput(login);
    const result = linked ? await api.updateHarvest(input) : await api.linkHarvest(input);
    setLogin((current) => ({ ...current, password: "" }));
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
    if (result.ok)
      setMessage(
        `Harvest knows you as ${result.value.user.firstName} ${result.value.user.lastName} at ${result.value.company.name}.`,
      );
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

  // Linked in Co-op, no password on this computer: said once, with the password field right here.
  if (linked && !linked.passwordSaved && !editing) {
    return (
      <section class="settings-section" aria-labelledby="harvest-title">
        <h2 class="section-title" id="harvest-title">
          Harvest
        </h2>
        <HarvestLoginCard
          harvest={linked}
          reason={null}
          onSaved={() => setMessage(`Harvest password saved on this computer.`)}
        />
        <div class="row-actions">
          <button
            type="button"
            class="btn btn-small btn-danger-quiet"
            disabled={busy !== null}
            onClick={() => void unlink()}
          >
            Unlink
          </button>
        </div>
        {readError ? <ErrorNotice error={readError} service="Co-op" compact /> : null}
        {error ? <ErrorNotice error={error} service="Harvest" compact /> : null}
        <Flash message={message} />
      </section>
    );
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
            <button
              type="button"
              class="btn btn-small btn-danger-quiet"
              disabled={busy !== null}
              onClick={() => void unlink()}
            >
              Unlink
            </button>
          </div>
        </div>
      ) : null}
      {showForm ? (
        <form class="form" onSubmit={(e) => void submit(e)}>
          {!linked ? (
            <p class="section-text">Link your Harvest account to share time entries and manage clients.</p>
          ) : null}
          <HarvestLoginFields
            idPrefix="harvest"
            values={login}
            onChange={setLogin}
            subdomainHint="The part before .harvestapp.com"
          />
          <div class="row-actions">
            <button
              type="submit"
              class="btn btn-small btn-primary"
              disabled={busy !== null || !isHarvestLoginComplete(login)}
            >
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
      <Flash message={message} />
    </section>
  );
}
