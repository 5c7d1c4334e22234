/**
 * The log file: the shell's lines (already stripped of credentials by log.ts) appended to
 * `<logs>/main.log`, each with its time. When the file passes `maxBytes` it becomes `main.old.log`
 * (replacing the previous one) and a new file starts, so the two never take more than twice that.
 * Writes are synchronous: lines are few, and the last ones before a crash are the ones that matter.
 * A file that cannot be written is given up on quietly: logging must never take the app down.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";

export const LOG_FILE_NAME = "main.log";
export const OLD_LOG_FILE_NAME = "main.old.log";
export const LOG_MAX_BYTES = 1024 * 1024;

export interface LogFile {
  readonly path: string;
  write(line: string): void;
}

export function openLogFile(
  dir: string,
  options: { readonly maxBytes?: number; readonly now?: () => Date } = {},
): LogFile {
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  const now = options.now ?? (() => new Date());
  const path = join(dir, LOG_FILE_NAME);
  let size: number | null = null;
  let broken = false;

  const currentSize = (): number => {
    if (size !== null) return size;
    try {
      size = statSync(path).size;
    } catch {
      size = 0;
    }
    return size;
  };

  return {
    path,
    write(line) {
      if (broken) return;
      const text = `${now().toISOString()} ${line}\n`;
      try {
        if (size === null) mkdirSync(dir, { recursive: true });
        if (currentSize() > 0 && currentSize() + Buffer.byteLength(text) > maxBytes) {
          renameSync(path, join(dir, OLD_LOG_FILE_NAME));
          size = 0;
        }
        appendFileSync(path, text, { mode: 0o600 });
        size = currentSize() + Buffer.byteLength(text);
      } catch {
        broken = true;
      }
    },
  };
}

/** A writer for createShellLog that writes each line to stderr and to the file. */
export function stderrAndFile(file: LogFile): (line: string) => void {
  return (line) => {
    try {
      process.stderr.write(`${line}\n`);
    } catch {
      // No terminal: the file still has it.
    }
    file.write(line);
  };
}
