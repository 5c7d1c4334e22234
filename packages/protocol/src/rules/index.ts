/** The rules both halves enforce, written once: browser-safe (no Node built-ins), so the renderer may import them. */
export * from "./email";
export * from "./harvest-endpoints";
export * from "./http-url";
export * from "./limits";
export * from "./status-key";
export * from "./subdomain";
export * from "./timezones";
