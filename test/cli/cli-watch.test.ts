// `coop-tray-cli watch <group>` against the sandbox (the real server, streaming GET /events): a note
// posted by another member is printed within a second; a wrong password exits with the auth code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import { SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { runCli } from "../../main/cli/run";
import { APP_USER_AGENT } from "../../main/app/user-agent";

const group = SEED.groups.fawltyTowers.id;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await start({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

function watch(password: string) {
  const out = { stdout: "", stderr: "" };
  const controller = new AbortController();
  const exit = runCli(
    ["watch", String(group), "--server", sandbox.url, "--email", SEED.users.basil.email, "--format", "json"],
    {
      stdout: (text) => (out.stdout += text),
      stderr: (text) => (out.stderr += text),
      env: { COOP_PASSWORD: password },
    },
    { signal: controller.signal },
  );
  return { out, exit, stop: () => controller.abort() };
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("coop-tray-cli watch", () => {
  it("prints a teammate's new note within a second, and exits 0 when stopped", async () => {
    const watching = watch(SEED.password);
    await until(() => watching.out.stderr.includes("Watching group"), 5000);
    // Connected: the stream's first read has happened (and printed nothing old).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(watching.out.stdout).toBe("");
    const polly = createApiFactory({ userAgent: APP_USER_AGENT }).coop(
      { serverUrl: sandbox.url, email: SEED.users.polly.email, password: SEED.password },
      "json",
    );
    const started = Date.now();
    expect((await polly.postNote(group, "Watching the watchers")).ok).toBe(true);
    await until(() => watching.out.stdout.includes("Watching the watchers"), 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    watching.stop();
    expect(await watching.exit).toBe(0);
  });

  it("exits with the auth code on a wrong password", async () => {
    const watching = watch("wrong");
    expect(await watching.exit).toBe(3);
  });
});
