/**
 * Stops a run before memory runs out (SPIN's habit): the JS heap holds the frontier's
 * states, typed arrays (the store, the edges) live outside it, so both are watched.
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/** Default budget: half the machine's memory, leaving room for the OS and other jobs. */
export function defaultMaxMemoryBytes(): number {
  return Math.floor(totalmem() / 2);
}

export class MemoryGuard {
  private readonly heapLimit = getHeapStatistics().heap_size_limit;

  constructor(private readonly maxBytes: number = defaultMaxMemoryBytes()) {}

  /** True when the process is over its budget or its heap is nearly full. */
  exceeded(): boolean {
    const usage = process.memoryUsage();
    if (usage.heapUsed > this.heapLimit * 0.85) return true;
    return usage.heapUsed + usage.arrayBuffers > this.maxBytes;
  }
}
