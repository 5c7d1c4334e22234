/**
 * JSON-lines logs: one object per line with `time`, `level`, `msg` and fields. Fields whose names
 * look secret are replaced before writing, whatever a caller passes, so a password, token or
 * Authorization header can never reach the log. Lines below the chosen level (COOP_LOG_LEVEL) are
 * dropped before they are formatted: a busy server at "warn" writes no line per request.
 */
export const LEVELS = ["debug", "info", "warn", "error"] as const;
export type Level = (typeof LEVELS)[number];

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

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

export function jsonLogger(
  write: (line: string) => void,
  now: () => number = Date.now,
  minimum: Level = "debug",
): Logger {
  const floor = LEVELS.indexOf(minimum);
  return {
    log(level, msg, fields = {}) {
      if (LEVELS.indexOf(level) < floor) return;
      const record = { time: new Date(now()).toISOString(), level, msg, ...(clean(fields) as Record<string, unknown>) };
      write(`${JSON.stringify(record)}\n`);
    },
  };
}

export const SILENT: Logger = { log: () => undefined };
