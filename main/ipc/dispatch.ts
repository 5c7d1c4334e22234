/**
 * The one entry point for every contract call, whatever carries it (Electron IPC in the app, the
 * local bridge in the browser preview and end-to-end tests): look the call up, validate its
 * argument, run the handler, and hand back a plain `Result`. Nothing thrown escapes, and no error
 * message built here can contain a secret: validation issues name fields, never values, and a
 * handler's exception is reported by call name only.
 */
import type { CallHandlers, CallName } from "../../shared/contract";
import { CALL_NAMES } from "../../shared/contract";
import type { Result } from "../../shared/errors";
import { err, isResult } from "../../shared/errors";
import { StoreWriteError, writeFailureMessage } from "../services/store";
import { toPlainData } from "./plain-data";
import { callSchemas } from "./schemas";

/** Enough issues to fix a form; a hostile payload cannot make the answer grow without bound. */
const MAX_ISSUES = 20;
const MAX_ISSUE_LENGTH = 200;

export type Dispatch = (name: string, rawArgs: unknown) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  /**
   * Told about a handler that threw or returned something that cannot cross the boundary. The
   * error is the raw exception: log it through something that redacts, never send it on.
   */
  readonly onHandlerError?: (name: CallName, error: unknown) => void;
}

const callNames: ReadonlySet<string> = new Set(CALL_NAMES);

function isCallName(name: unknown): name is CallName {
  return typeof name === "string" && callNames.has(name);
}

function invalidInput(message: string, issues: readonly string[] = []): Result<never> {
  return err({ kind: "invalidInput", message, issues });
}

function internal(name: CallName): Result<never> {
  return err({ kind: "internal", message: `Something went wrong while handling "${name}". Please try again.` });
}

function describeIssue(issue: { readonly path: readonly PropertyKey[]; readonly message: string }): string {
  const where = issue.path.length > 0 ? issue.path.map((part) => String(part)).join(".") : "(arguments)";
  const text = `${where}: ${issue.message}`;
  return text.length > MAX_ISSUE_LENGTH ? `${text.slice(0, MAX_ISSUE_LENGTH - 1)}…` : text;
}

export function createDispatcher(handlers: CallHandlers, options: DispatcherOptions = {}): Dispatch {
  return async (name, rawArgs) => {
    if (!isCallName(name))
      return invalidInput("Unknown call.", [`call: "${String(name).slice(0, 60)}" is not part of the contract`]);

    const parsed = callSchemas[name].safeParse(rawArgs);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, MAX_ISSUES).map(describeIssue);
      return invalidInput(issues.length === 1 ? `Invalid input: ${issues[0]}` : "Invalid input.", issues);
    }

    try {
      // The schema table and the handler table are keyed by the same name, so the parsed value is
      // exactly this handler's argument type; TypeScript cannot follow that through a union key.
      const handler = handlers[name] as (args: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      if (!isResult(result)) throw new TypeError(`handler for "${name}" did not return a Result`);
      return toPlainData(result) as Result<unknown>;
    } catch (error) {
      // A change the disk refused: the document is unchanged, and the user is told why in plain words.
      if (error instanceof StoreWriteError) {
        return err({ kind: "internal", message: writeFailureMessage(error, "the change") });
      }
      options.onHandlerError?.(name, error);
      return internal(name);
    }
  };
}
