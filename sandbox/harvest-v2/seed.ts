/**
 * Harvest v2's side of the seed. The records themselves are v1's (`model/seed.ts`): the same users,
 * clients, contacts, projects and time entries, so both APIs show the same account. This adds what v1
 * never had: numeric account ids, personal access tokens, access roles, tasks and assignments, an
 * estimate, and a second Harvest account for Basil (so a token can reach several) kept on timestamp
 * timers, as the other half of the company setting.
 */
import type { HarvestAccount, State } from "../model/state";
import type { HarvestV2Account } from "./state";

export interface V2Identity {
  /** The Harvest ID user (not an account's user id). */
  readonly id: number;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly token: string;
  /** Forecast accounts the identity also reaches: listed by the id service, never usable here. */
  readonly forecast: readonly { readonly id: number; readonly name: string }[];
}

export const HARVEST_V2_SEED = {
  accounts: {
    fawlty: { id: 250101, subdomain: "fawlty", name: "Fawlty Towers" },
    argentina: { id: 250102, subdomain: "fawltyargentina", name: "Fawlty Towers - Argentina" },
  },
  forecastAccountId: 250901,
  /** Personal access tokens (Harvest's format: `<id>.pt.<random>`). Basil reaches both accounts, Polly only fawlty. */
  tokens: {
    basil: "7001.pt.bVhQmT3sYw9oKfLr2cXe8ZpA4nGd6uJi",
    polly: "7002.pt.pGq5rN8xWc2vLm7tHy4sBz9kDf3aEj6o",
  },
  /** Harvest user ids in the second account (the first uses v1's 50001/50002). */
  argentinaBasilId: 60001,
  projects: { gourmetNight: 301, annualDinner: 302, healthInspection: 303, paellaNight: 501 },
  tasks: {
    putButter: 801,
    fetchLobster: 802,
    setTables: 803,
    welcomeSpeech: 804,
    cookDuck: 805,
    hideRat: 806,
    inspectKitchen: 807,
    paella: 851,
  },
  /** O'Reilly Builders has an estimate (and nothing else): v2 refuses to delete it. */
  clientWithEstimate: 5,
  /** Polly's running timer from the Co-op seed. */
  runningEntryId: 1373078,
} as const;

export const V2_IDENTITIES: readonly V2Identity[] = [
  {
    id: 7001,
    email: "basil@fawltytowers.com",
    firstName: "Basil",
    lastName: "Fawlty",
    token: HARVEST_V2_SEED.tokens.basil,
    forecast: [{ id: HARVEST_V2_SEED.forecastAccountId, name: "Fawlty Towers" }],
  },
  {
    id: 7002,
    email: "polly@fawltytowers.com",
    firstName: "Polly",
    lastName: "Sherman",
    token: HARVEST_V2_SEED.tokens.polly,
    forecast: [],
  },
];

const SEED_AT = Date.UTC(2010, 8, 20, 9, 0, 0);
const T = HARVEST_V2_SEED.tasks;
const P = HARVEST_V2_SEED.projects;

/** Task names as v1's time entries spell them, and the extra tasks the picker offers. */
const FAWLTY_TASKS: readonly [number, string][] = [
  [T.putButter, "Put butter on trays"],
  [T.fetchLobster, "Fetch the lobster"],
  [T.setTables, "Set the tables"],
  [T.welcomeSpeech, "Welcome speech"],
  [T.cookDuck, "Cook the duck"],
  [T.hideRat, "Hide the rat"],
  [T.inspectKitchen, "Inspect the kitchen"],
];
const FAWLTY_PROJECT_TASKS: readonly [number, number][] = [
  [P.gourmetNight, T.putButter],
  [P.gourmetNight, T.fetchLobster],
  [P.gourmetNight, T.cookDuck],
  [P.annualDinner, T.setTables],
  [P.annualDinner, T.welcomeSpeech],
  [P.healthInspection, T.hideRat],
  [P.healthInspection, T.inspectKitchen],
];

function argentinaAccount(): HarvestAccount {
  const at = Date.UTC(2019, 0, 7, 12, 0, 0);
  const client = (id: number, name: string, details: string | null): HarvestAccount["clients"][number] => ({
    id,
    name,
    active: true,
    details,
    currency: "Argentine Peso - ARS",
    currencySymbol: "$",
    highriseId: null,
    cacheVersion: 0,
    defaultInvoiceTimeframe: null,
    lastInvoiceKind: null,
    createdAt: at,
    updatedAt: at,
  });
  return {
    subdomain: HARVEST_V2_SEED.accounts.argentina.subdomain,
    companyName: HARVEST_V2_SEED.accounts.argentina.name,
    weekStartDay: "Sunday",
    timeFormat: "hours_minutes",
    clock: "12h",
    users: [
      {
        id: HARVEST_V2_SEED.argentinaBasilId,
        email: "basil@fawltytowers.com",
        password: "barcelona",
        firstName: "Basil",
        lastName: "Fawlty",
        admin: true,
        timezone: "Buenos Aires",
        timestampTimers: true,
      },
    ],
    clients: [
      client(1, "Hotel Miramar", "Avenida de Mayo 1100\nBuenos Aires"),
      client(2, "Club Atlético Torquay", null),
    ],
    projects: [{ id: P.paellaNight, clientId: 1, name: "Paella Night", active: true }],
    invoices: [],
    contacts: [],
    timeEntries: [],
    nextClientId: 3,
    nextContactId: 1,
  };
}

/** The v2 record for an account that has none: ids from the table above, everything else derived from v1's data. */
function extensionFor(account: HarvestAccount, accountId: number, firstEntryId: number): HarvestV2Account {
  const isFawlty = account.subdomain === HARVEST_V2_SEED.accounts.fawlty.subdomain;
  const tasks = isFawlty
    ? FAWLTY_TASKS.map(([id, name]) => ({ id, name, createdAt: SEED_AT, updatedAt: SEED_AT }))
    : [];
  let nextTaskId = 900;
  const taskId = (name: string): number => {
    const found = tasks.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (found !== undefined) return found.id;
    const id = nextTaskId++;
    tasks.push({ id, name, createdAt: SEED_AT, updatedAt: SEED_AT });
    return id;
  };
  if (account.subdomain === HARVEST_V2_SEED.accounts.argentina.subdomain)
    tasks.push({ id: T.paella, name: "Cook the paella", createdAt: SEED_AT, updatedAt: SEED_AT });
  const pairs: [number, number][] = isFawlty ? FAWLTY_PROJECT_TASKS.map(([p, t]) => [p, t]) : [];
  if (account.subdomain === HARVEST_V2_SEED.accounts.argentina.subdomain) pairs.push([P.paellaNight, T.paella]);
  const entries = account.timeEntries.map((entry) => {
    const project =
      account.projects.find((p) => p.name.toLowerCase() === entry.project.toLowerCase()) ?? account.projects[0];
    const task = taskId(entry.task);
    const projectId = project?.id ?? 0;
    if (!pairs.some(([p, t]) => p === projectId && t === task)) pairs.push([projectId, task]);
    return { entryId: entry.id, projectId, taskId: task, startedTime: null, endedTime: null };
  });
  let assignmentId = accountId * 10;
  const taskAssignments = pairs.map(([projectId, task]) => ({
    id: (assignmentId += 1),
    projectId,
    taskId: task,
    billable: true,
    isActive: true,
    createdAt: SEED_AT,
    updatedAt: SEED_AT,
  }));
  // Everyone is assigned to every project; the archived ones drop out of "active assignments".
  const projectAssignments = account.users.flatMap((user) =>
    account.projects.map((project) => ({
      id: (assignmentId += 1),
      userId: user.id,
      projectId: project.id,
      isActive: true,
      isProjectManager: user.admin,
      createdAt: SEED_AT,
      updatedAt: SEED_AT,
    })),
  );
  const codes = Object.fromEntries(
    account.projects.map((p) => [
      String(p.id),
      p.name
        .split(/\s+/)
        .map((w) => w[0] ?? "")
        .join("")
        .toUpperCase(),
    ]),
  );
  return {
    accountId,
    wantsTimestampTimers: account.users.some((u) => u.timestampTimers),
    accessRoles: Object.fromEntries(account.users.map((u) => [String(u.id), u.admin ? ["administrator"] : ["member"]])),
    projectCodes: codes,
    tasks,
    taskAssignments,
    projectAssignments,
    estimates: isFawlty ? [{ id: 701, clientId: HARVEST_V2_SEED.clientWithEstimate }] : [],
    entries,
    statementKeys: {},
    nextEntryId: Math.max(firstEntryId, ...account.timeEntries.map((e) => e.id + 1)),
    nextTaskId,
    nextAssignmentId: assignmentId + 1,
  };
}

/**
 * Gives every Harvest account its v2 record (and adds the second seed account and the Health
 * Inspection project next to the v1 seed's) where missing. Idempotent; true when it changed anything.
 */
export function attachHarvestV2(state: State): boolean {
  let changed = false;
  const fawlty = state.harvest.find((a) => a.subdomain === HARVEST_V2_SEED.accounts.fawlty.subdomain);
  if (fawlty !== undefined && fawlty.v2 === undefined) {
    if (!fawlty.projects.some((p) => p.id === P.healthInspection))
      fawlty.projects.push({ id: P.healthInspection, clientId: 1, name: "Health Inspection", active: true });
    if (!state.harvest.some((a) => a.subdomain === HARVEST_V2_SEED.accounts.argentina.subdomain))
      state.harvest.push(argentinaAccount());
  }
  state.harvest.forEach((account, index) => {
    if (account.v2 !== undefined) return;
    const known = Object.values(HARVEST_V2_SEED.accounts).find((a) => a.subdomain === account.subdomain);
    const accountId = known?.id ?? 250200 + index;
    account.v2 = extensionFor(account, accountId, (index + 1) * 2_000_000);
    changed = true;
  });
  return changed;
}
