/**
 * How a Co-op route is declared: method, path, who may call it (the guard) and the schema of its path
 * parameters. The pipeline (`pipeline.ts`) enforces both before the handler runs, so a handler
 * receives the signed-in user, the group it names and typed parameters, and a forgotten check is not
 * possible: a route without a guard does not type-check.
 */
import type { z } from "zod";
import type { Params } from "../http/body";
import type { Reply } from "../router";
import type { MemberGroup, User } from "../store/records";
import type { CoopContext, CoopServices } from "./context";

/**
 * - `public`: anyone (the invitation pages);
 * - `user`: any signed-in user;
 * - `member`: a signed-in member of the group named by `:group` (others get the 404 of a missing group);
 * - `owner`: the same, and the group's owner (other members get 400 with the route's `refusal`);
 * - `self`: a signed-in user whose own id is `:user` (others get 404 with the route's `refusal`).
 */
export type Guard = "public" | "user" | "member" | "owner" | "self";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** How the caller signed in: a password, a token (which one: `DELETE /tokens/current`), or a group's API key. */
export type SignedInWith =
  | { readonly kind: "password" }
  | { readonly kind: "token"; readonly tokenId: number }
  | { readonly kind: "group key" };

type Granted<G extends Guard> = G extends "public"
  ? object
  : G extends "user" | "self"
    ? { readonly user: User; readonly via: SignedInWith }
    : { readonly user: User; readonly group: MemberGroup; readonly via: SignedInWith };

export type CoopRequest<G extends Guard, P> = {
  readonly ctx: CoopContext;
  readonly services: CoopServices;
  /** Query parameters overlaid with the body's (XML, JSON or form). */
  readonly input: Params;
  /** The path parameters, parsed by the route's schema. */
  readonly params: P;
} & Granted<G>;

export interface RouteDeclaration<G extends Guard, S extends z.ZodType> {
  readonly method: Method;
  /** Literal segments and `:name` parameters, e.g. `/groups/:group/users/:user/:day`. */
  readonly path: string;
  readonly guard: G;
  readonly params: S;
  /** Member routes only: a bot may sign in with the group's API key (`?key=`) instead, as Cobot. */
  readonly groupKey?: boolean;
  /** The error for a signed-in caller the guard refuses (owner: 400, self: 404). */
  readonly refusal?: string;
  readonly handle: (req: CoopRequest<G, z.output<S>>) => Reply | Promise<Reply>;
}

/** A declared route with its types erased, as the route table holds it. */
export interface CoopRoute {
  readonly method: Method;
  readonly path: string;
  readonly guard: Guard;
  readonly params: z.ZodType;
  readonly groupKey: boolean;
  readonly refusal: string | null;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handle: (
    req: CoopRequest<Guard, unknown> & Partial<{ user: User; group: MemberGroup; via: SignedInWith }>,
  ) => Reply | Promise<Reply>;
}

/** What a `:name` path segment may hold; anything else is a different route (or none: 404). */
const SEGMENTS: Readonly<Record<string, string>> = {
  group: "\\d+",
  user: "\\d+",
  status: "\\d+",
  membership: "\\d+",
  invitation: "\\d+",
  day: "\\d{8}|\\d{4}-\\d{2}-\\d{2}",
  token: "[A-Za-z0-9_-]{20,100}",
  tokenId: "\\d+",
};

function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const name = segment.slice(1);
      const shape = SEGMENTS[name];
      if (shape === undefined) throw new Error(`route ${path}: no segment shape for :${name}`);
      names.push(name);
      return `(${shape})`;
    })
    .join("/");
  return { pattern: new RegExp(`^${source}$`), names };
}

/** Declares a route: the handler's request type follows from the guard and the params schema. */
export function route<G extends Guard, S extends z.ZodType>(declaration: RouteDeclaration<G, S>): CoopRoute {
  const { pattern, names } = compile(declaration.path);
  const guarded = declaration.guard === "member" || declaration.guard === "owner" ? "group" : null;
  if (guarded !== null && !names.includes(guarded))
    throw new Error(`route ${declaration.path}: a ${declaration.guard} route needs :group in its path`);
  // A group in the path is a group's data: only its members may reach it, whatever the handler does.
  if (guarded === null && names.includes("group"))
    throw new Error(`route ${declaration.path}: a route naming :group must be guarded "member" or "owner"`);
  if (declaration.guard === "self" && !names.includes("user"))
    throw new Error(`route ${declaration.path}: a self route needs :user in its path`);
  if (declaration.groupKey === true && declaration.guard !== "member")
    throw new Error(`route ${declaration.path}: only member routes take a group key`);
  return {
    method: declaration.method,
    path: declaration.path,
    guard: declaration.guard,
    params: declaration.params,
    groupKey: declaration.groupKey === true,
    refusal: declaration.refusal ?? null,
    pattern,
    names,
    handle: declaration.handle as CoopRoute["handle"],
  };
}
