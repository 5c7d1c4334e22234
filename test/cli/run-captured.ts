/** Runs the CLI in-process, its stdout and stderr captured, for the tests that check its whole output. */
import { runCli, type CliHooks } from "../../main/cli/run";

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCaptured(
  argv: string[],
  env: Record<string, string | undefined>,
  hooks: CliHooks = {},
): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env }, hooks);
  return { code, stdout, stderr };
}
