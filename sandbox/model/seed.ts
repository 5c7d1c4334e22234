/**
 * The deterministic seed: the original Co-op docs' sample data (corrected) plus enough around them to exercise the
 * rules. `SEED` names the logins and ids tests and the README use; `seedState()` builds a fresh world.
 */
import type { HarvestAccount, Membership, Note, SeedState, TimeEntry, User } from "./state";

const utc = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad seed instant ${iso}`);
  return ms;
};

interface SeedLogin {
  readonly id: number;
  readonly email: string;
  readonly name: string;
}

interface SeedGroup {
  readonly id: number;
  readonly name: string;
  readonly timezone: string;
  readonly apiToken: string;
  readonly ownerId: number;
}

/** Typed wide (string, number) so callers can build variations of a login from it. */
export interface SeedData {
  readonly password: string;
  readonly users: {
    readonly basil: SeedLogin;
    readonly sybil: SeedLogin;
    readonly manuel: SeedLogin;
    readonly polly: SeedLogin;
  };
  readonly cobot: SeedLogin;
  readonly groups: { readonly fawltyTowers: SeedGroup; readonly argentina: SeedGroup };
  readonly statuses: {
    readonly noteId: number;
    readonly dayEntryId: number;
    readonly collidingId: number;
    readonly latestDay: string;
    readonly groupFeedSize: number;
  };
  readonly credentials: { readonly basil: number; readonly polly: number };
  readonly harvest: {
    readonly subdomain: string;
    readonly admin: { readonly email: string; readonly password: string; readonly id: number };
    readonly nonAdmin: { readonly email: string; readonly password: string; readonly id: number };
    readonly clients: {
      readonly cityOfTorquay: number;
      readonly rotaryClub: number;
      readonly withInvoices: number;
      readonly withContacts: number;
      readonly plain: number;
      readonly inactive: number;
    };
  };
}

export const SEED: SeedData = {
  /** Every seed user's Co-op password. */
  password: "fawltytowers",
  users: {
    basil: { id: 21, email: "basil@fawltytowers.com", name: "Basil Fawlty" },
    sybil: { id: 22, email: "sybil@fawltytowers.com", name: "Sybil Fawlty" },
    manuel: { id: 24, email: "manuel@fawltytowers.com", name: "Manuel" },
    polly: { id: 25, email: "polly@fawltytowers.com", name: "Polly Sherman" },
  },
  /** The Co-op robot bot posts are attributed to; it cannot sign in. */
  cobot: { id: 1, email: "cobot@coopapp.com", name: "Cobot" },
  groups: {
    /** Basil (owner), Sybil, Polly. */
    fawltyTowers: {
      id: 25,
      name: "Fawlty Towers",
      timezone: "London",
      apiToken: "3f6c2a91d07b48e5a1c9e0b2d4f68a17",
      ownerId: 21,
    },
    /** Basil (owner), Sybil, Manuel. */
    argentina: {
      id: 34,
      name: "Fawlty Towers - Argentina",
      timezone: "Buenos Aires",
      apiToken: "9b0e4d27c6a1435f8e2b7c90d1a3f5e6",
      ownerId: 21,
    },
  },
  /** Ids from the original docs' sample status feed, and a Note id that also is a DayEntry id in group 25. */
  statuses: { noteId: 247, dayEntryId: 1373078, collidingId: 200, latestDay: "2008-11-19", groupFeedSize: 61 },
  /** Basil's (id 23, the original docs' sample) and Polly's Co-op-stored Harvest credentials, both linked. */
  credentials: { basil: 23, polly: 24 },
  harvest: {
    subdomain: "fawlty",
    admin: { email: "basil@fawltytowers.com", password: "barcelona", id: 50001 },
    nonAdmin: { email: "polly@fawltytowers.com", password: "gourmetnight", id: 50002 },
    clients: {
      /** Has the active project "Gourmet Night": toggle → 400 + Hint, delete → 400. */
      cityOfTorquay: 1,
      /** Only an archived project: toggles fine, delete → 400. */
      rotaryClub: 2,
      /** Has an invoice and no projects: delete → 400. */
      withInvoices: 3,
      /** Contacts 401 and 402. */
      withContacts: 4,
      plain: 6,
      inactive: 7,
    },
  },
};

const avatar = (userId: number, file: string, stamp: number): string =>
  `http://coopapp.com/uploads/avatars/${userId}/thumb/${file}?${stamp}`;

function seedUsers(): User[] {
  const { basil, sybil, manuel, polly } = SEED.users;
  const user = (
    u: { id: number; email: string },
    first: string,
    last: string,
    city: string | null,
    avatarUrl: string,
    created: string,
    updated: string,
  ): User => ({
    id: u.id,
    firstName: first,
    lastName: last,
    email: u.email,
    password: SEED.password,
    city,
    avatarThumbUrl: avatarUrl,
    createdAt: utc(created),
    updatedAt: utc(updated),
  });
  return [
    {
      ...user(
        SEED.cobot,
        "Cobot",
        "",
        null,
        "http://coopapp.com/images/cobot.png",
        "2008-06-01T00:00:00Z",
        "2008-06-01T00:00:00Z",
      ),
      password: null,
    },
    user(
      basil,
      "Basil",
      "Fawlty",
      "Torquay",
      avatar(21, "smile.png", 1233860995),
      "2008-06-11T11:05:12Z",
      "2009-02-05T19:09:55Z",
    ),
    user(
      sybil,
      "Sybil",
      "Fawlty",
      "Torquay",
      avatar(22, "laugh.png", 1233861412),
      "2008-06-11T11:20:40Z",
      "2009-02-05T19:16:52Z",
    ),
    user(
      manuel,
      "Manuel",
      "",
      "Barcelona",
      avatar(24, "que.png", 1233862108),
      "2008-07-02T15:22:03Z",
      "2009-02-05T19:28:28Z",
    ),
    user(
      polly,
      "Polly",
      "Sherman",
      null,
      avatar(25, "frown.png", 1233863214),
      "2008-06-12T09:41:18Z",
      "2009-02-05T19:46:54Z",
    ),
  ];
}

const OLDER_NOTE_TEXTS = [
  "Checking the wine order for tonight",
  "Fire drill at eleven, nobody panic",
  "The moose head is crooked again",
  "Rat sighting in the kitchen, deal with it quietly",
  "Table four wants the Waldorf salad",
  "Builders arrive Monday: O'Reilly & Sons",
  "Lobster delivery < expected, call the fishmonger",
  'Guest in room 12 asked for "proper" tea',
] as const;

function seedNotes(): Note[] {
  const notes: Note[] = [];
  const authors = [SEED.users.basil.id, SEED.users.sybil.id, SEED.users.polly.id];
  const start = utc("2008-11-16T08:00:00Z");
  // 56 notes, 75 minutes apart, from 16 Nov 08:00 to 19 Nov 04:45 (London = UTC in November).
  for (let i = 0; i < 56; i += 1) {
    const at = start + i * 75 * 60_000;
    notes.push({
      id: 190 + i,
      groupId: SEED.groups.fawltyTowers.id,
      userId: authors[i % authors.length] ?? SEED.users.basil.id,
      text: `${OLDER_NOTE_TEXTS[i % OLDER_NOTE_TEXTS.length] ?? "Note"} (#${i + 1})`,
      createdAt: at,
      updatedAt: at,
    });
  }
  const argentina = SEED.groups.argentina.id;
  const note = (id: number, userId: number, text: string, iso: string): Note => ({
    id,
    groupId: argentina,
    userId,
    text,
    createdAt: utc(iso),
    updatedAt: utc(iso),
  });
  notes.push(
    note(180, SEED.users.basil.id, "Opening the Buenos Aires branch", "2008-11-17T14:00:00Z"),
    note(181, SEED.users.manuel.id, "¿Qué?", "2008-11-18T13:30:00Z"),
    // 01:00 UTC on the 19th is still the 18th in Buenos Aires (UTC-2 in November 2008).
    note(182, SEED.users.sybil.id, "Late call from Torquay", "2008-11-19T01:00:00Z"),
    note(183, SEED.users.manuel.id, "Is ready the paella", "2008-11-19T15:45:00Z"),
  );
  // The original docs' sample feed: Basil's Note 247.
  notes.push({
    id: SEED.statuses.noteId,
    groupId: SEED.groups.fawltyTowers.id,
    userId: SEED.users.basil.id,
    text: "Note 1",
    createdAt: utc("2008-11-19T20:19:45Z"),
    updatedAt: utc("2008-11-19T20:19:45Z"),
  });
  return notes;
}

function seedTimeEntries(): TimeEntry[] {
  const polly = SEED.harvest.nonAdmin.id;
  const basil = SEED.harvest.admin.id;
  const entry = (
    id: number,
    userId: number,
    spentAt: string,
    client: string,
    project: string,
    task: string,
    hours: number,
    notes: string,
    created: string,
    timer: string | null,
  ): TimeEntry => ({
    id,
    userId,
    spentAt,
    client,
    project,
    task,
    hours,
    notes,
    timerStartedAt: timer === null ? null : utc(timer),
    createdAt: utc(created),
    updatedAt: utc(created),
  });
  return [
    // The original docs' sample feed: Polly's running timer.
    entry(
      SEED.statuses.dayEntryId,
      polly,
      "2008-11-19",
      "City of Torquay",
      "Gourmet Night",
      "Put butter on trays",
      22.91,
      "Timer with a note",
      "2008-11-19T17:13:12Z",
      "2008-11-19T17:13:12Z",
    ),
    // Same id as Note 200 in group 25: clients must key statuses by (type, id).
    entry(
      SEED.statuses.collidingId,
      polly,
      "2008-11-17",
      "City of Torquay",
      "Gourmet Night",
      "Fetch the lobster",
      1.5,
      "Fetched the lobster from the fishmonger",
      "2008-11-17T15:30:00Z",
      null,
    ),
    entry(
      1372990,
      polly,
      "2008-11-18",
      "Torquay Rotary Club",
      "Annual Dinner",
      "Set the tables",
      3.25,
      "Rotary dinner seating plan",
      "2008-11-18T12:00:00Z",
      null,
    ),
    entry(
      1372995,
      basil,
      "2008-11-18",
      "Torquay Rotary Club",
      "Annual Dinner",
      "Welcome speech",
      2,
      "Practised the welcome speech",
      "2008-11-18T09:45:00Z",
      null,
    ),
  ];
}

function seedHarvest(): HarvestAccount {
  const day = (d: number, h = 18): number => Date.UTC(2010, 8, d, h, 0, 0);
  const client = (
    id: number,
    name: string,
    active: boolean,
    details: string | null,
    created: number,
    updated: number,
    extra: Partial<HarvestAccount["clients"][number]> = {},
  ): HarvestAccount["clients"][number] => ({
    id,
    name,
    active,
    details,
    currency: "British Pound - GBP",
    currencySymbol: "£",
    highriseId: null,
    cacheVersion: 0,
    defaultInvoiceTimeframe: null,
    lastInvoiceKind: null,
    createdAt: created,
    updatedAt: updated,
    ...extra,
  });
  const contact = (
    id: number,
    clientId: number,
    first: string,
    last: string,
    email: string | null,
    title: string | null,
    office: string | null,
    updated: number,
  ): HarvestAccount["contacts"][number] => ({
    id,
    clientId,
    firstName: first,
    lastName: last,
    email,
    title,
    phoneOffice: office,
    phoneMobile: null,
    fax: null,
    createdAt: day(20, 9),
    updatedAt: updated,
  });
  return {
    subdomain: SEED.harvest.subdomain,
    companyName: "Fawlty Towers",
    weekStartDay: "Monday",
    timeFormat: "decimal",
    clock: "24h",
    users: [
      {
        id: SEED.harvest.admin.id,
        email: SEED.harvest.admin.email,
        password: SEED.harvest.admin.password,
        firstName: "Basil",
        lastName: "Fawlty",
        admin: true,
        timezone: "London",
        timestampTimers: false,
      },
      {
        id: SEED.harvest.nonAdmin.id,
        email: SEED.harvest.nonAdmin.email,
        password: SEED.harvest.nonAdmin.password,
        firstName: "Polly",
        lastName: "Sherman",
        admin: false,
        timezone: "London",
        timestampTimers: false,
      },
    ],
    clients: [
      client(1, "City of Torquay", true, "Town Hall\nCastle Circus\nTorquay TQ1 3DR", day(20, 9), day(21), {
        highriseId: 4711,
        defaultInvoiceTimeframe: "20100101,20101231",
        lastInvoiceKind: "task",
      }),
      client(2, "Torquay Rotary Club", true, null, day(20, 9), day(22)),
      client(3, "Major Gowen", true, "Room 4, Fawlty Towers", day(20, 9), day(23), { lastInvoiceKind: "project" }),
      client(4, "Miss Tibbs & Miss Gatsby", true, "Rooms 2 & 3", day(20, 9), day(24)),
      client(5, "O'Reilly Builders", true, '"Never on time"', day(20, 9), day(25)),
      client(6, "Dr Abbott", true, null, day(20, 9), day(26)),
      client(7, "Torquay Gourmet Society", false, null, day(20, 9), day(27)),
    ],
    projects: [
      { id: 301, clientId: 1, name: "Gourmet Night", active: true },
      { id: 302, clientId: 2, name: "Annual Dinner", active: false },
    ],
    invoices: [{ id: 901, clientId: 3, number: "1001" }],
    contacts: [
      contact(401, 4, "Ursula", "Gatsby", "gatsby@example.com", null, "+44 1803 000001", day(21)),
      contact(402, 4, "Abitha", "Tibbs", null, "Resident", null, day(26)),
      contact(403, 1, "Ronald", "Hutchinson", "town.clerk@example.com", "Town Clerk", "+44 1803 000002", day(27)),
    ],
    timeEntries: seedTimeEntries(),
    nextClientId: 8,
    nextContactId: 404,
  };
}

export function seedState(): SeedState {
  const { basil, sybil, manuel, polly } = SEED.users;
  const towers = SEED.groups.fawltyTowers;
  const argentina = SEED.groups.argentina;
  let membershipId = 1000;
  const membership = (groupId: number, userId: number, harvestLinked: boolean, agenda: string): Membership => ({
    id: (membershipId += 1),
    groupId,
    userId,
    harvestLinked,
    agenda,
  });
  const memberships = [
    membership(towers.id, basil.id, true, "* Sack Manuel\n* Hang the moose head"),
    membership(towers.id, sybil.id, false, "Ring Audrey"),
    membership(towers.id, polly.id, true, ""),
    membership(argentina.id, basil.id, true, ""),
    membership(argentina.id, sybil.id, false, ""),
    membership(argentina.id, manuel.id, false, "- Learn English\n- Feed Basil the hamster"),
  ];
  return {
    version: 1,
    users: seedUsers(),
    groups: [
      {
        id: towers.id,
        name: towers.name,
        timezone: towers.timezone,
        ownerId: towers.ownerId,
        // The original docs' sample group: 2008-06-11T07:06:39-04:00 and 2008-10-30T16:56:04-04:00.
        createdAt: utc("2008-06-11T11:06:39Z"),
        updatedAt: utc("2008-10-30T20:56:04Z"),
        feedKey: "2515263847",
        apiToken: towers.apiToken,
        agenda: "* Gourmet Night on Thursday\n* Fix the moose head\n\nChef is *sober*, for now.",
      },
      {
        id: argentina.id,
        name: argentina.name,
        timezone: argentina.timezone,
        ownerId: argentina.ownerId,
        createdAt: utc("2008-07-02T15:20:00Z"),
        updatedAt: utc("2008-10-30T21:02:10Z"),
        feedKey: "3409871265",
        apiToken: argentina.apiToken,
        agenda: "",
      },
    ],
    memberships,
    notes: seedNotes(),
    credentials: [
      // The original docs' samples disagree (2008 XML, 2009 JSON); the JSON one gives both instants, in UTC.
      {
        id: SEED.credentials.basil,
        userId: basil.id,
        subdomain: SEED.harvest.subdomain,
        email: basil.email,
        createdAt: utc("2009-10-02T06:07:27Z"),
        updatedAt: utc("2009-10-22T10:07:11Z"),
      },
      {
        id: SEED.credentials.polly,
        userId: polly.id,
        subdomain: SEED.harvest.subdomain,
        email: polly.email,
        createdAt: utc("2009-10-05T09:12:44Z"),
        updatedAt: utc("2009-10-05T09:12:44Z"),
      },
    ],
    invitations: [],
    harvest: [seedHarvest()],
    next: { group: 35, note: 248, credential: 25, membership: membershipId + 1 },
  };
}

const DAY_MS = 86_400_000;

/**
 * The seed moved forward by whole days so its newest status falls within the last day before
 * `now`: the demo and the preview then show a living feed ("5 min ago", today's running timer,
 * yesterday one step back) instead of 2008. Whole days keep every time of day, and so every
 * status's day in its group's zone, as the original docs' samples have them. Tests use the 2008 seed.
 */
export function recentSeedState(now: number): SeedState {
  const state = seedState();
  const newest = Math.max(
    ...state.notes.map((n) => n.createdAt),
    ...state.harvest.flatMap((a) => a.timeEntries.map((e) => e.createdAt)),
  );
  const days = Math.max(0, Math.floor((now - newest) / DAY_MS));
  const shift = days * DAY_MS;
  const shiftDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + shift).toISOString().slice(0, 10);
  return {
    ...state,
    notes: state.notes.map((n) => ({ ...n, createdAt: n.createdAt + shift, updatedAt: n.updatedAt + shift })),
    harvest: state.harvest.map((account) => ({
      ...account,
      timeEntries: account.timeEntries.map((e) => ({
        ...e,
        spentAt: shiftDay(e.spentAt),
        timerStartedAt: e.timerStartedAt === null ? null : e.timerStartedAt + shift,
        createdAt: e.createdAt + shift,
        updatedAt: e.updatedAt + shift,
      })),
    })),
  };
}
