/**
 * A tiny document model both wire formats are rendered from, so XML and JSON can never disagree
 * about a value. Field names are written underscored; the XML writer dashes them.
 */

export type ScalarType = "integer" | "float" | "boolean" | "datetime" | "date" | "string";

export type Node =
  | { readonly k: "int"; readonly v: number }
  | { readonly k: "float"; readonly v: number }
  | { readonly k: "bool"; readonly v: boolean }
  | { readonly k: "str"; readonly v: string }
  /** An instant (epoch ms) shown in an IANA zone ("UTC" for Z). */
  | { readonly k: "time"; readonly ms: number; readonly zone: string }
  /** A calendar date `YYYY-MM-DD`. */
  | { readonly k: "date"; readonly v: string }
  | { readonly k: "nil"; readonly type: ScalarType }
  | { readonly k: "obj"; readonly fields: ReadonlyArray<readonly [string, Node]> }
  | { readonly k: "list"; readonly item: string; readonly items: readonly Node[] };

export type Fields = ReadonlyArray<readonly [string, Node]>;

/**
 * A whole response document. `root` names the XML root (and the JSON wrapper when `rooted`).
 * Harvest roots its JSON (`{"client":{…}}`, `[{"client":{…}}]`); Co-op does not.
 */
export interface Doc {
  readonly root: string;
  readonly node: Node;
  readonly rooted: boolean;
}

export const int = (v: number): Node => ({ k: "int", v });
export const float = (v: number): Node => ({ k: "float", v });
export const bool = (v: boolean): Node => ({ k: "bool", v });
export const str = (v: string): Node => ({ k: "str", v });
export const date = (v: string): Node => ({ k: "date", v });
export const time = (ms: number, zone = "UTC"): Node => ({ k: "time", ms, zone });
export const nil = (type: ScalarType = "string"): Node => ({ k: "nil", type });
export const obj = (fields: Fields): Node => ({ k: "obj", fields });
export const list = (item: string, items: readonly Node[]): Node => ({ k: "list", item, items });

export const strOrNil = (v: string | null): Node => (v === null ? nil("string") : str(v));
export const intOrNil = (v: number | null): Node => (v === null ? nil("integer") : int(v));
export const timeOrNil = (ms: number | null, zone = "UTC"): Node => (ms === null ? nil("datetime") : time(ms, zone));
