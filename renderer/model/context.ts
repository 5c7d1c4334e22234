/** The one `AppModel` the whole tree reads, provided once at the root (with the `CoopApi` it wraps). */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { AppModel } from "./app-model";

export const ModelContext = createContext<AppModel | null>(null);

export function useModel(): AppModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error("useModel outside <ModelContext.Provider>");
  return model;
}
