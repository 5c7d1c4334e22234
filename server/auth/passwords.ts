/**
 * Password hashes: scrypt from node:crypto (no native add-on to build), N = 2^15, r = 8, p = 1,
 * a 16-byte random salt and a 32-byte key (about 100–160 ms on our 2-core machines), stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt b64>$<key b64>` so the parameters can be raised later and old hashes
 * still verify. Compared with timingSafeEqual. scrypt needs 128·N·r bytes, over Node's 32 MiB default
 * `maxmem`, hence the explicit limit.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

export const SCRYPT = { log2N: 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
const MAXMEM = 256 * 1024 * 1024;

function derive(
  password: string,
  salt: Buffer,
  log2N: number,
  r: number,
  p: number,
  keyLength: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, keyLength, { N: 2 ** log2N, r, p, maxmem: MAXMEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, params: { log2N: number } = SCRYPT): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const key = await derive(password, salt, params.log2N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return `scrypt$${params.log2N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (match === null) return false;
  const [, n, r, p, salt, key] = match as unknown as [string, string, string, string, string, string];
  const expected = Buffer.from(key, "base64");
  if (Number(n) < 10 || Number(n) > 20 || expected.length < 16) return false;
  const actual = await derive(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p), expected.length);
  return timingSafeEqual(actual, expected);
}

/** Verified against when the email is unknown, so a miss costs what a wrong password costs. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}

export const MIN_PASSWORD_LENGTH = 8;
