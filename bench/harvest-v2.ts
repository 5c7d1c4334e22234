/**
 * Harvest v2 benchmarks: listing 5,000 clients through cursor pagination against the bare HTTP +
 * JSON.parse of the same pages, and 250 mixed v2 calls under a shrunk limit (least possible time ÷
 * actual, and how many 429s the server had to send). Prints nothing; returns lines for `bench/index.ts`.
 */
import { request } from "undici";
import { createApiFactory } from "@coop-tray/protocol";
import type { HarvestV2Client } from "@coop-tray/protocol";
import { HARVEST_V2_SEED, start, type Sandbox } from "../sandbox/index";
import type { BenchLine } from "./types";
import { APP_USER_AGENT } from "../main/app/user-agent";

const TOKEN = HARVEST_V2_SEED.tokens.basil;
const ACCOUNT = HARVEST_V2_SEED.accounts.fawlty.id;
const HEADERS = {
  authorization: `Bearer ${TOKEN}`,
  "harvest-account-id": String(ACCOUNT),
  "user-agent": "Co-op Tray bench (dev@coop-tray.invalid)",
};

function factoryFor(sandbox: Sandbox, limits?: { maxCalls: number; windowMs: number }) {
  return createApiFactory({
    userAgent: APP_USER_AGENT,
    harvestApiUrl: sandbox.harvestV2ApiUrl,
    harvestIdUrl: sandbox.harvestIdUrl,
    ...(limits ? { harvestV2Limits: limits } : {}),
  });
}

async function seedClients(sandbox: Sandbox, total: number): Promise<void> {
  const factory = factoryFor(sandbox, { maxCalls: Infinity, windowMs: 1000 });
  const client = factory.harvestV2({ token: TOKEN, accountId: ACCOUNT });
  const seeded = await client.listClients();
  if (!seeded.ok) throw new Error(`could not read the seed clients: ${seeded.error.message}`);
  const missing = total - seeded.value.length;
  for (let start = 0; start < missing; start += 200) {
    const batch = Array.from({ length: Math.min(200, missing - start) }, (_, i) =>
      client.createClient({ name: `Bench Client ${String(start + i).padStart(5, "0")}` }),
    );
    const results = await Promise.all(batch);
    if (results.some((r) => !r.ok)) throw new Error("could not seed the bench clients");
  }
  await factory.close();
}

/** The baseline: the same pages with undici and JSON.parse, following links.next, nothing else. */
async function bareList(sandbox: Sandbox, perPage: number): Promise<number> {
  let url: string | null = `${sandbox.harvestV2ApiUrl}/clients?per_page=${perPage}`;
  let count = 0;
  while (url !== null) {
    const response = await request(url, { headers: HEADERS });
    const page = (await response.body.json()) as { clients: unknown[]; links: { next: string | null } };
    count += page.clients.length;
    url = page.links.next;
  }
  return count;
}

async function best(rounds: number, run: () => Promise<number>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

async function listingLines(): Promise<BenchLine[]> {
  const total = 5000;
  const sandbox = await start({ port: 0, harvestV2Limit: 1_000_000 });
  try {
    await seedClients(sandbox, total);
    const factory = factoryFor(sandbox, { maxCalls: Infinity, windowMs: 1000 });
    const client = factory.harvestV2({ token: TOKEN, accountId: ACCOUNT });
    const check = await client.listClients();
    if (!check.ok || check.value.length !== total)
      throw new Error(`expected ${total} clients, got ${check.ok ? check.value.length : check.error.message}`);
    if ((await bareList(sandbox, 2000)) !== total) throw new Error("the bare listing saw a different count");
    const lines: BenchLine[] = [];
    for (const perPage of [2000, 100]) {
      // Alternate the two sides so load elsewhere on the machine hits both alike.
      let ours = Infinity;
      let bare = Infinity;
      for (let round = 0; round < 3; round++) {
        ours = Math.min(
          ours,
          await best(
            1,
            async () => ((await client.listClients({ perPage })) as { ok: true; value: unknown[] }).value.length,
          ),
        );
        bare = Math.min(bare, await best(1, () => bareList(sandbox, perPage)));
      }
      const pages = Math.ceil(total / perPage);
      lines.push({
        name: `list 5,000 v2 clients, ${pages} pages of ${perPage}`,
        value: Number((ours / bare).toFixed(2)),
        unit: "× bare",
        note:
          `${Math.round(ours)} ms through the client (governor, links.next, decode to models)` +
          ` vs ${Math.round(bare)} ms bare undici + JSON.parse of the same pages`,
      });
    }
    await factory.close();
    return lines;
  } finally {
    await sandbox.close();
  }
}

/** A mix a busy app makes: who am I, company, running timer, today's entries, clients, one client, a PATCH. */
function mixedCall(client: HarvestV2Client, i: number): Promise<{ ok: boolean }> {
  const options = { priority: "background" as const };
  switch (i % 7) {
    case 0:
      return client.me(options);
    case 1:
      return client.company(options);
    case 2:
      return client.runningTimeEntry(HARVEST_V2_SEED.argentinaBasilId, options);
    case 3:
      return client.listTimeEntries({ from: "2008-11-19", to: "2008-11-19" }, options);
    case 4:
      return client.getClient(6, options);
    case 5:
      return client.updateClient(6, { address: `Room ${i}` }, options);
    default:
      return client.listContacts({ clientId: 4, ...options });
  }
}

async function mixedLines(calls = 250, limit = 100, windowMs = 1500): Promise<BenchLine[]> {
  const sandbox = await start({ port: 0, harvestV2Limit: 1_000_000 });
  try {
    const lastBatch = calls - Math.floor((calls - 1) / limit) * limit;
    // 1. The server's own pace for the last batch, warm and unthrottled.
    const free = factoryFor(sandbox, { maxCalls: Infinity, windowMs });
    const warm = free.harvestV2({ token: TOKEN, accountId: ACCOUNT });
    await Promise.all(Array.from({ length: 14 }, (_, i) => mixedCall(warm, i)));
    const serveStarted = performance.now();
    await Promise.all(Array.from({ length: lastBatch }, (_, i) => mixedCall(warm, i)));
    const serveMs = performance.now() - serveStarted;
    await free.close();
    // 2. The burst through the governor, which knows the account's (shrunk) limit.
    sandbox.control.reset();
    sandbox.control.harvestV2.setThrottle(limit, windowMs / 1000);
    const factory = factoryFor(sandbox, { maxCalls: limit, windowMs });
    const client = factory.harvestV2({ token: TOKEN, accountId: ACCOUNT });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: calls }, (_, i) => mixedCall(client, i)));
    const elapsedMs = performance.now() - started;
    await factory.close();
    const failed = results.filter((r) => !r.ok).length;
    if (failed > 0) throw new Error(`${failed} mixed v2 calls failed`);
    const sent = sandbox.control.requests.filter((r) => r.service === "harvestV2");
    const refused = sent.filter((r) => r.status === 429).length;
    const windowsMs = Math.floor((calls - 1) / limit) * windowMs;
    const least = windowsMs + serveMs;
    return [
      {
        name: `v2 throttle efficiency (${calls} mixed calls, ${limit} per ${windowMs / 1000} s)`,
        value: Number((least / elapsedMs).toFixed(3)),
        unit: "least/actual",
        note:
          `${Math.round(elapsedMs)} ms actual; least ${Math.round(least)} ms = ${windowsMs} ms of windows` +
          ` + ${Math.round(serveMs)} ms the server needs for the last batch;` +
          ` ${refused} × 429 in ${sent.length} requests; aim ≥ 0.9 and 0 × 429`,
      },
    ];
  } finally {
    await sandbox.close();
  }
}

export async function benchHarvestV2(): Promise<BenchLine[]> {
  return [...(await listingLines()), ...(await mixedLines())];
}
