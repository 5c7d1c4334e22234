// The Co-op server under load (autocannon on loopback, the server in its own process): a group's
// latest 50 statuses as XML with 100 groups at 10^4, 10^5 and 10^6 notes in all (the last is
// 100 groups × 10,000), as requests/s and p99 and as ratios to the same server's /healthz measured in
// the same run, as the tray reads it (a device token, gzip) and as older clients do (Basic with the
// password, plain XML; ten people's logins, one per connection); notes posted per second;
// the server's resident memory under the read load. Like a real team's data, the member is linked to
// Harvest in every group and has 10^5 gathered time entries, interleaved in time with the notes, so
// every feed read joins them in, and 199 teammates with their own device tokens share the groups (about
// 20 to a group), so sign-in reads find their rows among many. On SQLite always;
// on PostgreSQL when COOP_BENCH_DATABASE_URL (or else COOP_TEST_DATABASE_URL, which CI's throwaway
// cluster sets) names a server. Rows are seeded with one INSERT … SELECT over a generated series
// (10^6 rows by single inserts would not fit in a minute here); the time entries before the member
// joins the groups, so the feed-version triggers (migration 0005) fire once per group, not per row.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import autocannon from "autocannon";
import { sql } from "kysely";
import pg from "pg";
import { request } from "undici";
import { hashPassword } from "../server/auth/passwords";
import { mintToken } from "../server/auth/tokens";
import { openStore } from "../server/store/open";
import type { StoreHandle, StoreLocation } from "../server/store/open";
import { Store } from "../server/store/store";
import type { BenchLine } from "./types";

const GROUPS = 100;
const TIME_ENTRIES = 100_000;
const BASE = 1_700_000_000_000;
const STEPS = [10_000, 100_000, 1_000_000] as const;
const TEAMMATES = 199;
const SECONDS = 3;
const CONNECTIONS = 10;
const EMAIL = "bench@example.com";
const PASSWORD = "bench-password";
const basic = (email: string): string => `Basic ${Buffer.from(`${email}:${PASSWORD}`).toString("base64")}`;
const AUTH = basic(EMAIL);
/**
 * The older clients' logins: the bench member and the teammates who sign in with the password too, one
 * per connection, as ten people's clients would (ten connections of one login would share each sign-in
 * read while it is under way, which flatters the path).
 */
const OLDER_CLIENTS = [AUTH, ...Array.from({ length: 9 }, (_, i) => basic(`mate${i + 1}@example.com`))];
/** The tray's sign-in: a device token (minted by `seedBase`). */
let trayAuth = "";

async function seedBase(handle: StoreHandle): Promise<void> {
  trayAuth = "";
  const hash = await hashPassword(PASSWORD);
  const { db } = handle;
  const user = await db
    .insertInto("users")
    .values({
      first_name: "Bench",
      last_name: "User",
      email: EMAIL,
      email_key: EMAIL,
      password_hash: hash,
      city: null,
      avatar_thumb_url: "",
      created_at: 0,
      updated_at: 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const credential = await db
    .insertInto("credentials")
    .values({
      user_id: user.id,
      subdomain: "bench",
      email: EMAIL,
      secret: "unused",
      gathered_until: null,
      created_at: 0,
      updated_at: 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await seedTimeEntries(handle, credential.id, user.id);
  const store = new Store(handle);
  trayAuth = `Bearer ${(await mintToken(store, user.id, "Bench tray", "device", 0)).secret}`;
  for (let g = 1; g <= GROUPS; g += 1) {
    const group = await db
      .insertInto("groups")
      .values({
        name: `Group ${g}`,
        timezone: "UTC",
        owner_id: user.id,
        created_at: 0,
        updated_at: 0,
        feed_key: String(g),
        api_token: `t${g}`,
        agenda: "",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("memberships")
      .values({ group_id: group.id, user_id: user.id, harvest_linked: 1, agenda: "" })
      .execute();
  }
  await seedTeammates(handle, hash);
}

/**
 * The rest of the team: TEAMMATES users, each with the tray's device token and in a tenth of the groups
 * (about 20 members a group, with the nine who use an older client with the password in every group).
 * Sign-in reads look users and tokens up among many rows, as on a real server, so the database's
 * statistics (the seeding's `analyze`) plan them as they would there: with a single user and token the
 * planner scans both tables instead, which costs several times as much.
 */
async function seedTeammates(handle: StoreHandle, passwordHash: string): Promise<void> {
  const series = sql`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${TEAMMATES})`;
  const email = sql`'mate' || i || '@example.com'`;
  // The first OLDER_CLIENTS - 1 teammates sign in with the bench password (OLDER_CLIENTS above).
  const hash = sql`case when i < ${OLDER_CLIENTS.length} then ${passwordHash} else null end`;
  await sql`${series} insert into users
    (first_name, last_name, email, email_key, password_hash, city, avatar_thumb_url, created_at, updated_at)
    select 'Mate', 'No. ' || i, ${email}, ${email}, ${hash}, null, '', 0, 0 from s`.execute(handle.db);
  await sql`insert into tokens (user_id, name, kind, hash, created_at, last_used_at, revoked_at)
    select id, 'Tray', 'device', 'bench-device-' || id, 0, null, null from users where email like 'mate%'`.execute(
    handle.db,
  );
  await sql`insert into memberships (group_id, user_id, harvest_linked, agenda)
    select g.id, u.id, 0, '' from groups g, users u
    where u.email like 'mate%' and (g.id % 10 = u.id % 10 or u.password_hash is not null)`.execute(handle.db);
}

/** The member's gathered Harvest entries, one every ten minutes (the notes come one a minute), half a minute
 * off the notes so that neither kind always wins the newest-first order. */
async function seedTimeEntries(handle: StoreHandle, credentialId: number, userId: number): Promise<void> {
  const columns = sql.raw(
    "credential_id, harvest_id, user_id, spent_at, client, project, task, hours, notes, timer_started_at, created_at, updated_at",
  );
  const at = sql`cast(${BASE} as bigint) + cast(i as bigint) * 600000 + 30000`;
  const rows = sql`select ${credentialId}, 5000000 + i, ${userId}, '2023-11-14', 'Client', 'Project', 'Task', 1.5,
      'Bench entry ' || i, null, ${at}, ${at}`;
  if (handle.dialect === "postgres") {
    await sql`insert into time_entries (${columns}) ${rows} from generate_series(0, ${TIME_ENTRIES - 1}) as i`.execute(
      handle.db,
    );
    await sql`analyze time_entries`.execute(handle.db);
    return;
  }
  await sql`with recursive s(i) as (select 0 union all select i + 1 from s where i < ${TIME_ENTRIES - 1})
    insert into time_entries (${columns}) ${rows} from s`.execute(handle.db);
}

/** Notes from..to-1 (a running number), spread over the groups, one minute apart. */
async function seedNotes(handle: StoreHandle, from: number, to: number): Promise<void> {
  const base = BASE;
  if (handle.dialect === "postgres") {
    // One transaction bumping the same 100 version rows 10^6 times would walk ever longer chains of row
    // versions; a real team posts one note per transaction. So the bulk load goes without the
    // feed-version trigger, and the groups' versions are bumped once after it, as the trigger would.
    await sql`alter table notes disable trigger notes_feed`.execute(handle.db);
    try {
      await sql`insert into notes (group_id, user_id, text, created_at, updated_at)
        select (i % ${GROUPS}) + 1, 1, 'Bench note ' || i, ${base}::bigint + i::bigint * 60000, ${base}::bigint + i::bigint * 60000
        from generate_series(${from}::int, ${to - 1}::int) as i`.execute(handle.db);
    } finally {
      await sql`alter table notes enable trigger notes_feed`.execute(handle.db);
    }
    await sql`insert into feed_versions (group_id, version) select id, 1 from groups
      on conflict (group_id) do update set version = feed_versions.version + 1`.execute(handle.db);
    await sql`analyze notes`.execute(handle.db);
    return;
  }
  await sql`with recursive s(i) as (select ${from} union all select i + 1 from s where i < ${to - 1})
    insert into notes (group_id, user_id, text, created_at, updated_at)
    select (i % ${GROUPS}) + 1, 1, 'Bench note ' || i, ${base} + i * 60000, ${base} + i * 60000 from s`.execute(
    handle.db,
  );
  await sql`analyze`.execute(handle.db);
}

interface Load {
  readonly rps: number;
  readonly p99: number;
  readonly errors: number;
}

async function load(
  url: string,
  path: string,
  options: {
    method?: "GET" | "POST";
    body?: string;
    asTray?: boolean;
    seconds?: number;
    asOlderClients?: boolean;
  } = {},
): Promise<Load> {
  // Each connection keeps one older client's login (OLDER_CLIENTS), as ten people's clients would.
  const logins = new Map<object, string>();
  const setupRequest = (request: autocannon.Request, context: object): autocannon.Request => {
    const login = logins.get(context) ?? OLDER_CLIENTS[logins.size % OLDER_CLIENTS.length] ?? AUTH;
    logins.set(context, login);
    return { ...request, headers: { ...request.headers, authorization: login } };
  };
  const result = await autocannon({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    duration: options.seconds ?? SECONDS,
    method: options.method ?? "GET",
    headers: {
      authorization: options.asTray === true ? trayAuth : AUTH,
      accept: "application/xml",
      ...(options.asTray === true ? { "accept-encoding": "gzip" } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.asOlderClients === true ? { requests: [{ setupRequest }] } : {}),
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  return { rps: result.requests.average, p99: result.latency.p99, errors: bad };
}

/** The tray's gzipped answer is the older client's plain one, zipped (else the loads would differ in work). */
async function sameFeedEitherWay(url: string, path: string): Promise<void> {
  const read = async (encoding: string): Promise<{ encoding: string | null; body: Buffer }> => {
    const answer = await request(`${url}${path}`, {
      headers: { authorization: encoding === "gzip" ? trayAuth : AUTH, "accept-encoding": encoding },
    });
    const body = Buffer.from(await answer.body.arrayBuffer());
    const coding = answer.headers["content-encoding"];
    return { encoding: typeof coding === "string" ? coding : null, body };
  };
  const zipped = await read("gzip");
  const plain = await read("identity");
  if (zipped.encoding !== "gzip" || plain.encoding !== null || !gunzipSync(zipped.body).equals(plain.body))
    throw new Error(`the gzipped feed at ${path} is not the plain one zipped`);
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? "0") / 1024;
}

async function startChild(
  dataDir: string,
  databaseUrl: string | null,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "bench/server-child.ts", dataDir, ...(databaseUrl === null ? [] : [databaseUrl])],
    // The seeded credential's secret is a stand-in nothing opens; a key of its own lets the server start
    // (without one it refuses: sealed credentials and no server.key).
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, COOP_SERVER_KEY: randomBytes(32).toString("base64") },
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.on("exit", (code) => reject(new Error(`the server exited (${code ?? "signal"})`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise((resolve) => {
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function benchOne(
  label: string,
  dataDir: string,
  location: StoreLocation,
  databaseUrl: string | null,
): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const handle = await openStore(location);
  let child: Awaited<ReturnType<typeof startChild>> | null = null;
  try {
    await seedBase(handle);
    child = await startChild(dataDir, databaseUrl);
    // One signed-in call first: the login is hashed once, then remembered (as for any client).
    await fetch(`${child.url}/groups.xml`, { headers: { authorization: AUTH } }).then((r) => r.text());
    const health = await load(child.url, "/healthz");
    lines.push({
      name: `${label}: /healthz (baseline)`,
      value: Math.round(health.rps),
      unit: "req/s",
      note: `p99 ${health.p99} ms`,
    });
    let seeded = 0;
    let rssUnderLoad = 0;
    for (const total of STEPS) {
      const started = performance.now();
      await seedNotes(handle, seeded, total);
      const seedSeconds = (performance.now() - started) / 1000;
      seeded = total;
      const sampler = setInterval(() => {
        if (child !== null) rssUnderLoad = Math.max(rssUnderLoad, rssOf(child.pid));
      }, 200);
      const path = `/groups/${1 + (total % GROUPS)}/statuses.xml`;
      await sameFeedEitherWay(child.url, path);
      // A second of each first: the database settles after the seeding and both paths are compiled.
      await load(child.url, path, { asTray: true, seconds: 1 });
      await load(child.url, path, { seconds: 1, asOlderClients: true });
      // As the tray and the CLI read it, then as an older client.
      const read = await load(child.url, path, { asTray: true });
      const plain = await load(child.url, path, { asOlderClients: true });
      clearInterval(sampler);
      // The baseline again, right after: the machine's load drifts within a run.
      const near = await load(child.url, "/healthz");
      if (read.errors + plain.errors > 0)
        throw new Error(`${read.errors + plain.errors} failed reads at ${total} statuses`);
      const statuses = `${total.toLocaleString("en-US")} statuses / ${GROUPS} groups`;
      lines.push({
        name: `${label}: latest 50 (XML) as the tray reads it (device token, gzip), ${statuses}`,
        value: Math.round(read.rps),
        unit: "req/s",
        note: `${(read.rps / near.rps).toFixed(3)}× /healthz (${Math.round(near.rps)} req/s); p99 ${read.p99} ms vs ${near.p99} ms; seeded in ${seedSeconds.toFixed(1)} s`,
      });
      lines.push({
        name: `${label}: latest 50 (XML) as older clients read it (10 logins, Basic password, plain), ${statuses}`,
        value: Math.round(plain.rps),
        unit: "req/s",
        note: `${(plain.rps / near.rps).toFixed(3)}× /healthz; p99 ${plain.p99} ms`,
      });
    }
    lines.push({ name: `${label}: resident memory under the read load`, value: Math.round(rssUnderLoad), unit: "MiB" });
    const posts = await load(child.url, "/groups/1/statuses", {
      method: "POST",
      body: '{"status":"Posted by the benchmark"}',
    });
    if (posts.errors > 0) throw new Error(`${posts.errors} failed posts`);
    lines.push({
      name: `${label}: notes posted`,
      value: Math.round(posts.rps),
      unit: "notes/s",
      note: `${(posts.rps / health.rps).toFixed(3)}× /healthz; p99 ${posts.p99} ms`,
    });
  } finally {
    await child?.stop();
    await handle.close();
  }
  return lines;
}

export async function benchServer(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const dir = mkdtempSync(join(tmpdir(), "coop-bench-"));
  try {
    lines.push(...(await benchOne("SQLite", dir, { sqliteFile: join(dir, "coop.sqlite") }, null)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = process.env["COOP_BENCH_DATABASE_URL"] ?? process.env["COOP_TEST_DATABASE_URL"] ?? null;
  if (base === null) {
    lines.push({
      name: "PostgreSQL: skipped",
      value: 0,
      unit: "",
      note: "no database URL: set COOP_BENCH_DATABASE_URL (or COOP_TEST_DATABASE_URL) to a PostgreSQL server",
    });
    return lines;
  }
  const name = `coop_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const pgDir = mkdtempSync(join(tmpdir(), "coop-bench-pg-"));
  try {
    lines.push(...(await benchOne("PostgreSQL", pgDir, { postgresUrl: url.toString() }, url.toString())));
  } finally {
    rmSync(pgDir, { recursive: true, force: true });
    await admin(`drop database if exists ${name} with (force)`);
  }
  return lines;
}
