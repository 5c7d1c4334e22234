/** The Harvest v2 link and the open idle question, followed from main's events for the whole app. */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { CoopApi } from "../shared/contract";
import type { HarvestV2State, IdlePrompt } from "../shared/harvest-v2-state";

export interface HarvestV2Hook {
  /** null until first read. */
  readonly state: HarvestV2State | null;
  readonly prompt: IdlePrompt | null;
  readonly reload: () => void;
  readonly dismissPrompt: () => void;
}

export function useHarvestV2(api: CoopApi): HarvestV2Hook {
  const [state, setState] = useState<HarvestV2State | null>(null);
  const [prompt, setPrompt] = useState<IdlePrompt | null>(null);
  const reload = useCallback(() => {
    void api.getHarvestV2().then((result) => result.ok && setState(result.value));
  }, [api]);
  useEffect(() => {
    reload();
    const offs = [api.on.harvestV2Changed((next) => setState(next)), api.on.idlePrompt((next) => setPrompt(next))];
    return () => offs.forEach((off) => off());
  }, [api, reload]);
  return { state, prompt, reload, dismissPrompt: () => setPrompt(null) };
}
