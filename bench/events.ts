// The live event stream (docs/coop-api.md §15), the server in its own process as in production: a note
// posted by one member → the event on another member's stream, median and p99, on SQLite (one
// instance) and on PostgreSQL across two instances (posted to one, heard on the other) when
// COOP_BENCH_DATABASE_URL (or COOP_TEST_DATABASE_URL) names a server; the server's resident memory per
// 1,000 idle open streams; and a member's feed reads per hour, polling (60 s) against streaming (a
// 15-minute safety poll plus one read per change in the group).
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openEventStream } from "@coop-tray/protocol/event-stream";
import { hashPassword } from "../server/auth/passwords";
import { openStore } from "../server/store/open";
import type { StoreLocation } from "../server/store/open";
import { Store } from "../server/store/store";
import { SAFETY_POLL_MS } from "../main/services/live-feed";
import type { BenchLine } from "./types";

const SAMPLES = 200;
const IDLE_STREAMS = 1000;
const PASSWORD = "bench-password";
const auth = (email: string): string => `Basic ${Buffer.from(`${email}:${PASSWORD}`).toString("base64")}`;

async function seed(location: StoreLocation): Promise<number> {
  const store = new Store(await openStore(location));
  try {
    const hash = await hashPassword(PASSWORD);
    const user = (email: string) =>
      store.users.create({ firstName: email, lastName: "Bench", email, passwordHash: hash }, Date.now());
    const alice = await user("alice@example.com");
    const bob = await user("bob@example.com");
    const group = await store.groups.create(
      { name: "Bench", timezone: "UTC", ownerId: alice.id, feedKey: "f", apiToken: "t" },
      Date.now(),
      false,
    );
    await store.memberships.join(group.id, bob.id);
    return group.id;
  } finally {
    await store.close();
  }
}

interface Child {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

async function startChild(dataDir: string, databaseUrl: string | null): Promise<Child> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "bench/server-child.ts", dataDir, ...(databaseUrl === null ? [] : [databaseUrl])],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split("\n")[0];
      if (buffer.includes("\n") && line !== undefined) resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function rssKiB(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0);
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function deliveryTimes(postTo: string, listenOn: string, groupId: number): Promise<number[]> {
  const controller = new AbortController();
  const opening = await openEventStream({
    baseUrl: listenOn,
    authorization: auth("bob@example.com"),
    signal: controller.signal,
  });
  if (opening.kind !== "open") throw new Error(`no stream: ${opening.kind}`);
  const events = opening.events;
  const post = (text: string) =>
    fetch(`${postTo}/groups/${groupId}/statuses.json`, {
      method: "POST",
      headers: { authorization: auth("alice@example.com"), "content-type": "application/json" },
      body: JSON.stringify({ status: text }),
    });
  await post("warm-up (signs in once)");
  await events.next();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const started = performance.now();
    const posting = post(`note ${i}`);
    const event = await events.next();
    if (event.done === true) throw new Error("the stream ended");
    times.push(performance.now() - started);
    await posting;
  }
  controller.abort();
  return times.sort((a, b) => a - b);
}

function latencyLines(label: string, times: readonly number[], aim: number): BenchLine[] {
  const median = percentile(times, 50);
  return [
    {
      name: `post → event, ${label}, median`,
      value: median,
      unit: "ms",
      note: `${SAMPLES} notes; aim ≤ ${aim} ms: ${median <= aim ? "met" : "missed"}`,
    },
    { name: `post → event, ${label}, p99`, value: percentile(times, 99), unit: "ms" },
  ];
}

async function idleMemory(url: string, pid: number): Promise<number> {
  const before = rssKiB(pid);
  const controllers: AbortController[] = [];
  for (let i = 0; i < IDLE_STREAMS; i += 1) {
    const controller = new AbortController();
    const opening = await openEventStream({
      baseUrl: url,
      authorization: auth("bob@example.com"),
      signal: controller.signal,
    });
    if (opening.kind !== "open") throw new Error(`stream ${i}: ${opening.kind}`);
    void (async () => {
      for await (const _ of opening.events);
    })();
    controllers.push(controller);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = rssKiB(pid);
  controllers.forEach((c) => c.abort());
  return (after - before) / 1024;
}

export async function benchEvents(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const dir = mkdtempSync(join(tmpdir(), "coop-bench-events-"));
  try {
    const groupId = await seed({ sqliteFile: join(dir, "coop.sqlite") });
    const child = await startChild(dir, null);
    try {
      lines.push(...latencyLines("SQLite, one instance", await deliveryTimes(child.url, child.url, groupId), 100));
      lines.push({
        name: `server memory per ${IDLE_STREAMS.toLocaleString("en-US")} idle streams`,
        value: await idleMemory(child.url, child.process.pid ?? 0),
        unit: "MiB",
        note: "resident set, SQLite",
      });
    } finally {
      await child.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const admin = process.env["COOP_BENCH_DATABASE_URL"] ?? process.env["COOP_TEST_DATABASE_URL"] ?? null;
  if (admin !== null) {
    const name = `coop_bench_events_${randomBytes(4).toString("hex")}`;
    const adminClient = new pg.Client({ connectionString: admin });
    await adminClient.connect();
    await adminClient.query(`create database ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const keyDir = mkdtempSync(join(tmpdir(), "coop-bench-events-pg-"));
    try {
      const groupId = await seed({ postgresUrl: url.toString() });
      // Both instances share the server key through the data folder, as a deployment shares it.
      const one = await startChild(keyDir, url.toString());
      const two = await startChild(keyDir, url.toString());
      try {
        const times = await deliveryTimes(one.url, two.url, groupId);
        lines.push(...latencyLines("PostgreSQL, across two instances", times, 500));
      } finally {
        await one.stop();
        await two.stop();
      }
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
      await adminClient.query(`drop database if exists ${name} with (force)`);
      await adminClient.end();
    }
  } else {
    lines.push({ name: "post → event, PostgreSQL", value: 0, unit: "", note: "skipped: no COOP_BENCH_DATABASE_URL" });
  }

  // Per group a member belongs to: the tray polled every 60 s; subscribed, it reads on each change and
  // polls every 15 min as a safety net (live-feed.ts).
  for (const changesPerHour of [0, 10, 60]) {
    lines.push({
      name: `feed reads per member-group per hour, ${changesPerHour} changes/h`,
      value: 3600_000 / SAFETY_POLL_MS + changesPerHour,
      unit: "reads",
      note: `polling: ${3600 / 60}`,
    });
  }
  return lines;
}
