/**
 * Connecting Harvest with a personal access token: where to get one (Harvest ID's Developers page,
 * opened in the browser), paste it, pick the account when the token reaches several. The token goes
 * to main once and is never shown again; main keeps it in the OS keychain.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { AppError } from "../../shared/errors";
import type { HarvestAccountRef } from "@coop-tray/protocol/harvest-v2";
import type { HarvestV2State } from "../../shared/harvest-v2-state";
import { useApi } from "../api-context";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";
import { useAction, useId } from "../hooks";

/**
 * On the token form a 401 is about the token just pasted, not a saved login to update in Settings:
 * say so in those words, with Harvest's reason.
 */
export function tokenRefusal(error: AppError): AppError {
  if (error.kind !== "auth") return error;
  const reason = error.message.trim();
  return {
    kind: "validation",
    status: 401,
    message: `Harvest refused this token${reason === "" ? "." : `: ${/[.!?]$/.test(reason) ? reason : `${reason}.`}`}`,
    hint: "Check that you copied all of it, or create a new one.",
  };
}

export function HarvestConnectCard({
  harvest,
  onChanged,
}: {
  readonly harvest: HarvestV2State;
  readonly onChanged: () => void;
}): JSX.Element {
  const api = useApi();
  const tokenId = useId("harvest-token");
  const [token, setToken] = useState("");
  const [accounts, setAccounts] = useState<readonly HarvestAccountRef[] | null>(null);
  const [accountId, setAccountId] = useState<number | null>(null);
  const action = useAction();
  const link = harvest.link;

  if (link !== null) {
    return (
      <section class="settings-section harvest-v2" aria-labelledby="harvest-v2-title">
        <h2 class="section-title" id="harvest-v2-title">
          Harvest
        </h2>
        <div class="kv">
          <p class="kv-main">{link.accountName}</p>
          <p class="kv-sub">
            {link.userName} · {link.email}
          </p>
          <p class="kv-sub">
            Connected with a personal access token ·{" "}
            {link.wantsTimestampTimers ? "you track start and end times" : "you track hours"}
            {link.canManageClients ? "" : " · your Harvest role cannot manage clients"}
          </p>
          {action.error ? <ErrorNotice error={action.error} service="Harvest" compact /> : null}
          <div class="row-actions">
            <button
              type="button"
              class="btn btn-small"
              disabled={action.busy}
              onClick={() => void action.run(() => api.disconnectHarvestV2(), onChanged)}
            >
              Disconnect
            </button>
          </div>
        </div>
      </section>
    );
  }

  const connect = (): void => {
    void action.run(
      () => api.connectHarvestV2({ token }),
      (outcome) => {
        setToken("");
        if (outcome.kind === "chooseAccount") {
          setAccounts(outcome.accounts);
          setAccountId(outcome.accounts[0]?.id ?? null);
        } else onChanged();
      },
    );
  };

  if (accounts !== null) {
    return (
      <section class="settings-section harvest-v2" aria-labelledby="harvest-v2-title">
        <h2 class="section-title" id="harvest-v2-title">
          Choose a Harvest account
        </h2>
        <p class="view-note">Your token reaches {accounts.length} Harvest accounts. Which one should Co-op Tray use?</p>
        <form
          class="form"
          onSubmit={(event) => {
            event.preventDefault();
            if (accountId !== null) void action.run(() => api.chooseHarvestAccount({ accountId }), onChanged);
          }}
        >
          <fieldset class="account-choices">
            <legend class="visually-hidden">Harvest account</legend>
            {accounts.map((account) => (
              <label key={account.id} class="account-choice">
                <input
                  type="radio"
                  name="harvest-account"
                  value={account.id}
                  checked={accountId === account.id}
                  onChange={() => setAccountId(account.id)}
                />
                <span>
                  {account.name} <span class="muted">#{account.id}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {action.error ? <ErrorNotice error={action.error} service="Harvest" compact /> : null}
          <div class="row-actions">
            <button type="button" class="btn btn-quiet" onClick={() => setAccounts(null)}>
              Back
            </button>
            <button type="submit" class="btn btn-primary" disabled={action.busy || accountId === null}>
              Use this account
            </button>
          </div>
        </form>
      </section>
    );
  }

  return (
    <section class="settings-section harvest-v2" aria-labelledby="harvest-v2-title">
      <h2 class="section-title" id="harvest-v2-title">
        Connect Harvest
      </h2>
      <p class="view-note">
        Co-op Tray signs in to Harvest with a personal access token: a key made for one app, which you can revoke at any
        time. Create one at{" "}
        <a
          href={harvest.tokenPage}
          class="link-btn"
          onClick={(event) => {
            event.preventDefault();
            void api.openExternal({ url: harvest.tokenPage });
          }}
        >
          Harvest ID → Developers
        </a>{" "}
        (Create new personal access token), then copy it here. It stays in this computer&rsquo;s keychain.
      </p>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim() !== "") connect();
        }}
      >
        <Field id={tokenId} label="Personal access token">
          <input
            id={tokenId}
            class="input"
            type="password"
            autocomplete="off"
            spellcheck={false}
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </Field>
        {action.error ? <ErrorNotice error={tokenRefusal(action.error)} service="Harvest" compact /> : null}
        <div class="row-actions">
          <button type="submit" class="btn btn-primary" disabled={action.busy || token.trim() === ""}>
            {action.busy ? "Connecting…" : "Connect"}
          </button>
        </div>
      </form>
    </section>
  );
}
