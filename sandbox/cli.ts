/**
 * `npm run sandbox -- [flags]`: the sandbox server as a command. Prints exactly
 * `listening on http://127.0.0.1:<port>` when ready; SIGINT/SIGTERM close it cleanly;
 * a bad flag prints a one-line usage error and exits 2.
 */
import { start } from "./server";
import { USAGE, UsageError, parseArgs } from "./cli-args";
import type { CliConfig } from "./cli-args";

async function main(argv: readonly string[]): Promise<void> {
  let config: CliConfig;
  try {
    config = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sandbox: ${error.message} (see --help)\n`);
      process.exit(2);
    }
    throw error;
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sandbox = await start(config.options);
  for (const fault of config.faults) sandbox.control.fault(fault);
  process.stdout.write(`listening on ${sandbox.url}\n`);
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
