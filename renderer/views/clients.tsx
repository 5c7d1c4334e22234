/**
 * Harvest clients: search, active/archived filter, create, edit, archive or restore, delete, contacts.
 * The words are Harvest's own ("Archive"), so its refusals ("Archive it instead") and our buttons agree.
 */
import type { JSX } from "preact";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { AccountSummary, ConnectionState } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import type { Client, Contact } from "@coop-tray/protocol/models";
import { useApi } from "../api-context";
import { ActionError } from "../components/action-error";
import { ErrorNotice } from "../components/error-notice";
import { Flash } from "../components/flash";
import { PlusIcon, SearchIcon } from "../components/icons";
import { useAction, useNow, useOnRefresh } from "../hooks";
import { ClientFormDialog, DeleteClientDialog } from "./client-dialogs";
import { bannerThrottleUntil } from "./connection-banner";
import { ClientsApiNote } from "./clients-api-note";
import { useModel } from "../model/context";
import { HarvestConnectCard } from "./harvest-connect";
import { HarvestLoginCard } from "./harvest-login-card";

type Filter = "active" | "inactive" | "all";
type Open = { readonly kind: "create" } | { readonly kind: "edit" | "delete"; readonly client: Client } | null;

export function filterClients(clients: readonly Client[], search: string, filter: Filter): Client[] {
  const q = search.trim().toLowerCase();
  return clients
    .filter((c) => (filter === "all" ? true : filter === "active" ? c.active : !c.active))
    .filter((c) => q === "" || c.name.toLowerCase().includes(q) || (c.details ?? "").toLowerCase().includes(q))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface ClientsViewProps {
  readonly account: AccountSummary;
  readonly connection: ConnectionState;
  readonly onLink: () => void;
  /** Which Harvest API serves the list (a v2 token link serves it too); null when neither is linked. */
  readonly clientsApi?: "v1" | "v2" | null;
}

export function ClientsView({ account, connection, onLink, clientsApi = null }: ClientsViewProps): JSX.Element {
  const api = useApi();
  const model = useModel();
  const harvest = model.harvestV2.value;
  const [clients, setClients] = useState<readonly Client[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [search, setSearch] = useState("");
  const [filter, setFilter] = useState<Filter>("active");
  const [expanded, setExpanded] = useState<number | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const close = useCallback(() => setOpen(null), []);
  // A status line speaks of the last action only: starting another clears it ("Created …" no
  // longer stays through an edit, an archive or a delete).
  const begin = (next: Open): void => {
    setFlash(null);
    setOpen(next);
  };

  const load = useCallback(
    async (refresh: boolean) => {
      setError(null);
      const result = await api.listClients({ refresh });
      if (result.ok) setClients(result.value);
      else setError(result.error);
    },
    [api],
  );

  // A Harvest v2 token link (Timers or Settings) serves the list as well as a login kept by Co-op.
  // A v1 link without its password on this computer asks for it first (no call that must fail).
  const passwordHere = clientsApi === "v2" || account.harvest?.passwordSaved !== false;
  const linked = account.harvest !== null || clientsApi === "v2";
  // A member's token reaches no clients (Harvest answers 404): say so rather than fail and offer Try again.
  const mayNotManage = clientsApi === "v2" && harvest?.link?.canManageClients === false;
  const usable = ((account.harvest !== null && passwordHere) || clientsApi === "v2") && !mayNotManage;
  const hadPassword = useRef(passwordHere);
  useEffect(() => {
    // Saved from the card (main announces it before the card's call returns and the card is gone).
    if (passwordHere && !hadPassword.current) setFlash("Harvest login saved on this computer.");
    hadPassword.current = passwordHere;
    if (usable) void load(false);
  }, [account.harvest?.subdomain, clientsApi, passwordHere, usable, load]);
  // Refresh asks Harvest again; unlinked, it asks Co-op whether a link was made elsewhere (the
  // answer arrives as a state change, and the list loads from there).
  useOnRefresh(() => (usable ? load(true) : api.getHarvestCredential()));

  // Throttled: try again by ourselves once the pause is over (the banner counts it down).
  const throttledUntil = error?.kind === "throttled" ? error.until : null;
  useEffect(() => {
    if (throttledUntil === null) return undefined;
    const timer = setTimeout(() => void load(true), Math.max(0, throttledUntil - Date.now()));
    return () => clearTimeout(timer);
  }, [throttledUntil, load]);
  const lockedUntil = bannerThrottleUntil(connection);
  const now = useNow(1000, throttledUntil !== null || lockedUntil > Date.now());
  const bannerCountsDown = throttledUntil !== null && lockedUntil > now;
  // Calls made now wait for the pause to end (the banner counts it down); controls say so.
  const paused = lockedUntil > now;

  // v1 knows the subdomain; a v2 link's account is reached through Harvest ID.
  const projectsPage = account.harvest?.subdomain
    ? `https://${account.harvest.subdomain}.harvestapp.com/projects`
    : "https://id.getharvest.com/";
  const shown = useMemo(() => filterClients(clients ?? [], search, filter), [clients, search, filter]);

  if (!linked) {
    // Newcomers connect with a token, right here; the older email-and-password login is in Settings.
    return (
      <div class="view-scroll">
        {harvest ? <HarvestConnectCard harvest={harvest} onChanged={() => void model.reloadHarvestV2()} /> : null}
        <p class="view-note">
          Your Harvest account signs in with an email and password?{" "}
          <button type="button" class="link-btn" onClick={onLink}>
            Use that login in Settings
          </button>
        </p>
      </div>
    );
  }

  const replace = (client: Client): void =>
    setClients((list) => (list ? list.map((c) => (c.id === client.id ? client : c)) : list));
  // Harvest refused the saved login: ask for it right here rather than pointing at Settings.
  const needsLogin = clientsApi !== "v2" && account.harvest !== null && (error?.kind === "auth" || !passwordHere);
  const loginSaved = (): void => {
    setFlash("Harvest login saved on this computer.");
    void load(true);
  };

  if (mayNotManage) {
    return (
      <div class="view-scroll">
        <div class="empty">
          <p class="empty-title">Your Harvest role can&rsquo;t manage clients</p>
          <p class="empty-text">
            In {harvest?.link?.accountName ?? "this Harvest account"}, clients are managed by administrators and by
            managers allowed to edit clients. Ask one of them to add or change a client.
          </p>
        </div>
      </div>
    );
  }

  const reason = error?.kind === "auth" ? error : null;
  if (needsLogin && account.harvest && clients === null) {
    return (
      <div class="view-scroll">
        <HarvestLoginCard harvest={account.harvest} reason={reason} onSaved={loginSaved} />
      </div>
    );
  }

  return (
    <div class="view-scroll">
      {needsLogin && account.harvest ? (
        <HarvestLoginCard harvest={account.harvest} reason={reason} onSaved={loginSaved} />
      ) : null}
      <ClientsApiNote api={clientsApi} />
      <div class="toolbar toolbar-clients">
        <div class="search">
          <SearchIcon />
          <input
            class="input input-search"
            type="search"
            placeholder="Search"
            aria-label="Search clients"
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
          />
        </div>
        <div class="segmented" role="radiogroup" aria-label="Show">
          {(["active", "inactive", "all"] as const).map((f) => (
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={filter === f}
              class={filter === f ? "segment is-active" : "segment"}
              onClick={() => setFilter(f)}
            >
              {f === "active" ? "Active" : f === "inactive" ? "Archived" : "All"}
            </button>
          ))}
        </div>
        <button
          type="button"
          class="icon-btn icon-btn-primary"
          aria-label="New client"
          title="New client"
          onClick={() => begin({ kind: "create" })}
        >
          <PlusIcon />
        </button>
      </div>
      <Flash message={flash} />
      {error && !needsLogin && !bannerCountsDown ? (
        <ErrorNotice
          error={error}
          service="Harvest"
          onRetry={throttledUntil === null ? () => void load(true) : undefined}
          onSignIn={onLink}
        />
      ) : null}
      {clients === null && !error ? <div class="spinner" role="status" aria-label="Loading clients" /> : null}
      {clients === null && bannerCountsDown ? (
        <p class="view-note">Clients load as soon as Harvest's pause is over.</p>
      ) : null}
      {clients !== null && shown.length === 0 ? (
        <div class="empty">
          <p class="empty-title">
            {search ? "No matching clients" : filter === "inactive" ? "No inactive clients" : "No clients yet"}
          </p>
        </div>
      ) : null}
      {shown.length > 0 ? (
        <ul class="card-list" aria-label="Clients">
          {shown.map((client) => (
            <ClientRow
              key={client.id}
              client={client}
              expanded={expanded === client.id}
              onToggleExpand={() => setExpanded(expanded === client.id ? null : client.id)}
              onEdit={() => begin({ kind: "edit", client })}
              onDelete={() => begin({ kind: "delete", client })}
              onStart={() => setFlash(null)}
              paused={paused}
              projectsPage={projectsPage}
              onChanged={(c) => {
                replace(c);
                setFlash(`“${c.name}” is now ${c.active ? "active" : "archived"}.`);
              }}
            />
          ))}
        </ul>
      ) : null}
      {open?.kind === "create" ? (
        <ClientFormDialog
          client={null}
          clientsApi={clientsApi ?? "v1"}
          paused={paused}
          onClose={close}
          onSaved={(c) => {
            setOpen(null);
            setClients((list) => [...(list ?? []).filter((x) => x.id !== c.id), c]);
            // New clients are active: under "Archived" it would vanish, so switch to where it is.
            const hidden = (filter === "inactive" && c.active) || (filter === "active" && !c.active);
            if (hidden) setFilter(c.active ? "active" : "inactive");
            if (search && !filterClients([c], search, "all").length) setSearch("");
            setFlash(
              hidden
                ? `Created “${c.name}”. Showing ${c.active ? "active" : "archived"} clients.`
                : `Created “${c.name}”.`,
            );
          }}
        />
      ) : null}
      {open?.kind === "edit" ? (
        <ClientFormDialog
          client={open.client}
          clientsApi={clientsApi ?? "v1"}
          paused={paused}
          onClose={close}
          onSaved={(c) => {
            setOpen(null);
            replace(c);
            setFlash(`Saved “${c.name}”.`);
          }}
        />
      ) : null}
      {open?.kind === "delete" ? (
        <DeleteClientDialog
          client={open.client}
          onClose={close}
          onDone={() => {
            const gone = open.client;
            setOpen(null);
            setExpanded(null);
            setClients((list) => (list ?? []).filter((c) => c.id !== gone.id));
            setFlash(`Deleted “${gone.name}”.`);
          }}
        />
      ) : null}
    </div>
  );
}

interface ClientRowProps {
  readonly client: Client;
  readonly expanded: boolean;
  /** Harvest asked for a pause: a change started now waits for it. */
  readonly paused: boolean;
  readonly onToggleExpand: () => void;
  readonly onEdit: () => void;
  readonly onDelete: () => void;
  readonly onChanged: (client: Client) => void;
  /** An action on this row began: the previous status line no longer applies. */
  readonly onStart: () => void;
  /** Where the client's projects are archived (Harvest's Projects page). */
  readonly projectsPage: string;
}

function ClientRow(props: ClientRowProps): JSX.Element {
  const { client, expanded } = props;
  const api = useApi();
  const { busy, error, setError, run } = useAction();
  const [contacts, setContacts] = useState<readonly Contact[] | null>(null);
  const [contactsError, setContactsError] = useState<AppError | null>(null);
  const panelId = `client-panel-${client.id}`;

  const loadContacts = useCallback((): void => {
    void api.listContacts({ clientId: client.id }).then((result) => {
      setContactsError(result.ok ? null : result.error);
      if (result.ok) setContacts(result.value);
    });
  }, [api, client.id]);
  // Read once, on the first opening of the row.
  const wantsContacts = expanded && contacts === null;
  useEffect(() => {
    if (wantsContacts) loadContacts();
  }, [wantsContacts, loadContacts]);
  // Refused during Harvest's pause: asked again once it is over (the banner alone counts it down).
  const contactsPausedUntil = contactsError?.kind === "throttled" ? contactsError.until : null;
  useEffect(() => {
    if (contactsPausedUntil === null || !expanded) return undefined;
    const timer = setTimeout(loadContacts, Math.max(0, contactsPausedUntil - Date.now()));
    return () => clearTimeout(timer);
  }, [contactsPausedUntil, expanded, loadContacts]);

  const toggle = (): Promise<void> => {
    props.onStart();
    return run(() => api.toggleClient({ id: client.id }), props.onChanged);
  };

  return (
    <li class={client.active ? "card" : "card is-inactive"} data-client-id={client.id}>
      <div class="card-row">
        <button
          type="button"
          class="card-toggle"
          aria-expanded={expanded}
          aria-controls={panelId}
          onClick={props.onToggleExpand}
        >
          <span class="card-title">{client.name}</span>
          <span class="card-sub">
            {client.active ? "Active" : "Archived"}
            {client.currency ? ` · ${client.currency}` : ""}
          </span>
        </button>
      </div>
      {expanded ? (
        <div class="card-panel" id={panelId}>
          {client.details ? <p class="client-details">{client.details}</p> : <p class="muted">No details.</p>}
          <h2 class="panel-title">Contacts</h2>
          {contactsPausedUntil !== null ? (
            <p class="muted">Contacts load as soon as Harvest's pause is over.</p>
          ) : contactsError ? (
            <ErrorNotice error={contactsError} service="Harvest" compact />
          ) : null}
          {contacts === null && !contactsError ? <p class="muted">Loading contacts…</p> : null}
          {contacts !== null && contacts.length === 0 ? <p class="muted">No contacts.</p> : null}
          {contacts !== null && contacts.length > 0 ? (
            <ul class="contacts">
              {contacts.map((c) => (
                <li key={c.id}>
                  <span class="contact-name">{`${c.firstName} ${c.lastName}`}</span>
                  {c.title ? <span class="muted"> · {c.title}</span> : null}
                  {c.email ? <span class="contact-sub">{c.email}</span> : null}
                  {c.phoneOffice || c.phoneMobile ? (
                    <span class="contact-sub">{c.phoneOffice ?? c.phoneMobile}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <div class="row-actions">
            <button
              type="button"
              class="btn btn-small"
              onClick={() => {
                setError(null);
                props.onEdit();
              }}
            >
              Edit
            </button>
            <button type="button" class="btn btn-small" disabled={busy} aria-busy={busy} onClick={() => void toggle()}>
              {busy
                ? props.paused
                  ? "Waiting for Harvest…"
                  : client.active
                    ? "Archiving…"
                    : "Restoring…"
                : client.active
                  ? "Archive"
                  : "Restore"}
            </button>
            <button
              type="button"
              class="btn btn-small btn-danger-quiet"
              onClick={() => {
                setError(null);
                props.onDelete();
              }}
            >
              Delete
            </button>
          </div>
          {/* Said once, under the buttons, in the words of the one that failed; the next action clears it. */}
          {error ? (
            <ActionError
              error={error}
              action={`${client.active ? "archive" : "restore"} “${client.name}”`}
              service="Harvest"
            />
          ) : null}
          {/* Its projects are archived in Harvest, not here: the way there, rather than a dead end. */}
          {error?.kind === "validation" && /project/i.test(`${error.message} ${error.hint ?? ""}`) ? (
            <button type="button" class="link-btn" onClick={() => void api.openExternal({ url: props.projectsPage })}>
              Open the projects in Harvest
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
