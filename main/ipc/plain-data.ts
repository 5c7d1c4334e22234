/**
 * Results cross the boundary as plain JSON-safe data: the Electron IPC would structured-clone a
 * Date or a Map, but the browser bridge speaks JSON and would lose them silently. Checking here
 * makes both transports carry exactly the same values, and makes a service that leaks a class
 * instance (a socket, a store) fail loudly in tests instead of in the renderer.
 */

class NotPlainDataError extends Error {
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`${path || "(result)"} is ${what}, which cannot cross the process boundary`);
    this.name = "NotPlainDataError";
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A deep copy of `value` holding only null, booleans, finite numbers, strings, arrays and plain
 * objects. Object properties that are `undefined` are dropped (as JSON does); anything else that
 * JSON cannot carry faithfully throws `NotPlainDataError`.
 */
export function toPlainData(value: unknown, path = "", seen: Set<object> = new Set()): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new NotPlainDataError(path, "a non-finite number");
    return value;
  }
  if (value === undefined) throw new NotPlainDataError(path, "undefined");
  if (typeof value !== "object") throw new NotPlainDataError(path, `a ${typeof value}`);
  if (seen.has(value)) throw new NotPlainDataError(path, "a circular reference");
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return value.map((item: unknown, index) =>
        toPlainData(item === undefined ? null : item, `${path}[${index}]`, seen),
      );
    }
    if (!isPlainObject(value))
      throw new NotPlainDataError(path, `an instance of ${value.constructor?.name ?? "a class"}`);
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      // defineProperty: a key named "__proto__" must stay data, not become the copy's prototype.
      Object.defineProperty(copy, key, {
        value: toPlainData(item, path ? `${path}.${key}` : key, seen),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}
