/** A tiny synchronous JSON store for ids, caps and the journey (never the event queue). */
export interface LocalState {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  /** Removes every `cp:` key, the queue's localStorage fallback included (`consent(false)`). */
  clear(): void;
}

/**
 * localStorage under the `cp:` prefix, falling back to memory when storage is blocked or full.
 * First-party storage only: no cookies are ever set.
 */
export function createLocalState(win: Window): LocalState {
  // Read at each call: `localStorage` throws where it is blocked, and may be unblocked later. Its items are read,
  // written (throwing when full, as `setItem` does) and deleted as properties, which costs fewer bytes than the methods.
  const storage = () => win.localStorage;
  const memory = new Map<string, string>();
  return {
    get(key) {
      let raw: string | null | undefined;
      try {
        raw = storage()['cp:' + key];
      } catch {
        // Blocked: the memory copy answers.
      }
      try {
        // Nothing stored parses as `undefined`, which throws: undefined either way.
        return JSON.parse((raw ?? memory.get(key))!);
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      const raw = JSON.stringify(value);
      memory.set(key, raw);
      try {
        storage()['cp:' + key] = raw;
      } catch {
        // Blocked or full: the memory copy keeps this page view consistent.
      }
    },
    clear() {
      memory.clear();
      try {
        const s = storage();
        for (const key of Object.keys(s)) if (key.startsWith('cp:')) delete s[key as keyof Storage];
      } catch {
        // Blocked storage holds nothing of ours.
      }
    },
  };
}
