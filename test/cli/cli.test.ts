import { beforeAll, describe, expect, it } from "vitest";
import type { CliHooks } from "../../main/cli/run";
import { runProcess, type Finished } from "../support/run-process";
import { ACTIVE_PROJECTS_HINT, SEED } from "../../sandbox/index";
import { useSandbox } from "../api/helpers";
import { REPO_ROOT as root, ensureCliBundle } from "./bundle";
import { runCaptured } from "./run-captured";

const fixture = useSandbox();

const env = { COOP_PASSWORD: SEED.password, HARVEST_PASSWORD: SEED.harvest.admin.password };
const fastRetries: CliHooks = { api: { retry: { baseDelayMs: 5 } } };

const run = (argv: string[], environment: Record<string, string | undefined> = env, hooks: CliHooks = fastRetries) =>
  runCaptured(argv, environment, hooks);

const coopArgs = (): string[] => ["--server", fixture.sandbox.url, "--email", SEED.users.basil.email];
const harvestArgs = (): string[] => [
  "--harvest-url",
  fixture.sandbox.harvestUrlTemplate.replace("{subdomain}", "fawlty"),
  "--harvest-email",
  SEED.harvest.admin.email,
];

describe("runCli in-process", () => {
  it("feed --json prints the typed models, Notes and DayEntries told apart, equal in both formats", async () => {
    const xml = await run(["feed", "25", ...coopArgs(), "--json"]);
    const json = await run(["feed", "25", ...coopArgs(), "--json", "--format", "json"]);
    expect(xml.code).toBe(0);
    expect(xml.stderr).toBe("");
    const statuses = JSON.parse(xml.stdout) as Array<{ type: string; id: number }>;
    expect(statuses).toHaveLength(50);
    expect(statuses.find((s) => s.id === SEED.statuses.noteId)).toMatchObject({ type: "Note", text: "Note 1" });
    expect(statuses.find((s) => s.id === SEED.statuses.dayEntryId)).toMatchObject({ type: "DayEntry", hours: 22.91 });
    expect(JSON.parse(json.stdout)).toEqual(statuses);
  });

  it("feed in human form reads notes and time entries differently; --date and --user narrow it", async () => {
    const human = await run(["feed", "25", ...coopArgs(), "--date", "20081119"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("note #247: Note 1");
    expect(human.stdout).toMatch(
      /time entry #1373078, 22:55 h on 2008-11-19, timer running \(City of Torquay \/ Gourmet Night \/ Put butter on trays\): Timer with a note/,
    );
    const polly = await run(["feed", "25", ...coopArgs(), "--user", String(SEED.users.polly.id), "--json"]);
    const statuses = JSON.parse(polly.stdout) as Array<{ user: { id: number } }>;
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses.map((s) => s.user.id))).toEqual(new Set([SEED.users.polly.id]));
  });

  it("groups, post, whoami and credential", async () => {
    expect((await run(["groups", ...coopArgs()])).stdout).toMatch(/25 {2}Fawlty Towers \(London\)/);
    const posted = await run(["post", "34", "Que?", "Si", ...coopArgs(), "--json"]);
    expect(posted.code).toBe(0);
    const { id } = JSON.parse(posted.stdout) as { id: number };
    expect(fixture.sandbox.control.statuses(34)[0]).toMatchObject({ id, type: "Note", text: "Que? Si" });
    expect((await run(["whoami", ...coopArgs()])).stdout).toContain("You are user 21");
    const credential = JSON.parse((await run(["credential", ...coopArgs(), "--json"])).stdout) as Record<
      string,
      unknown
    >;
    expect(credential).toMatchObject({ subdomain: "fawlty", userId: 21 });
    expect(JSON.stringify(credential)).not.toContain("barcelona");
  });

  it("clients, client-create, client-toggle and rate-limit", async () => {
    const list = await run(["clients", ...harvestArgs()]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("City of Torquay");
    const created = JSON.parse(
      (await run(["client-create", "Torbay", "Catering", "Ltd", ...harvestArgs(), "--json", "--format", "json"]))
        .stdout,
    ) as { id: number };
    expect(fixture.sandbox.control.clients("fawlty").find((c) => c.id === created.id)).toMatchObject({
      name: "Torbay Catering Ltd",
      active: true,
    });
    const toggled = await run(["client-toggle", String(created.id), ...harvestArgs()]);
    expect(toggled.stdout).toContain("is now inactive");
    const limits = JSON.parse((await run(["rate-limit", ...harvestArgs(), "--json"])).stdout) as { maxCalls: number };
    expect(limits.maxCalls).toBe(100);
  });

  it("exit 2 for usage errors, each with one line on stderr", async () => {
    for (const argv of [
      ["frobnicate"],
      ["feed"],
      ["feed", "x", ...coopArgs()],
      ["feed", "25", "--date", "2008-13-45", ...coopArgs()],
      ["groups", "--format", "yaml"],
      ["groups", "--bogus"],
      ["groups", "--email", "a@b.c"],
    ]) {
      const result = await run(argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    const missingPassword = await run(["groups", ...coopArgs()], {});
    expect(missingPassword).toMatchObject({ code: 2, stderr: expect.stringContaining("COOP_PASSWORD") });
  });

  it("exit 3 auth, 4 validation (with Hint) and not found, 5 throttled, 6 offline, 7 malformed", async () => {
    const auth = await run(["groups", ...coopArgs()], { COOP_PASSWORD: "wrong" });
    expect(auth.code).toBe(3);
    const hint = await run(["client-toggle", String(SEED.harvest.clients.cityOfTorquay), ...harvestArgs()]);
    expect(hint.code).toBe(4);
    expect(hint.stderr).toContain(ACTIVE_PROJECTS_HINT);
    expect(hint.stderr).toContain("The client has active projects and cannot be archived");
    expect((await run(["feed", "9999", ...coopArgs()])).code).toBe(4);
    fixture.sandbox.control.fault({ kind: "status503", route: /\/clients/, retryAfterSeconds: 20 });
    const throttled = await run(["clients", ...harvestArgs(), "--no-wait"]);
    expect(throttled).toMatchObject({ code: 5, stderr: expect.stringContaining("20 s") });
    fixture.sandbox.control.fault({ kind: "html", route: "/groups" });
    expect((await run(["groups", ...coopArgs()])).code).toBe(7);
    const offline = await run(["groups", "--server", "http://127.0.0.1:1", "--email", "a@b.c"]);
    expect(offline.code).toBe(6);
    expect(offline.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("the password hook supplies passwords (the keychain's way in)", async () => {
    const asked: string[] = [];
    const result = await run(
      ["groups", ...coopArgs()],
      {},
      {
        ...fastRetries,
        resolvePassword: async (request) => (asked.push(`${request.service}:${request.email}`), SEED.password),
      },
    );
    expect(result.code).toBe(0);
    expect(asked).toEqual([`coop:${SEED.users.basil.email}`]);
  });
});

/** Runs the real command in a child process. */
function spawnCli(command: string, args: string[]): Promise<Finished> {
  return runProcess(command, args, { cwd: root, env: { ...process.env, ...env, npm_config_loglevel: "silent" } });
}

describe("the CLI as a black box (the bundle npm run build writes)", () => {
  beforeAll(() => ensureCliBundle());

  it("npm run --silent cli -- feed 25 --json prints the seed feed", async () => {
    const result = await spawnCli("npm", [
      "run",
      "--silent",
      "cli",
      "--",
      "feed",
      "25",
      "--server",
      fixture.sandbox.url,
      "--email",
      SEED.users.basil.email,
      "--json",
    ]);
    expect(result.code).toBe(0);
    const statuses = JSON.parse(result.stdout) as Array<{ type: string; id: number }>;
    expect(statuses.filter((s) => s.type === "DayEntry").map((s) => s.id)).toContain(SEED.statuses.dayEntryId);
    expect(statuses.filter((s) => s.type === "Note").map((s) => s.id)).toContain(SEED.statuses.noteId);
  });

  it("the bin entry exits with the error's code and one line on stderr", async () => {
    const result = await spawnCli(process.execPath, [
      "bin/coop-tray-cli.mjs",
      "groups",
      "--server",
      fixture.sandbox.url,
      "--email",
      SEED.users.basil.email,
    ]);
    expect(result.code).toBe(0);
    const refused = await spawnCli(process.execPath, [
      "bin/coop-tray-cli.mjs",
      "clients",
      "--harvest-url",
      `${fixture.sandbox.url}/harvest/fawlty`,
      "--harvest-email",
      SEED.harvest.nonAdmin.email,
    ]);
    expect(refused.code).toBe(3); // HARVEST_PASSWORD is Basil's, not Polly's
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
  });
});
