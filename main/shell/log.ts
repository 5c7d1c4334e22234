/**
 * The shell's log: one line per event on stderr, with anything that looks like a credential
 * removed first. Messages are built by our own code, but they may quote an exception from a
 * library (a keychain error, an HTTP failure), and those can echo headers or URLs.
 */

export interface ShellLog {
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Authorization: Basic/Bearer tokens, in headers or quoted.
  [/\b(authorization|proxy-authorization)\b(["']?\s*[:=]\s*["']?)[^\s"',}]+(\s+[^\s"',}]+)?/gi, "$1$2[redacted]"],
  [/\b(basic|bearer)\s+[A-Za-z0-9+/=._~-]{6,}/gi, "$1 [redacted]"],
  // password=..., "password": "...", pass: ..., token=..., key=... (Co-op bot keys ride in URLs).
  [
    /\b(password|passwd|pass|pwd|secret|token|access_token|api_key|key)\b(["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
    "$1$2[redacted]",
  ],
  // user:password@host in URLs.
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, "$1[redacted]@"],
];

/** `text` with credentials replaced by "[redacted]". */
export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** A one-line, secret-free description of something thrown (never its properties or cause chain). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return redactSecrets(`${error.name}: ${error.message}`).slice(0, 500);
  if (typeof error === "string") return redactSecrets(error).slice(0, 500);
  return `non-error value (${typeof error})`;
}

export function createShellLog(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): ShellLog {
  const emit = (level: string, message: string, error?: unknown): void => {
    const suffix = error === undefined ? "" : ` (${describeError(error)})`;
    try {
      write(`[coop-tray] ${level} ${redactSecrets(message)}${suffix}`);
    } catch {
      // A closed stderr (app launched without a terminal) must not turn logging into a crash.
    }
  };
  return {
    info: (message) => emit("info", message),
    warn: (message, error) => emit("warn", message, error),
    error: (message, error) => emit("error", message, error),
  };
}
