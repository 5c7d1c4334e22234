/** Create/edit a Harvest client, and confirm deleting one. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { MAX_LINE_LENGTH, MAX_TEXT_LENGTH } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import type { Client } from "../../shared/models";
import { useApi } from "../api-context";
import { Dialog } from "../components/dialog";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";

/** Common choices; Harvest takes the name verbatim, and any other text may be typed. */
export const CURRENCIES: readonly string[] = ["United States Dollar - USD", "Euro - EUR", "British Pound - GBP", "Argentine Peso - ARS", "Canadian Dollar - CAD", "Australian Dollar - AUD"];

export function ClientFormDialog({ client, onClose, onSaved }: { readonly client: Client | null; readonly onClose: () => void; readonly onSaved: (client: Client) => void }): JSX.Element {
  const api = useApi();
  const [name, setName] = useState(client?.name ?? "");
  const [details, setDetails] = useState(client?.details ?? "");
  const [currency, setCurrency] = useState(client?.currency ?? "");
  const [symbol, setSymbol] = useState(client?.currencySymbol ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const fields = { name: name.trim(), details: details.trim() || null, currency: currency.trim() || null, currencySymbol: symbol.trim() || null };
    const result = client ? await api.updateClient({ id: client.id, ...fields }) : await api.createClient(fields);
    setBusy(false);
    if (result.ok) onSaved(result.value);
    else setError(result.error);
  }

  return (
    <Dialog title={client ? "Edit client" : "New client"} onClose={onClose}>
      <form class="form" onSubmit={(e) => void submit(e)}>
        <Field id="client-name" label="Name">
          <input id="client-name" class="input" required maxLength={MAX_LINE_LENGTH} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="client-details" label="Details" hint="Address, phone numbers, website">
          <textarea id="client-details" class="input textarea" rows={3} maxLength={MAX_TEXT_LENGTH} value={details} onInput={(e) => setDetails(e.currentTarget.value)} />
        </Field>
        <div class="field-row">
          <Field id="client-currency" label="Currency">
            <input id="client-currency" class="input" list="client-currencies" maxLength={MAX_LINE_LENGTH} value={currency} onInput={(e) => setCurrency(e.currentTarget.value)} />
            <datalist id="client-currencies">
              {CURRENCIES.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </Field>
          <Field id="client-symbol" label="Symbol">
            <input id="client-symbol" class="input input-narrow" maxLength={8} value={symbol} onInput={(e) => setSymbol(e.currentTarget.value)} />
          </Field>
        </div>
        {error ? <ErrorNotice error={error} service="Harvest" compact /> : null}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy || name.trim() === ""}>
            {busy ? "Saving…" : client ? "Save" : "Create client"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteClientDialog({ client, onClose, onDone }: { readonly client: Client; readonly onClose: () => void; readonly onDone: () => void }): JSX.Element {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  async function confirm(): Promise<void> {
    setBusy(true);
    setError(null);
    const result = await api.deleteClient({ id: client.id });
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  }
  return (
    <Dialog title={`Delete “${client.name}”?`} onClose={onClose}>
      <p class="dialog-text">Harvest only deletes clients without projects or invoices. Otherwise, deactivate it instead.</p>
      {error ? <ErrorNotice error={error} service="Harvest" compact /> : null}
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={onClose} autoFocus>
          {error ? "Close" : "Cancel"}
        </button>
        <button type="button" class="btn btn-danger" disabled={busy || error !== null} onClick={() => void confirm()}>
          {busy ? "Deleting…" : "Delete client"}
        </button>
      </div>
    </Dialog>
  );
}
