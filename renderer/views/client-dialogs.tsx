/**
 * Create/edit a Harvest client, and confirm deleting one. The currency is picked from the ISO 4217
 * list (shared/currency.ts); on v1 its symbol follows the choice and may still be changed.
 */
import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import { MAX_LINE_LENGTH, MAX_TEXT_LENGTH } from "../../shared/contract";
import { choicesFor, currencySymbol } from "../../shared/currency";
import type { Client } from "@coop-tray/protocol/models";
import { useApi } from "../api-context";
import { ConfirmDialog } from "../components/confirm-dialog";
import { Dialog } from "../components/dialog";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";
import { useAction } from "../hooks";

export interface ClientFormDialogProps {
  readonly client: Client | null;
  /** Which Harvest API keeps the client: v1 stores a currency's name and symbol, v2 its code alone. */
  readonly clientsApi?: "v1" | "v2";
  /** Harvest asked for a pause: a save started now waits for it (the banner counts down). */
  readonly paused?: boolean;
  readonly onClose: () => void;
  readonly onSaved: (client: Client) => void;
}

export function ClientFormDialog({
  client,
  clientsApi = "v1",
  paused = false,
  onClose,
  onSaved,
}: ClientFormDialogProps): JSX.Element {
  const api = useApi();
  const [name, setName] = useState(client?.name ?? "");
  const [details, setDetails] = useState(client?.details ?? "");
  const [currency, setCurrency] = useState(client?.currency ?? "");
  const [symbol, setSymbol] = useState(client?.currencySymbol ?? "");
  const { busy, error, run } = useAction();
  const saved = client?.currency ?? null;
  const currencies = useMemo(() => choicesFor(clientsApi, saved), [clientsApi, saved]);
  const withSymbol = clientsApi === "v1";

  function submit(event: Event): void {
    event.preventDefault();
    const fields = {
      name: name.trim(),
      details: details.trim() || null,
      currency: currency.trim() || null,
      currencySymbol: withSymbol ? symbol.trim() || null : (client?.currencySymbol ?? null),
    };
    void run(() => (client ? api.updateClient({ id: client.id, ...fields }) : api.createClient(fields)), onSaved);
  }

  return (
    <Dialog title={client ? "Edit client" : "New client"} onClose={onClose}>
      <form class="form" onSubmit={submit}>
        <Field id="client-name" label="Name">
          <input
            id="client-name"
            class="input"
            required
            maxLength={MAX_LINE_LENGTH}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <Field id="client-details" label="Details" hint="Address, phone numbers, website">
          <textarea
            id="client-details"
            class="input textarea"
            rows={3}
            maxLength={MAX_TEXT_LENGTH}
            value={details}
            onInput={(e) => setDetails(e.currentTarget.value)}
          />
        </Field>
        <div class="field-row">
          <Field id="client-currency" label="Currency">
            <select
              id="client-currency"
              class="select"
              value={currency}
              onChange={(e) => {
                const next = currencies.find((c) => c.value === e.currentTarget.value) ?? null;
                setCurrency(e.currentTarget.value);
                // The symbol follows the currency; it stays editable for a client that writes it otherwise.
                if (withSymbol) setSymbol(next === null ? "" : (currencySymbol(next.code) ?? ""));
              }}
            >
              {/* Unset only while it is: Harvest then uses the account's currency. */}
              {saved === null || saved.trim() === "" ? <option value="">The account’s currency</option> : null}
              {currencies.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </Field>
          {withSymbol ? (
            <Field id="client-symbol" label="Symbol">
              <input
                id="client-symbol"
                class="input input-narrow"
                maxLength={8}
                value={symbol}
                onInput={(e) => setSymbol(e.currentTarget.value)}
              />
            </Field>
          ) : null}
        </div>
        {error ? <ErrorNotice error={error} service="Harvest" compact /> : null}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy || name.trim() === ""} aria-busy={busy}>
            {busy ? (paused ? "Waiting for Harvest…" : "Saving…") : client ? "Save" : "Create client"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteClientDialog({
  client,
  onClose,
  onDone,
}: {
  readonly client: Client;
  readonly onClose: () => void;
  readonly onDone: () => void;
}): JSX.Element {
  const api = useApi();
  return (
    <ConfirmDialog
      title={`Delete “${client.name}”?`}
      text="Harvest only deletes clients without projects or invoices. Otherwise, deactivate it instead."
      confirmLabel="Delete client"
      service="Harvest"
      call={() => api.deleteClient({ id: client.id })}
      onClose={onClose}
      onDone={onDone}
    />
  );
}
