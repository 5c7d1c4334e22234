/**
 * Harvest passwords and tokens are stored encrypted (AES-256-GCM, a random 12-byte nonce each) with
 * the server key: from COOP_SERVER_KEY (32 bytes, base64 or hex) or the file COOP_SERVER_KEY_FILE
 * names, or `<data>/server.key`, created with mode 0600 on first start. A copy of the database alone does not reveal them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromEnvironment } from "./config";

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("the server key must be 32 bytes");
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `v1.${iv.toString("base64")}.${cipher.getAuthTag().toString("base64")}.${body.toString("base64")}`;
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== "v1" || iv === undefined || tag === undefined || body === undefined)
        throw new Error("not a sealed secret");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
    },
  };
}

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error(`${where} must hold 32 bytes (base64 or hex), got ${key.length}`);
  return key;
}

export const KEY_FILE = "server.key";

/** The key from the environment, else the data folder's key file (made on first start). */
export function loadServerKey(dataDir: string | null, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = fromEnvironment(env, "COOP_SERVER_KEY");
  if (fromEnv !== undefined) return decodeKey(fromEnv, "COOP_SERVER_KEY");
  if (dataDir === null)
    throw new Error("set COOP_SERVER_KEY(_FILE) or give --data: the server needs a key for Harvest secrets");
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
  }
  if ((statSync(file).mode & 0o077) !== 0) throw new Error(`${file} must not be readable by others (chmod 600 it)`);
  return decodeKey(readFileSync(file, "utf8"), file);
}
