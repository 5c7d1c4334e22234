/** Errors that mean "the database cannot be reached right now" (retry), as opposed to a bug. */
const CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "SQLITE_BUSY",
  "SQLITE_IOERR",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
]);

export function databaseUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== "object") return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string") {
    if (CODES.has(code)) return true;
    // PostgreSQL: 08xxx connection exceptions, 57P0x admin shutdown / cannot connect now, 53xxx resources.
    if (/^(08|57P0|53)/.test(code)) return true;
  }
  const text = typeof message === "string" ? message : "";
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|not currently accepting connections|terminating connection/i.test(
    text,
  );
}
