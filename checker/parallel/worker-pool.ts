/**
 * The worker_threads of parallel searches, kept between checks, and the commands and
 * replies that pass between them and the coordinator (protocol.ts). A worker's failure,
 * or an error it reports, fails every reply awaited from the pool, and the next check
 * starts a new pool.
 */
import { Worker } from 'node:worker_threads';
import { ModelEvaluationError } from '../result.ts';
import type { Command, Reply, WorkerInit } from './protocol.ts';

/**
 * The workers, each answering one reply per command. Starting a worker costs about a
 * second (loading tsx and xstate), so the pool is kept, unreferenced (it does not keep
 * the process alive), for the next check; each worker loads a model source once.
 */
export class WorkerPool {
  private static last: WorkerPool | undefined;

  static for(count: number): WorkerPool {
    const last = WorkerPool.last;
    if (last && last.workers.length === count && !last.failure) return last;
    if (last) void last.close();
    WorkerPool.last = new WorkerPool(count);
    return WorkerPool.last;
  }

  /** Ends the kept pool (tests and tools that want a clean exit). */
  static async closeAll(): Promise<void> {
    await WorkerPool.last?.close();
  }

  private readonly workers: Worker[] = [];
  private readonly waiting: ((r: Reply) => void)[][] = [];
  private failure: Error | undefined;
  private failed: (e: Error) => void = () => {};
  private readonly failurePromise: Promise<never>;
  private readonly readyReplies: Promise<Reply[]>;
  private closing = false;

  private constructor(count: number) {
    this.failurePromise = new Promise<never>((_, reject) => {
      this.failed = reject;
    });
    this.failurePromise.catch(() => {});
    const entry = new URL('./worker-entry.js', import.meta.url);
    for (let index = 0; index < count; index++) {
      const worker = new Worker(entry, { workerData: { count, index } satisfies WorkerInit });
      this.waiting.push([]);
      worker.on('message', (reply: Reply) => {
        if (reply.type === 'error') return this.fail(workerError(reply));
        const next = this.waiting[index].shift();
        next?.(reply);
      });
      worker.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`worker ${index} exited with code ${code}`));
      });
      // After the listeners: adding a 'message' listener refs the worker again.
      worker.unref();
      this.workers.push(worker);
    }
    this.readyReplies = Promise.all(this.workers.map((_, w) => this.reply(w)));
    this.readyReplies.catch(() => {});
  }

  async ready(): Promise<void> {
    await this.race(this.readyReplies);
  }

  all(command: Command): Promise<Reply[]> {
    return this.some(
      this.workers.map((_, w) => w),
      command,
    );
  }

  /** Sends `command` to the workers in `which` (awaiting their replies) and `others` to the rest. */
  some(which: number[], command: Command, others?: Command): Promise<Reply[]> {
    const replies: Promise<Reply>[] = [];
    this.workers.forEach((worker, w) => {
      if (which.includes(w)) {
        replies.push(this.reply(w));
        worker.postMessage(command);
      } else if (others) worker.postMessage(others);
    });
    return this.race(Promise.all(replies)).then((rs) => {
      // Indexed by worker; workers not asked have no entry.
      const out: Reply[] = new Array(this.workers.length);
      which.forEach((w, i) => (out[w] = rs[i]));
      return out;
    });
  }

  postTo(w: number, command: Command): void {
    this.workers[w].postMessage(command);
  }

  post(command: Command): void {
    for (const worker of this.workers) worker.postMessage(command);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (WorkerPool.last === this) WorkerPool.last = undefined;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private reply(w: number): Promise<Reply> {
    return new Promise((resolve) => this.waiting[w].push(resolve));
  }

  private race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.failurePromise]);
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.failed(e);
    void this.close();
  }
}

/** Terminates the worker pool kept for the next parallel check, if any. */
export function closeWorkerPools(): Promise<void> {
  return WorkerPool.closeAll();
}

function workerError(reply: Extract<Reply, { type: 'error' }>): Error {
  if (reply.evaluation) return new ModelEvaluationError(reply.message, reply.evaluation.state, reply.evaluation.action, reply.evaluation.path);
  return new Error(`a parallel worker failed: ${reply.message}`);
}
