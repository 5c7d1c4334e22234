/**
 * Shown where Harvest refused the saved login (most often: Co-op has the link, but this computer's
 * keychain has no Harvest password yet). The user types the password right here instead of hunting
 * for Settings; the subdomain and email come pre-filled from the link. The password is sent once
 * through `updateHarvest` and cleared once Harvest accepted it (after a refusal it stays, to correct).
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { AccountSummary } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import { useApi } from "../api-context";
import { ErrorNotice } from "../components/error-notice";
import {
  HarvestLoginFields,
  harvestLoginInput,
  harvestSubdomain,
  isHarvestLoginComplete,
  type HarvestLoginValues,
} from "../components/harvest-login-fields";
import { AlertIcon } from "../components/icons";
import { useAction } from "../hooks";

export interface HarvestLoginCardProps {
  readonly harvest: NonNullable<AccountSummary["harvest"]>;
  /** The `auth` error that brought the card up (Harvest refused the saved login), or null when this
   * computer simply has no password for the link yet. */
  readonly reason: AppError | null;
  readonly onSaved: () => void;
}

export function HarvestLoginCard({ harvest, reason, onSaved }: HarvestLoginCardProps): JSX.Element {
  const api = useApi();
  const [login, setLogin] = useState<HarvestLoginValues>({
    subdomain: harvest.subdomain,
    email: harvest.email,
    password: "",
  });
  const { busy, error, run } = useAction();

  function submit(event: Event): void {
    event.preventDefault();
    void run(
      () => api.updateHarvest(harvestLoginInput(login)),
      () => {
        setLogin((current) => ({ ...current, password: "" }));
        onSaved();
      },
    );
  }

  return (
    <section class="login-card" aria-labelledby="harvest-login-title" data-testid="harvest-login-card">
      <div class="login-card-head">
        <AlertIcon />
        <div>
          <h2 class="login-card-title" id="harvest-login-title">
            {harvest.passwordSaved && reason ? "Harvest login needed" : "Harvest password needed here"}
          </h2>
          {/* One sentence, and the action is the form below: nothing points elsewhere. */}
          <p class="login-card-text" data-testid="harvest-login-reason">
            {harvest.passwordSaved && reason
              ? `Harvest did not accept the saved login for ${harvest.subdomain}.harvestapp.com. Enter the password again.`
              : `${harvest.subdomain}.harvestapp.com is linked in Co-op, but this computer does not have its password yet. Enter it once to use Harvest here.`}
          </p>
        </div>
      </div>
      <form class="form" onSubmit={submit}>
        <HarvestLoginFields
          idPrefix="inline-harvest"
          values={login}
          onChange={setLogin}
          subdomainHint={`${harvestSubdomain(login.subdomain) || "…"}.harvestapp.com`}
        />
        {error ? <ErrorNotice error={error} service="Harvest" compact /> : null}
        <div class="row-actions">
          <button type="submit" class="btn btn-small btn-primary" disabled={busy || !isHarvestLoginComplete(login)}>
            {busy ? "Checking with Harvest…" : "Save"}
          </button>
        </div>
      </form>
    </section>
  );
}
