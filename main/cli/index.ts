/**
 * The CLI's process entry (`npm run --silent cli -- <command>`): real stdout/stderr/env, the Co-op
 * token or password and the Harvest token from the environment or the OS keychain, and the exit code from `runCli`.
 * Import `./run` for the function itself.
 */
import { keychainCoopToken, keychainPasswords, keychainToken } from "./keychain-passwords";
import { runCli } from "./run";

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  },
  { resolvePassword: keychainPasswords(), resolveToken: keychainToken(), resolveCoopToken: keychainCoopToken() },
);
process.exitCode = code;
