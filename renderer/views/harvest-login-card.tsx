/**
 * Shown where Harvest refused the saved login (most often: Co-op has the link, but this computer's
 * keychain has no Harvest password yet). The user types the password right here instead of hunting
 * for Settings; the subdomain and email come pre-filled from the link. The password is sent once
 * through `updateHarvest` and cleared.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { AccountSummary } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import { useApi } from "../api-context";
import { ErrorNotice } from "../components/error-notice";
import { HarvestLoginFields, harvestLoginInput, isHarvestLoginComplete, type HarvestLoginValues } from "../components/harvest-login-fields";
import { AlertIcon } from "../components/icons";
import { useAction } from "../hooks";

export interface HarvestLoginCardProps {
  readonly harvest: NonNullable<AccountSummary["harvest"]>;
  /** The `auth` error that brought the card up; its message says why. */
  readonly reason: AppError;
  readonly onSaved: () => void;
  readonly onOpenSettings: () => void;
}

export function HarvestLoginCard({ harvest, reason, onSaved, onOpenSettings }: HarvestLoginCardProps): JSX.Element {
  const api = useApi();
  const [login, setLogin] = useState<HarvestLoginValues>({ subdomain: harvest.subdomain, email: harvest.email, password: "" });
  const { busy, error, run } = useAction();

  function submit(event: Event): void {
    event.preventDefault();
    const update = async () => {
      const result = await api.updateHarvest(harvestLoginInput(login));
      // Not kept in the page a moment longer than the call needs.
      setLogin((current) => ({ ...current, password: "" }));
      return result;
    };
    void run(update, onSaved);
  }

  return (
    <section class="login-card" aria-labelledby="harvest-login-title" data-testid="harvest-login-card">
      <div class="login-card-head">
        <AlertIcon />
        <div>
          <h2 class="login-card-title" id="harvest-login-title">
            Harvest login needed
          </h2>
          <p class="login-card-text">{reason.message.trim() || "Harvest did not accept the saved login."}</p>
        </div>
      </div>
      <form class="form" onSubmit={submit}>
        <HarvestLoginFields idPrefix="inline-harvest" values={login} onChange={setLogin} subdomainHint={`${login.subdomain.trim().toLowerCase() || "…"}.harvestapp.com`} />
        {error ? <ErrorNotice error={error} service="Harvest" compact /> : null}
        <div class="row-actions">
          <button type="submit" class="btn btn-small btn-primary" disabled={busy || !isHarvestLoginComplete(login)}>
            {busy ? "Checking with Harvest…" : "Save"}
          </button>
          <button type="button" class="btn btn-small btn-quiet" onClick={onOpenSettings}>
            Open Settings
          </button>
        </div>
      </form>
    </section>
  );
}
