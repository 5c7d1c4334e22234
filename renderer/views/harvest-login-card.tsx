/**
 * Shown where Harvest refused the saved login (most often: Co-op has the link, but this computer's
 * keychain has no Harvest password yet). The user types the password right here instead of hunting
 * for Settings; the subdomain and email come pre-filled from the link. The password is sent once
 * through `updateHarvest` and cleared.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { AccountSummary } from "../../shared/contract";
import { MAX_LINE_LENGTH } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import { useApi } from "../api-context";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";
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
  const [subdomain, setSubdomain] = useState(harvest.subdomain);
  const [email, setEmail] = useState(harvest.email);
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();

  function submit(event: Event): void {
    event.preventDefault();
    const update = async () => {
      const result = await api.updateHarvest({ subdomain: subdomain.trim().toLowerCase(), email: email.trim(), password });
      // Not kept in the page a moment longer than the call needs.
      setPassword("");
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
        <Field id="inline-harvest-subdomain" label="Harvest account" hint={`${subdomain.trim().toLowerCase() || "…"}.harvestapp.com`}>
          <input id="inline-harvest-subdomain" class="input" required autoComplete="off" spellcheck={false} maxLength={MAX_LINE_LENGTH} value={subdomain} aria-describedby="inline-harvest-subdomain-hint" onInput={(e) => setSubdomain(e.currentTarget.value)} />
        </Field>
        <Field id="inline-harvest-email" label="Harvest email">
          <input id="inline-harvest-email" class="input" type="email" required autoComplete="off" maxLength={MAX_LINE_LENGTH} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </Field>
        <Field id="inline-harvest-password" label="Harvest password">
          <input id="inline-harvest-password" class="input" type="password" required autoComplete="off" maxLength={MAX_LINE_LENGTH} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        {error ? <ErrorNotice error={error} service="Harvest" compact /> : null}
        <div class="row-actions">
          <button type="submit" class="btn btn-small btn-primary" disabled={busy || subdomain.trim() === "" || email.trim() === "" || password === ""}>
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
