/**
 * A flat record of a kernel state for trace diffs and JSON: the shared values (free,
 * clean, dirty, oom_victims, oom_lock, oom_killer_disabled, each lock's holder, kswapd,
 * the reaper's queue) and each task's state, pages and flags, so a trace shows only
 * what changed.
 */
import type { KernelConfig } from './kernel-config.ts';
import { isPanic, phaseOf, slowpathStepOf, type KernelSnapshotLike } from './state.ts';

export function taskStateWord(k: KernelConfig, s: KernelSnapshotLike, task: string): string {
  if (isPanic(s)) return 'panic';
  const phase = phaseOf(s, task);
  const t = s.context.tasks[task];
  if (phase === 'alloc') return `alloc.${slowpathStepOf(s, task)}`;
  if (phase === 'run') {
    const op = k.taskByName.get(task)!.program[t.pc];
    return op ? `run op ${t.pc} (${op.op})` : 'run (program done)';
  }
  return phase ?? 'panic';
}

export function kernelView(k: KernelConfig, s: KernelSnapshotLike): Record<string, unknown> {
  const c = s.context;
  const v: Record<string, unknown> = {
    free: c.free,
    clean: c.clean,
    dirty: c.dirty,
    oom_victims: c.oomVictims,
    oom_lock: c.oomLock,
    oom_killer_disabled: c.oomDisabled,
  };
  if (isPanic(s)) v.panic = true;
  for (const l of k.lockNames) v[`lock.${l}`] = c.locks[l];
  if (k.kswapd) v.kswapd = c.kswapdAwake ? 'awake' : 'sleeping';
  if (k.oomReaper) v.oom_reaper_queue = c.reaperQueue.join(',');
  for (const spec of k.tasks) {
    const t = c.tasks[spec.name];
    const name = spec.name;
    v[`${name}.state`] = taskStateWord(k, s, name);
    v[`${name}.pages`] = t.pages;
    const flags = [t.killed ? 'SIGKILL' : '', t.memdie ? 'TIF_MEMDIE' : '', t.mm !== 'live' ? `mm:${t.mm}` : ''].filter(Boolean).join(' ');
    v[`${name}.flags`] = flags;
    if (t.alloc) {
      const a = t.alloc;
      const bits = [`progress ${a.oomProgress}`];
      if (a.noProgressLoops > 0) bits.push(`no_progress_loops ${a.noProgressLoops}`);
      if (a.page) bits.push('page');
      if (a.postMark) bits.push(`post-OOM at ${a.postMark}`);
      if (a.victim) bits.push(`killed ${a.victim}`);
      v[`${name}.alloc`] = bits.join(', ');
    } else v[`${name}.alloc`] = null;
  }
  return v;
}
