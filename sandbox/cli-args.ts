/** The sandbox command's flags, parsed strictly: anything unknown or malformed is a UsageError. */
import { isFaultKind } from "./faults";
import type { FaultSpec, SandboxOptions } from "./types";

export const USAGE = `usage: sandbox [--port <n>] [--harvest-limit <calls>] [--harvest-window <seconds>] [--harvest-lockout <seconds>]
               [--harvest-v2-limit <calls>] [--harvest-v2-window <seconds>]
               [--coop-limit <calls> --coop-window <seconds>] [--json-dates iso|slash] [--latency <ms>]
               [--fault <kind>[@<route>[x<times>]]]... [--data <file>] [--recent] [--help]`;

export class UsageError extends Error {}

export interface CliConfig {
  readonly options: SandboxOptions;
  readonly faults: readonly FaultSpec[];
  readonly help: boolean;
}

function number(flag: string, value: string | undefined, { integer = false, min = 0 } = {}): number {
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed) || parsed < min || (integer && !Number.isInteger(parsed))) {
    throw new UsageError(`${flag} wants ${integer ? "an integer" : "a number"} ≥ ${min}, got "${value}"`);
  }
  return parsed;
}

/** `status500`, `status500@/groups`, `reset@/harvest/fawlty/clientsx3`, `latency@/groupsxinf`. */
export function parseFaultFlag(value: string): FaultSpec {
  const at = value.indexOf("@");
  const kind = at < 0 ? value : value.slice(0, at);
  if (!isFaultKind(kind)) throw new UsageError(`unknown fault kind "${kind}"`);
  if (at < 0) return { kind };
  let route = value.slice(at + 1);
  let times = 1;
  const counted = /^(.*)x(\d+|inf)$/.exec(route);
  if (counted !== null) {
    route = counted[1] ?? "";
    times = counted[2] === "inf" ? Infinity : Number(counted[2]);
    if (times <= 0) throw new UsageError(`fault times must be positive in "${value}"`);
  }
  if (!route.startsWith("/")) throw new UsageError(`fault route must start with "/" in "${value}"`);
  return { kind, route, times };
}

export function parseArgs(argv: readonly string[]): CliConfig {
  const options: SandboxOptions = {};
  const faults: FaultSpec[] = [];
  let coopLimit: number | null = null;
  let coopWindow: number | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? "";
    const next = (): string | undefined => {
      i += 1;
      return argv[i];
    };
    switch (flag) {
      case "--help":
      case "-h":
        return { options, faults, help: true };
      case "--port":
        options.port = number(flag, next(), { integer: true });
        if (options.port > 65535) throw new UsageError("--port must be at most 65535");
        break;
      case "--harvest-limit":
        options.harvestLimit = number(flag, next(), { integer: true, min: 1 });
        break;
      case "--harvest-window":
        options.harvestWindowSeconds = number(flag, next(), { min: 0.001 });
        break;
      case "--harvest-lockout":
        options.harvestLockoutSeconds = number(flag, next(), { min: 0.001 });
        break;
      case "--harvest-v2-limit":
        options.harvestV2Limit = number(flag, next(), { integer: true, min: 1 });
        break;
      case "--harvest-v2-window":
        options.harvestV2WindowSeconds = number(flag, next(), { min: 0.001 });
        break;
      case "--coop-limit":
        coopLimit = number(flag, next(), { integer: true, min: 1 });
        break;
      case "--coop-window":
        coopWindow = number(flag, next(), { min: 0.001 });
        break;
      case "--json-dates": {
        const style = next();
        if (style !== "iso" && style !== "slash")
          throw new UsageError(`--json-dates wants iso or slash, got "${style ?? ""}"`);
        options.jsonDates = style;
        break;
      }
      case "--latency":
        options.latencyMs = number(flag, next(), { integer: true });
        break;
      case "--fault": {
        const value = next();
        if (value === undefined) throw new UsageError("--fault needs a value");
        faults.push(parseFaultFlag(value));
        break;
      }
      case "--data": {
        const file = next();
        if (file === undefined || file.startsWith("--")) throw new UsageError("--data needs a file");
        options.dataFile = file;
        break;
      }
      case "--recent":
        options.recentSeed = true;
        break;
      default:
        throw new UsageError(`unknown flag "${flag}"`);
    }
  }
  if ((coopLimit === null) !== (coopWindow === null))
    throw new UsageError("--coop-limit and --coop-window go together");
  if (coopLimit !== null && coopWindow !== null) options.coopThrottle = { limit: coopLimit, windowSeconds: coopWindow };
  return { options, faults, help: false };
}
