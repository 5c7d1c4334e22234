/**
 * Settings' Harvest part. First the personal access token (what a newcomer should use: Timers,
 * Clients), then the older email-and-password login Co-op stores to gather time into the feeds:
 * link, update, verify, unlink. That one stays folded away until used. A password is sent once and
 * cleared once Harvest took it; after a refusal it stays, to correct.
 */
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
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
import { useModel } from "../model/context";
import { HarvestConnectCard } from "./harvest-connect";
import { HarvestLoginCard } from "./harvest-login-card";
import { UnlinkHarvestDialog } from "./harvest-unlink-dialog";

/** The header's Refresh re-reads the credential from Co-op, e.g. after it changed on the web. */
export function HarvestSection({ account }: { readonly account: AccountSummary }): JSX.Element {
  const model = useModel();
  const harvest = model.harvestV2.value;
  return (
    <>
      {harvest ? <HarvestConnectCard harvest={harvest} onChanged={() => void model.reloadHarvestV2()} /> : null}
      <HarvestLoginSection account={account} />
    </>
  );
}

function HarvestLoginSection({ account }: { readonly account: AccountSummary }): JSX.Element {
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
  // The subdomain being unlinked: the dialog outlives the link (main announces it gone before the call returns).
  const [confirming, setConfirming] = useState<string | null>(null);
  // After Link Harvest or Update the form goes away: focus lands on what was linked, not the page body.
  const linkedRef = useRef<HTMLParagraphElement>(null);
  const [justSaved, setJustSaved] = useState(false);
  useEffect(() => {
    if (justSaved && linked && !editing) {
      linkedRef.current?.focus();
      setJustSaved(false);
    }
  }, [justSaved, linked, editing]);

  useEffect(() => {
    setLogin((current) => ({ ...current, subdomain: linked?.subdomain ?? "", email: linked?.email ?? account.email }));
  }, [linked?.subdomain, linked?.email, account.email]);

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
    setBusy(null);
    if (result.ok) {
      setLogin((current) => ({ ...current, password: "" }));
      setEditing(false);
      setJustSaved(true);
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

  const unlinkButton = (
    <button
      type="button"
      class="btn btn-small btn-danger-quiet"
      disabled={busy !== null}
      onClick={() => {
        setMessage(null);
        setConfirming(linked?.subdomain ?? null);
      }}
    >
      Unlink…
    </button>
  );
  const unlinkDialog =
    confirming !== null ? (
      <UnlinkHarvestDialog
        subdomain={confirming}
        onClose={() => setConfirming(null)}
        onUnlinked={() => {
          setConfirming(null);
          setMessage("Harvest unlinked. Your time entries left the feeds and stay in Harvest.");
        }}
      />
    ) : null;

  // Linked in Co-op, no password on this computer: said once, with the password field right here.
  if (linked && !linked.passwordSaved && !editing) {
    return (
      <section class="settings-section" aria-labelledby="harvest-title">
        <h2 class="section-title" id="harvest-title">
          Email and password login
        </h2>
        <HarvestLoginCard
          harvest={linked}
          reason={null}
          onSaved={() => setMessage(`Harvest password saved on this computer.`)}
        />
        <div class="row-actions">{unlinkButton}</div>
        {readError ? <ErrorNotice error={readError} service="Co-op" compact /> : null}
        {error ? <ErrorNotice error={error} service="Harvest" compact /> : null}
        <Flash message={message} />
        {unlinkDialog}
      </section>
    );
  }

  const showForm = editing || !linked;
  const form = (
    <form class="form" onSubmit={(e) => void submit(e)}>
      <HarvestLoginFields
        idPrefix="harvest"
        values={login}
        onChange={setLogin}
        subdomainHint="The part before .harvestapp.com, or your whole Harvest address"
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
  );
  return (
    <section class="settings-section" aria-labelledby="harvest-title">
      <h2 class="section-title" id="harvest-title">
        Email and password login
      </h2>
      {linked && !editing ? (
        <div class="kv">
          <p class="kv-main" data-testid="harvest-linked" tabIndex={-1} ref={linkedRef}>
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
            {unlinkButton}
          </div>
        </div>
      ) : null}
      {showForm && linked ? form : null}
      {!linked ? (
        // Folded away: the token above is what a newcomer should use.
        <details class="legacy-login" open={error !== null || login.password !== ""}>
          <summary>Use a Harvest email and password instead</summary>
          <p class="section-text">
            For Harvest accounts that still sign in with an email and password. Co-op keeps this login to gather your
            time into your groups&rsquo; feeds.
          </p>
          {form}
        </details>
      ) : null}
      {readError ? <ErrorNotice error={readError} service="Co-op" compact /> : null}
      {error ? <ErrorNotice error={error} service="Harvest" compact /> : null}
      <Flash message={message} />
      {unlinkDialog}
    </section>
  );
}
