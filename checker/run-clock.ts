/**
 * The clock of a long run: its timeout, and a turn for the event loop every 50 ms, so that
 * progress timers, Ctrl-C (the abort signal) and the timeout's own timer get to run while
 * synchronous work goes on. Shared by the sequential search (explore.ts), the liveness
 * analysis (liveness-verdict.ts) and the parallel search's main thread (parallel/watch.ts),
 * which check it at different places but must mean the same by "timed out" and "due".
 */
export const YIELD_EVERY_MS = 50;

export class RunClock {
  private lastYield = Date.now();

  constructor(
    /** When the run started (Date.now()). */
    private readonly started: number,
    private readonly timeoutMs: number | undefined,
  ) {}

  timedOut(now = Date.now()): boolean {
    return this.timeoutMs !== undefined && now - this.started >= this.timeoutMs;
  }

  /** YIELD_EVERY_MS have passed since the last turn given to the event loop. */
  yieldDue(now = Date.now()): boolean {
    return now - this.lastYield >= YIELD_EVERY_MS;
  }

  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastYield = Date.now();
  }

  async yieldIfDue(): Promise<void> {
    if (this.yieldDue()) await this.yield();
  }
}
