/** Create/edit a Harvest client, and confirm deleting one. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { MAX_LINE_LENGTH, MAX_TEXT_LENGTH } from "../../shared/contract";
import type { Client } from "@coop-tray/protocol/models";
import { useApi } from "../api-context";
import { ConfirmDialog } from "../components/confirm-dialog";
import { Dialog } from "../components/dialog";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";
import { useAction } from "../hooks";

/** Common choices; Harvest takes the name verbatim, and any other text may be typed. */
const CURRENCIES: readonly string[] = [
  "United States Dollar - USD",
  "Euro - EUR",
  "British Pound - GBP",
  "Argentine Peso - ARS",
  "Canadian Dollar - CAD",
  "Australian Dollar - AUD",
];

export interface ClientFormDialogProps {
  readonly client: Client | null;
  /** Harvest asked for a pause: a save started now waits for it (the banner counts down). */
  readonly paused?: boolean;
  readonly onClose: () => void;
  readonly onSaved: (client: Client) => void;
}

export function ClientFormDialog({ client, paused = false, onClose, onSaved }: ClientFormDialogProps): JSX.Element {
  const api = useApi();
  const [name, setName] = useState(client?.name ?? "");
  const [details, setDetails] = useState(client?.details ?? "");
  const [currency, setCurrency] = useState(client?.currency ?? "");
  const [symbol, setSymbol] = useState(client?.currencySymbol ?? "");
  const { busy, error, run } = useAction();

  function submit(event: Event): void {
    event.preventDefault();
    const fields = {
      name: name.trim(),
      details: details.trim() || null,
      currency: currency.trim() || null,
      currencySymbol: symbol.trim() || null,
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
            <input
              id="client-currency"
              class="input"
              list="client-currencies"
              maxLength={MAX_LINE_LENGTH}
              value={currency}
              onInput={(e) => setCurrency(e.currentTarget.value)}
            />
            <datalist id="client-currencies">
              {CURRENCIES.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </Field>
          <Field id="client-symbol" label="Symbol">
            <input
              id="client-symbol"
              class="input input-narrow"
              maxLength={8}
              value={symbol}
              onInput={(e) => setSymbol(e.currentTarget.value)}
            />
          </Field>
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
