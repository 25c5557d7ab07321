/**
 * The kernel model's PackedContext (checker/compiled/packed-context.ts): its context as
 * fixed-width ints (layout.ts) with twins of every named guard and update and of
 * kernelEvents, for the compiled engine's packed mode.
 */
import type { PackedContext } from '../../../checker/compiled/packed-context.ts';
import type { KernelConfig } from '../kernel-config.ts';
import type { KernelContext } from '../state.ts';
import { packedActions } from './actions.ts';
import { decodeContext, encodeContext } from './codec.ts';
import type { TwinEnv } from './context.ts';
import { packedEvents } from './events.ts';
import { packedGuards } from './guards.ts';
import { kernelIntLayout } from './layout.ts';
import { taskTables } from './tables.ts';
import { describeKernelInt, kernelIntRanges } from './ranges.ts';

export { kernelIntLayout, type KernelIntLayout } from './layout.ts';

export function kernelPackedContext(k: KernelConfig): PackedContext<KernelContext> {
  const lay = kernelIntLayout(k);
  const tables = taskTables(k, lay);
  const env: TwinEnv = { k, lay, tables };
  return {
    width: lay.width,
    encode: (ctx, s, at) => encodeContext(lay, tables, ctx, s, at),
    decode: (s, at) => decodeContext(k, lay, tables, s, at),
    guards: packedGuards(env),
    actions: packedActions(env),
    events: (info) => packedEvents(env, info),
    ranges: kernelIntRanges(k, lay),
    describeInt: (i) => describeKernelInt(lay, i),
  };
}
