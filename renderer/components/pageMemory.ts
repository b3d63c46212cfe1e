// State a page keeps while the clerk visits other tabs (the main window mounts only the current
// page): an import's report, the last data-quality run. It belongs to one database: opening
// another starts afresh, and late answers about a closed one are dropped.
import { useCallback, useSyncExternalStore } from 'react';

export class PageMemory<T> {
  private value: T;
  private owner: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly initial: () => T) {
    this.value = initial();
  }

  get(owner: string): T {
    if (this.owner !== owner) {
      this.owner = owner;
      this.value = this.initial();
    }
    return this.value;
  }

  /** Ignored when another database has been opened since. */
  update(owner: string, change: (previous: T) => T): void {
    if (this.owner !== owner) return;
    this.value = change(this.value);
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export function usePageMemory<T>(memory: PageMemory<T>, owner: string): [T, (change: (previous: T) => T) => void] {
  const value = useSyncExternalStore(memory.subscribe, () => memory.get(owner));
  const update = useCallback((change: (previous: T) => T) => memory.update(owner, change), [memory, owner]);
  return [value, update];
}
