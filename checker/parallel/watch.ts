/**
 * What stops or reports on a parallel search from the main thread while the workers
 * run: the timeout, the abort signal, the memory limit and progress. It stops the run
 * through the shared table's flag (shared-store.ts), which the workers poll.
 */
import { progress, type CheckOptions } from '../options.ts';
import { MemoryGuard } from '../memory-guard.ts';
import { RunClock } from '../run-clock.ts';
import { STOP, type SharedStateStore } from './shared-store.ts';

/** Timeout, abort signal, memory and progress, watched while the workers run. */
export class Watch {
  private readonly memory: MemoryGuard;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly onAbort = () => this.store.stop('interrupted');
  private readonly clock: RunClock;
  /**
   * The search's position as of the start of its current level (atLevel): progress
   * reports it, since the workers' own counts reach the main thread only between levels.
   */
  private level = { depth: 0, queue: 0, transitions: 0 };

  constructor(
    private readonly store: SharedStateStore,
    private readonly options: CheckOptions,
    started: number,
  ) {
    this.memory = new MemoryGuard(options.maxMemoryBytes);
    this.clock = new RunClock(started, options.timeoutMs);
    if (options.timeoutMs !== undefined) this.timers.push(setTimeout(() => store.stop('timeout'), Math.max(0, options.timeoutMs - (Date.now() - started))));
    options.signal?.addEventListener('abort', this.onAbort);
    if (options.signal?.aborted) store.stop('interrupted');
    this.timers.push(
      setInterval(() => {
        if (this.memory.exceeded()) store.stop('max-memory');
      }, 100),
    );
    if (options.onProgress) {
      const every = options.progressIntervalMs ?? 1000;
      this.timers.push(
        setInterval(() => {
          const { depth, queue, transitions } = this.level;
          options.onProgress!(progress(store.size, transitions, queue, depth, Date.now() - started));
        }, every),
      );
    }
  }

  /** A level starts: its depth, the states it expands, and the transitions taken before it. */
  atLevel(depth: number, queue: number, transitions: number): void {
    this.level = { depth, queue, transitions };
  }

  /** Between levels: lets timers and the signal run now and then; true when the run must stop. */
  async yieldAndCheck(): Promise<boolean> {
    await this.clock.yieldIfDue();
    if (this.clock.timedOut()) this.store.stop('timeout');
    return this.store.flag === STOP;
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }
}
