/** The one `CoopApi` the whole tree talks through, provided once at the root. */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { CoopApi } from "../shared/contract";

export const ApiContext = createContext<CoopApi | null>(null);

export function useApi(): CoopApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside <ApiContext.Provider>");
  return api;
}
