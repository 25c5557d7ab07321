/** What the twin factories share: the static config, the int layout, the per-task tables. */
import type { KernelConfig } from '../kernel-config.ts';
import { indexIn, type KernelIntLayout } from './layout.ts';
import type { TaskTables } from './tables.ts';

export interface TwinEnv {
  readonly k: KernelConfig;
  readonly lay: KernelIntLayout;
  readonly tables: readonly TaskTables[];
}

/** The tables of params.task (resolved when a twin is made, never per call). */
export function taskOf(env: TwinEnv, params: { task?: unknown } | undefined): TaskTables {
  const name = params?.task;
  if (typeof name !== 'string') throw new Error(`packed kernel twin: params ${JSON.stringify(params)} name no task`);
  return env.tables[indexIn(env.lay.taskIndex, name, 'task')];
}
