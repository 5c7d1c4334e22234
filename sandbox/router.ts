/** The Harvest emulations' request context: the server's router plus the sandbox's Harvest world. */
import type { BaseContext } from "../server/router";
import type { World } from "./model/world";

export type { BasicAuth, Reply, Route } from "../server/router";
export { dispatch, idOf } from "../server/router";

export interface RequestContext extends BaseContext {
  readonly world: World;
}
