/**
 * The events a kernel snapshot offers: one per process that can step, addressed to it.
 * `A` is task A's ordinary step; `A.kill` {victim} one out_of_memory selection among tied
 * candidates; `A.timeout` the syncOomKill wait's timeout; `kswapd`, `oom_reaper` the
 * kthreads' steps. Only events some active state takes are offered (cheap pre-checks of
 * the guards that usually fail: busy locks, parked tasks, idle kthreads).
 */
import { outOfMemoryVerdict } from './oom-killer.ts';
import { opAt, type KernelConfig } from './kernel-config.ts';
import type { KernelEvent } from './machine-parts.ts';
import { isPanic, phaseOf, slowpathStepOf, type KernelSnapshotLike } from './state.ts';

/** The process (task or kthread) an event is addressed to: the part before the first '.'. */
export function processOf(event: KernelEvent): string {
  const dot = event.type.indexOf('.');
  return dot < 0 ? event.type : event.type.slice(0, dot);
}

export function kernelEvents(k: KernelConfig, s: KernelSnapshotLike): KernelEvent[] {
  if (isPanic(s)) return [];
  const ctx = s.context;
  const out: KernelEvent[] = [];
  for (const spec of k.tasks) {
    const task = spec.name;
    const t = ctx.tasks[task];
    switch (phaseOf(s, task)) {
      case 'finished':
      case null:
        break;
      case 'run': {
        const op = opAt(k, task, t.pc);
        if (t.killed || op === undefined) out.push({ type: task });
        else if (op.op === 'hold') break;
        else if (op.op === 'oomDisable' && k.policy.oomLockMutex && ctx.oomLock !== null) break;
        else out.push({ type: task });
        break;
      }
      case 'lockWait':
      case 'lockWaitKillable': {
        const op = opAt(k, task, t.pc);
        const free = op !== undefined && 'lock' in op && ctx.locks[op.lock] === null;
        if (free || (t.killed && phaseOf(s, task) === 'lockWaitKillable')) out.push({ type: task });
        break;
      }
      case 'oomDisableWait':
        if (ctx.oomVictims === 0) out.push({ type: task });
        break;
      case 'alloc': {
        const step = slowpathStepOf(s, task);
        if (step === 'outOfMemory') {
          const v = outOfMemoryVerdict(k, ctx, task);
          if (v.kind === 'kill') for (const victim of v.candidates) out.push({ type: `${task}.kill`, victim });
          else out.push({ type: task });
        } else if (step === 'oomWait') {
          if (ctx.oomVictims === 0) out.push({ type: task });
          out.push({ type: `${task}.timeout` });
        } else if (step === 'oomLockWait') {
          if (t.killed || ctx.oomLock === null) out.push({ type: task });
        } else out.push({ type: task });
        break;
      }
      default:
        out.push({ type: task });
    }
  }
  if (k.kswapd && ctx.kswapdAwake) out.push({ type: 'kswapd' });
  if (k.oomReaper && ctx.reaperQueue.length > 0) out.push({ type: 'oom_reaper' });
  return out;
}
