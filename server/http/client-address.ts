/**
 * Who a request comes from when reverse proxies may stand in front. `X-Forwarded-For` and
 * `X-Forwarded-Proto` are believed only when the connection's peer is a proxy we were told to trust
 * (`--trust-proxy`: addresses or CIDRs; `loopback` or no value: a proxy on this host). Each proxy appends
 * the address it received the request from, so the list is read from the right and the first entry that
 * is not a trusted proxy is the client: whatever the client wrote further left is its own invention.
 * Matching uses Node's BlockList (CIDR ranges, both families) rather than hand-written bit arithmetic.
 */
import { BlockList, isIP } from "node:net";

/** Whether an address (as the socket or a proxy reports it) is a trusted proxy. */
export type TrustedProxies = (address: string) => boolean;

export const LOOPBACK = "loopback";

/** `::ffff:203.0.113.5` (an IPv4 client on a dual-stack socket) is the IPv4 address it carries. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * The proxies `--trust-proxy` names: true or "loopback" for this host's own proxies, false for none, or
 * a list of addresses and CIDRs. Throws with the entry named when one is neither.
 */
export function trustedProxies(spec: boolean | readonly string[] | undefined): TrustedProxies {
  if (spec === undefined || spec === false) return () => false;
  const entries = spec === true ? [LOOPBACK] : spec;
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === "") throw new Error("--trust-proxy has an empty entry");
    if (entry.toLowerCase() === LOOPBACK) {
      list.addSubnet("127.0.0.0", 8, "ipv4");
      list.addAddress("::1", "ipv6");
      continue;
    }
    const [network = "", prefix, ...rest] = entry.split("/");
    const family = isIP(network);
    const bits = prefix === undefined ? null : Number(prefix);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || rest.length > 0 || (bits !== null && !(Number.isInteger(bits) && bits >= 0 && bits <= max)))
      throw new Error(`--trust-proxy: "${entry}" is not an IP address or a CIDR range (like 10.0.0.0/8)`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === null || prefix === "") list.addAddress(network, type);
    else list.addSubnet(network, bits, type);
  }
  return (address) => {
    const plain = normalise(address);
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? "ipv4" : "ipv6");
  };
}

/** One `X-Forwarded-For` entry as an address (ports and brackets dropped), or null when it is none. */
function forwardedEntry(entry: string): string | null {
  let value = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed !== null) value = bracketed[1] ?? "";
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = normalise(value);
  return isIP(value) === 0 ? null : value;
}

function headerValues(header: string | readonly string[] | undefined): string[] {
  if (header === undefined) return [];
  return (typeof header === "string" ? [header] : header).flatMap((value) => value.split(","));
}

/** The client's address: the peer's, or the right-most untrusted hop a trusted proxy reported. */
export function clientAddress(
  peer: string,
  forwardedFor: string | readonly string[] | undefined,
  trusted: TrustedProxies,
): string {
  let current = normalise(peer);
  if (!trusted(current)) return current;
  const hops = headerValues(forwardedFor);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = forwardedEntry(hops[i] ?? "");
    // Not an address: the nearest proxy we can vouch for is as far as the chain can be believed.
    if (hop === null) return current;
    if (!trusted(hop)) return hop;
    current = hop;
  }
  return current;
}

/** Whether a trusted proxy says the client reached it over HTTPS (its own, right-most, word). */
export function forwardedHttps(
  peer: string,
  forwardedProto: string | readonly string[] | undefined,
  trusted: TrustedProxies,
): boolean {
  if (!trusted(peer)) return false;
  const values = headerValues(forwardedProto);
  return (values[values.length - 1] ?? "").trim().toLowerCase() === "https";
}
