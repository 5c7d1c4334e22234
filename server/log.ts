/**
 * JSON-lines logs: one object per line with `time`, `level`, `msg` and fields. Fields whose names
 * look secret are replaced before writing, whatever a caller passes, so a password, token or
 * Authorization header can never reach the log.
 */
export type Level = "info" | "warn" | "error";

export interface Logger {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEY = /pass|secret|token|authorization|cookie|key/i;

function clean(value: unknown, depth = 0): unknown {
  if (depth > 4) return "[deep]";
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : clean(v, depth + 1);
    return out;
  }
  return value;
}

export function jsonLogger(write: (line: string) => void, now: () => number = Date.now): Logger {
  return {
    log(level, msg, fields = {}) {
      const record = { time: new Date(now()).toISOString(), level, msg, ...(clean(fields) as Record<string, unknown>) };
      write(`${JSON.stringify(record)}\n`);
    },
  };
}

export const SILENT: Logger = { log: () => undefined };
