/** The CLI on Harvest v2: token and account, every v2 command, exit codes, v1 still chosen without an account. */
import { describe, expect, it } from "vitest";
import type { CliHooks } from "../../main/cli/run";
import { runProcess, type Finished } from "../support/run-process";
import { HARVEST_V2_SEED, SEED } from "../../sandbox/index";
import { useSandbox } from "../api/helpers";
import { REPO_ROOT as root } from "./bundle";
import { runCaptured } from "./run-captured";

const NOW = Date.UTC(2008, 10, 19, 18, 0, 0);
const fixture = useSandbox({ now: () => NOW });

const V2 = HARVEST_V2_SEED;
const hooks: CliHooks = { api: { retry: { baseDelayMs: 5 } }, now: () => new Date(NOW) };
const basilEnv = { HARVEST_TOKEN: V2.tokens.basil };
const pollyEnv = { HARVEST_TOKEN: V2.tokens.polly };

const run = (argv: string[], env: Record<string, string | undefined> = basilEnv, extra: CliHooks = {}) =>
  runCaptured(argv, env, { ...hooks, ...extra });

const urls = (): string[] => [
  "--harvest-api",
  fixture.sandbox.harvestV2ApiUrl,
  "--harvest-id-url",
  fixture.sandbox.harvestIdUrl,
];
const v2Args = (account: number = V2.accounts.fawlty.id): string[] => [...urls(), "--harvest-account", String(account)];
const v2Requests = () => fixture.sandbox.control.requests.filter((r) => r.service === "harvestV2");

describe("Harvest v2 commands", () => {
  it("accounts lists what the token reaches and says which one to pass", async () => {
    const human = await run(["accounts", ...urls()]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/250101 {2}harvest {3}Fawlty Towers\n/);
    expect(human.stdout).toMatch(/250102 {2}harvest {3}Fawlty Towers - Argentina/);
    expect(human.stdout).toMatch(/forecast .*not Harvest/);
    expect(human.stdout).toContain("--harvest-account 250101");
    const json = JSON.parse((await run(["accounts", ...urls(), "--json"], pollyEnv)).stdout) as unknown;
    expect(json).toEqual([{ id: 250101, name: "Fawlty Towers", product: "harvest" }]);
  });

  it("clients, client-create, client-update, client-toggle (PATCH is_active) and client-delete", async () => {
    const list = await run(["clients", ...v2Args()]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/1 {2}active {4}City of Torquay {2}\[GBP\]/);
    expect(list.stdout).toMatch(/7 {2}archived {2}Torquay Gourmet Society/);
    const created = JSON.parse(
      (await run(["client-create", "Torbay", "Catering", "--currency", "EUR", ...v2Args(), "--json"])).stdout,
    ) as { id: number; currency: string };
    expect(created.currency).toBe("EUR");
    expect(fixture.sandbox.control.clients("fawlty").find((c) => c.id === created.id)).toMatchObject({
      name: "Torbay Catering",
      active: true,
    });
    expect(
      (await run(["client-update", String(created.id), "--name", "Torbay Catering Ltd", ...v2Args()])).stdout,
    ).toContain("Updated client");
    const toggled = await run(["client-toggle", String(created.id), ...v2Args()]);
    expect(toggled.stdout).toContain("is now archived");
    expect(fixture.sandbox.control.clients("fawlty").find((c) => c.id === created.id)).toMatchObject({
      name: "Torbay Catering Ltd",
      active: false,
    });
    expect(v2Requests().filter((r) => r.method === "PATCH" && r.path.endsWith(`/clients/${created.id}`))).toHaveLength(
      2,
    );
    expect(v2Requests().some((r) => r.path.includes("toggle"))).toBe(false);
    expect((await run(["client-toggle", String(created.id), ...v2Args()])).stdout).toContain("is now active");
    expect((await run(["client-delete", String(created.id), ...v2Args()])).code).toBe(0);
    expect(fixture.sandbox.control.clients("fawlty").some((c) => c.id === created.id)).toBe(false);
  });

  it("client-delete on a client with projects exits 4 with Harvest's message", async () => {
    const refused = await run(["client-delete", String(SEED.harvest.clients.cityOfTorquay), ...v2Args()]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(
      /^Refused: City of Torquay has projects associated with it and cannot be deleted\. Archive it instead\.\n$/,
    );
  });

  it("entries shows a day's entries, running first; timer shows, starts and stops", async () => {
    const today = await run(["entries", ...v2Args()], pollyEnv);
    expect(today.code).toBe(0);
    expect(today.stdout).toMatch(
      new RegExp(
        "#1373078 {2}2008-11-19 +23:41 h {2}running {2}City of Torquay / Gourmet Night / Put butter on trays: " +
          "Timer with a note",
      ),
    );
    expect(today.stdout).toContain("1 entry on 2008-11-19");
    const other = JSON.parse(
      (await run(["entries", "--date", "2008-11-18", ...v2Args(), "--json"], pollyEnv)).stdout,
    ) as { id: number }[];
    expect(other.map((e) => e.id)).toEqual([1372990]);
    expect((await run(["timer", ...v2Args()], pollyEnv)).stdout).toMatch(/^#1373078 .*running/);
    const started = await run(
      [
        "timer",
        "start",
        "--project",
        String(V2.projects.healthInspection),
        "--task",
        String(V2.tasks.hideRat),
        "--notes",
        "Rat!",
        ...v2Args(),
        "--json",
      ],
      pollyEnv,
    );
    expect(started.code).toBe(0);
    const entry = JSON.parse(started.stdout) as { id: number; isRunning: boolean; notes: string; spentDate: string };
    expect(entry).toMatchObject({ isRunning: true, notes: "Rat!", spentDate: "2008-11-19" });
    const stopped = await run(["timer", "stop", ...v2Args()], pollyEnv);
    expect(stopped.stdout).toMatch(new RegExp(`^Stopped: #${entry.id} `));
    expect((await run(["timer", ...v2Args()], pollyEnv)).stdout).toBe("No timer is running.\n");
    expect((await run(["timer", "stop", ...v2Args()], pollyEnv)).stdout).toBe("No timer is running.\n");
  });

  it("usage errors exit 2: no token, no account for v2-only commands, bad ids, timer start without ids", async () => {
    for (const [argv, env] of [
      [["accounts", ...urls()], {}],
      [["entries", ...urls()], basilEnv],
      [["timer", "start", ...v2Args()], basilEnv],
      [["timer", "pause", ...v2Args()], basilEnv],
      [["client-update", "1", ...v2Args()], basilEnv],
      [["clients", ...urls(), "--harvest-account", "abc"], basilEnv],
      [["entries", "--date", "2008-02-30", ...v2Args()], basilEnv],
    ] as const) {
      const result = await run([...argv], env);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect((await run(["accounts", ...urls()], {})).stderr).toContain("HARVEST_TOKEN");
  });

  it("exit 3 wrong token, 4 member on clients, 5 throttled, 6 offline, 7 malformed", async () => {
    expect((await run(["clients", ...v2Args()], { HARVEST_TOKEN: "7001.pt.wrong" })).code).toBe(3);
    const member = await run(["clients", ...v2Args()], pollyEnv);
    expect(member.code).toBe(4);
    expect(member.stderr).toContain("Administrator or Manager");
    fixture.sandbox.control.harvestV2.setThrottle(1, 20);
    expect((await run(["clients", ...v2Args()])).code).toBe(0);
    const throttled = await run(["clients", ...v2Args(), "--no-wait"]);
    expect(throttled).toMatchObject({ code: 5, stderr: expect.stringMatching(/Throttled: .*\d+ s/) });
    fixture.sandbox.control.harvestV2.setThrottle(100, 15);
    fixture.sandbox.control.fault({ kind: "html", route: "/harvest-api/v2/clients" });
    expect((await run(["clients", ...v2Args()])).code).toBe(7);
    const offline = await run(["clients", "--harvest-api", "http://127.0.0.1:1/v2", "--harvest-account", "250101"]);
    expect(offline.code).toBe(6);
  });

  it("takes the token from the hook (the keychain's way in) and the account from HARVEST_ACCOUNT_ID", async () => {
    const asked: string[] = [];
    const result = await run(
      ["timer", ...urls()],
      { HARVEST_ACCOUNT_ID: "250101" },
      { resolveToken: async (apiBase) => (asked.push(apiBase), V2.tokens.polly) },
    );
    expect(result.code).toBe(0);
    expect(asked).toEqual([fixture.sandbox.harvestV2ApiUrl]);
  });

  it("without an account the client commands stay on v1, and never ask for a token", async () => {
    let asked = 0;
    const result = await run(
      [
        "clients",
        "--harvest-url",
        fixture.sandbox.harvestUrlTemplate.replace("{subdomain}", "fawlty"),
        "--harvest-email",
        SEED.harvest.admin.email,
      ],
      { HARVEST_PASSWORD: SEED.harvest.admin.password },
      { resolveToken: async () => (asked++, null) },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("City of Torquay");
    expect(asked).toBe(0);
    expect(fixture.sandbox.control.requests.every((r) => r.service !== "harvestV2")).toBe(true);
    // v1 gained client-update and client-delete too.
    const v1 = [
      "--harvest-url",
      fixture.sandbox.harvestUrlTemplate.replace("{subdomain}", "fawlty"),
      "--harvest-email",
      SEED.harvest.admin.email,
    ];
    const env = { HARVEST_PASSWORD: SEED.harvest.admin.password };
    expect(
      (await run(["client-update", String(SEED.harvest.clients.plain), "--name", "Dr Abbott MD", ...v1], env)).stdout,
    ).toContain("Updated client 6: Dr Abbott MD.");
    expect((await run(["client-delete", String(SEED.harvest.clients.plain), ...v1], env)).code).toBe(0);
    expect((await run(["client-delete", String(SEED.harvest.clients.withInvoices), ...v1], env)).code).toBe(4);
  });
});

describe("the v2 CLI as a black box", () => {
  it("the bin entry lists clients with HARVEST_TOKEN and exits 3 with a wrong one", async () => {
    const spawnCli = (env: Record<string, string>): Promise<Finished> =>
      runProcess(process.execPath, ["bin/coop-tray-cli.mjs", "clients", ...v2Args(), "--json"], {
        cwd: root,
        env: { ...process.env, ...env },
      });
    const listed = await spawnCli({ HARVEST_TOKEN: V2.tokens.basil });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((c) => c.name)).toContain("City of Torquay");
    const refused = await spawnCli({ HARVEST_TOKEN: "7001.pt.wrong" });
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
  });
});
