import { describe, expect, it } from "vitest";
import { KEYRING_READY_ENV, planKeyring } from "../../dev/bridge/keyring";

const argv = ["node", "main/bridge/preview.ts", "--port", "4020"];

describe("the preview's keyring on Linux", () => {
  it("leaves a desktop session's keyring alone, and never loops", () => {
    expect(
      planKeyring(
        { DBUS_SESSION_BUS_ADDRESS: "unix:path=/run/user/1000/bus", PATH: process.env["PATH"] },
        "linux",
        argv,
        [],
        "/usr/bin/node",
      ).kind,
    ).toBe("ready");
    expect(
      planKeyring({ [KEYRING_READY_ENV]: "1", PATH: process.env["PATH"] }, "linux", argv, [], "/usr/bin/node").kind,
    ).toBe("ready");
    expect(planKeyring({ PATH: process.env["PATH"] }, "darwin", argv, [], "/usr/bin/node").kind).toBe("ready");
  });
  it("without a session bus, runs itself again inside a throwaway unlocked GNOME Keyring", () => {
    const plan = planKeyring({ PATH: process.env["PATH"] }, "linux", argv, ["--import", "tsx"], "/usr/bin/node");
    expect(plan.kind).toBe("reexec");
    if (plan.kind !== "reexec") return;
    expect(plan.command).toBe("dbus-run-session");
    expect(plan.args.join(" ")).toContain("gnome-keyring-daemon --unlock --components=secrets");
    expect(plan.args.join(" ")).toContain("'/usr/bin/node' '--import' 'tsx' 'main/bridge/preview.ts' '--port' '4020'");
    expect(plan.env[KEYRING_READY_ENV]).toBe("1");
    expect(plan.env["XDG_DATA_HOME"]).toMatch(/coop-tray-preview-keyring-/);
  });
  it("says in one line what to install when there is no keyring to start", () => {
    const plan = planKeyring({ PATH: "/nonexistent" }, "linux", argv, [], "/usr/bin/node");
    expect(plan).toEqual({
      kind: "missing",
      message: "preview: no Secret Service is running; install one to sign in: sudo apt-get install gnome-keyring dbus",
    });
  });
});
