/**
 * The store's file on disk, written by us instead of by conf / electron-store.
 *
 * Why not the library: both write through `atomically`, whose temp-file write does not check that
 * every byte reached the file. On a full disk the store became its first 4,096 bytes, `set` still
 * returned, and the next start reset everything. Neither library keeps a last-known-good copy or
 * fsyncs the folder after the rename, and neither lets a test make a write fail. So a write here:
 *
 *   1. writes the whole text to `<name>.json.tmp` (a loop over `writeSync`: a short write is retried,
 *      a write that makes no progress or throws fails the whole write), checks the size on disk,
 *   2. fsyncs and closes the temp file,
 *   3. renames the current file to `<name>.last-good.json` (the last copy that was written whole),
 *   4. renames the temp file to `<name>.json`, and fsyncs the folder so both renames survive a power
 *      cut (skipped where the OS cannot open a folder for syncing, i.e. Windows).
 *
 * A failure at any step throws `StoreWriteError` and leaves the previous file in place; the temp
 * file is removed. A crash between steps 3 and 4 leaves no main file and a good last-good copy,
 * which `AppStore` reads in that case.
 *
 * Every call to the file system goes through `StoreFs`, so tests can make a write fail (a read-only
 * folder, a full disk) without root or a special file system.
 */
import * as fs from "node:fs";
import { dirname, join } from "node:path";

export type StoreFs = Pick<
  typeof fs,
  | "openSync"
  | "writeSync"
  | "fsyncSync"
  | "fstatSync"
  | "closeSync"
  | "renameSync"
  | "unlinkSync"
  | "readFileSync"
  | "mkdirSync"
  | "existsSync"
>;

export const nodeFs: StoreFs = fs;

export type FileRead =
  | { readonly kind: "missing" }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "unreadable"; readonly message: string };

/** A write that did not reach the disk whole; `code` is the OS error code (ENOSPC, EACCES, EROFS…). */
export class StoreWriteError extends Error {
  override readonly name = "StoreWriteError";
  constructor(
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }

  get diskFull(): boolean {
    return this.code === "ENOSPC" || this.code === "EDQUOT";
  }

  get notAllowed(): boolean {
    return this.code === "EACCES" || this.code === "EPERM" || this.code === "EROFS";
  }
}

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : null;
}

export class StoreFile {
  readonly path: string;
  readonly lastGoodPath: string;
  private readonly tempPath: string;
  private readonly directory: string;

  constructor(
    directory: string,
    name: string,
    private readonly fsys: StoreFs = nodeFs,
  ) {
    this.directory = directory;
    this.path = join(directory, `${name}.json`);
    this.lastGoodPath = join(directory, `${name}.last-good.json`);
    this.tempPath = `${this.path}.tmp`;
  }

  read(): FileRead {
    return this.readAt(this.path);
  }

  readLastGood(): FileRead {
    return this.readAt(this.lastGoodPath);
  }

  private readAt(path: string): FileRead {
    try {
      return { kind: "text", text: this.fsys.readFileSync(path, "utf8") };
    } catch (error) {
      if (codeOf(error) === "ENOENT") return { kind: "missing" };
      return { kind: "unreadable", message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Writes `text` durably or throws `StoreWriteError`; the previous file stays until then. */
  write(text: string): void {
    const data = Buffer.from(text, "utf8");
    let fd: number | null = null;
    try {
      // Notes and cached feeds: the folder and the file are the user's only.
      this.fsys.mkdirSync(this.directory, { recursive: true, mode: 0o700 });
      fd = this.fsys.openSync(this.tempPath, "w", 0o600);
      let offset = 0;
      while (offset < data.length) {
        const written = this.fsys.writeSync(fd, data, offset, data.length - offset);
        if (!(written > 0)) throw Object.assign(new Error("the disk accepted no more bytes"), { code: "ENOSPC" });
        offset += written;
      }
      const size = this.fsys.fstatSync(fd).size;
      if (size !== data.length) {
        throw Object.assign(new Error(`only ${size} of ${data.length} bytes reached the disk`), { code: "ENOSPC" });
      }
      this.fsys.fsyncSync(fd);
      this.fsys.closeSync(fd);
      fd = null;
      if (this.fsys.existsSync(this.path)) this.fsys.renameSync(this.path, this.lastGoodPath);
      this.fsys.renameSync(this.tempPath, this.path);
    } catch (error) {
      if (fd !== null) {
        try {
          this.fsys.closeSync(fd);
        } catch {
          // already failing; the temp file is removed next
        }
      }
      try {
        this.fsys.unlinkSync(this.tempPath);
      } catch {
        // never created, or the folder refuses even that
      }
      const code = codeOf(error);
      const why = error instanceof Error ? error.message : String(error);
      throw new StoreWriteError(code, `Could not write ${this.path}: ${why}`);
    }
    this.syncFolder();
  }

  /** Makes the renames durable. Windows cannot open a folder for fsync; there the rename is all we get. */
  private syncFolder(): void {
    if (process.platform === "win32") return;
    let fd: number | null = null;
    try {
      fd = this.fsys.openSync(dirname(this.path), "r");
      this.fsys.fsyncSync(fd);
    } catch {
      // Some file systems refuse to fsync a folder (EINVAL); the file itself is already synced.
    } finally {
      if (fd !== null) this.fsys.closeSync(fd);
    }
  }
}
