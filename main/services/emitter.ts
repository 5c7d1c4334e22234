/** A tiny typed event emitter: listeners get the payload and an unsubscribe comes back. */
export class Emitter<Map extends { [K in keyof Map]: unknown }> {
  private readonly listeners = new Map<keyof Map, Set<(payload: never) => void>>();

  on<K extends keyof Map>(event: K, listener: (payload: Map[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  emit<K extends keyof Map>(event: K, payload: Map[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: Map[K]) => void)(payload);
      } catch (error) {
        // One faulty listener (say, a closed window) must not stop the others or the service.
        console.error(`listener for ${String(event)} failed:`, error instanceof Error ? error.message : error);
      }
    }
  }

  listenerCount(event?: keyof Map): number {
    if (event !== undefined) return this.listeners.get(event)?.size ?? 0;
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }
}
