/**
 * A process killed while sending: a child process (tsx) runs the app on the same store and
 * keychain, posts one note and is SIGKILLed; this process then restarts the outbox on that store.
 * The sandbox must hold the note exactly once, whether the kill came after the server got the
 * request or before anything was sent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED } from "../../sandbox/index";
import { expectValue, startHarness, type Harness } from "./app-harness";
import { waitFor } from "./helpers";

const group25 = SEED.groups.fawltyTowers.id;
const POST_ROUTE = `/groups/${group25}/statuses`;
const CHILD = fileURLToPath(new URL("./fixtures/outbox-child.ts", import.meta.url));

interface Child {
  readonly process: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runChild(h: Harness, text: string, mode: "after-request" | "before-request"): Child {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", CHILD, h.dir.path, h.sandbox.harvestUrlTemplate, String(group25), text, mode],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    },
  );
  const lines: string[] = [];
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => lines.push(...chunk.split("\n").filter(Boolean)));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      if (code !== null && code !== 0) lines.push(`exit ${code}: ${stderr.slice(0, 2000)}`);
      resolve({ code, signal });
    }),
  );
  return { process: child, lines, exited };
}

function storedOutbox(h: Harness): { id: string; state: string; text: string; needsCheck: boolean }[] {
  return JSON.parse(readFileSync(join(h.dir.path, "coop-tray.json"), "utf8")).outbox;
}

describe("a process killed while sending", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.app.start();
    expectValue(
      await h.call("signIn", { serverUrl: h.sandbox.url, email: SEED.users.basil.email, password: SEED.password }),
    );
    // The signed-in account (password in the keychain) is on disk for the child; this app steps back.
    await h.app.stop();
  });

  afterAll(async () => {
    await h?.close();
    h?.dir.remove();
  });

  async function resumeHere(): Promise<void> {
    await h.restart();
    await h.app.start();
  }

  it("after the server got the request: the restarted outbox finds the note and does not post it again", async () => {
    const text = "Posted as the lights went out";
    // The server keeps the note, then holds the answer back long enough for the kill.
    h.sandbox.control.fault({ kind: "latency", route: POST_ROUTE, method: "POST", latencyMs: 60_000 });
    const child = runChild(h, text, "after-request");
    await waitFor(
      () =>
        h.sandbox.control.statuses(group25).some((s) => s.text === text) ||
        child.lines.some((l) => l.startsWith("exit")),
      "the server to receive the note",
      20_000,
    );
    expect(child.lines.filter((l) => l.startsWith("exit"))).toEqual([]);
    child.process.kill("SIGKILL");
    expect((await child.exited).signal).toBe("SIGKILL");

    const onDisk = storedOutbox(h).find((r) => r.text === text);
    expect(onDisk?.state).toBe("sending");
    expect(onDisk?.needsCheck).toBe(true);

    h.sandbox.control.clearFaults();
    h.sandbox.control.clearLog();
    await resumeHere();
    const sent = await waitFor(
      async () => expectValue(await h.call("listOutbox")).find((i) => i.text === text && i.state === "sent"),
      "the note to be marked sent",
    );
    const server = h.sandbox.control.statuses(group25).filter((s) => s.text === text);
    expect(server).toHaveLength(1);
    expect(sent.statusId).toBe(server[0]?.id);
    expect(h.sandbox.control.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    await h.app.stop();
  });

  it("before anything was sent: the restarted outbox looks, finds nothing, and sends it once", async () => {
    const text = "Typed, then the battery died";
    const child = runChild(h, text, "before-request");
    const exit = await child.exited;
    expect(child.lines.filter((l) => l.startsWith("exit"))).toEqual([]);
    expect(exit.signal).toBe("SIGKILL");
    expect(child.lines.some((l) => l.includes('"dying"'))).toBe(true);

    const onDisk = storedOutbox(h).find((r) => r.text === text);
    expect(onDisk?.state).toBe("sending");
    expect(h.sandbox.control.statuses(group25).filter((s) => s.text === text)).toHaveLength(0);

    h.sandbox.control.clearLog();
    await resumeHere();
    const sent = await waitFor(
      async () => expectValue(await h.call("listOutbox")).find((i) => i.text === text && i.state === "sent"),
      "the note to be sent",
    );
    const server = h.sandbox.control.statuses(group25).filter((s) => s.text === text);
    expect(server).toHaveLength(1);
    expect(sent.statusId).toBe(server[0]?.id);
    expect(h.sandbox.control.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});
