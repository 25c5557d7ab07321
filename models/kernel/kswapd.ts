/**
 * kswapd (MODEL.md 2), where the scenario lists it: woken by the slowpath's
 * wake_all_kswapds when the zone is below `high` (wakeup_kswapd returns early for a
 * balanced zone), it reclaims clean, then dirty, cache one batch per step while
 * free < high, and goes back to sleep when the zone is balanced or nothing is left.
 */
import type { KernelConfig } from './kernel-config.ts';
import { refs, type GuardImpl, type StateConfig, type UpdateImpl } from './machine-parts.ts';
import type { KernelContext } from './state.ts';
import { reclaimPass } from './zone.ts';


/** One balance_pgdat pass: kswapd may write back, so dirty pages count too. */
export function kswapdBatch(k: KernelConfig): number {
  return k.scenario.zone.reclaimBatch ?? 1;
}

export function kswapdHasWork(k: KernelConfig, ctx: KernelContext): boolean {
  return ctx.free < k.scenario.zone.watermarks.high && ctx.clean + ctx.dirty > 0;
}

export function makeKswapdGuards(k: KernelConfig) {
  return {
    kswapdAwake: (({ context }) => context.kswapdAwake) as GuardImpl<unknown>,
    kswapdHasWork: (({ context }) => context.kswapdAwake && kswapdHasWork(k, context)) as GuardImpl<unknown>,
  };
}

export function makeKswapdUpdates(k: KernelConfig) {
  return {
    /** wake_all_kswapds: only an unbalanced zone (free < high) wakes kswapd. */
    wakeKswapd: (({ context }) => (context.free < k.scenario.zone.watermarks.high && !context.kswapdAwake ? { ...context, kswapdAwake: true } : context)) as UpdateImpl,
    /** balance_pgdat: one batch, clean first; sleep again once balanced or out of cache. */
    kswapdReclaim: (({ context }) => {
      const r = reclaimPass(context.clean, context.dirty, kswapdBatch(k), true);
      const next = { ...context, free: context.free + r.clean + r.dirty, clean: context.clean - r.clean, dirty: context.dirty - r.dirty };
      return { ...next, kswapdAwake: kswapdHasWork(k, next) };
    }) as UpdateImpl<unknown>,
    kswapdSleep: (({ context }) => ({ ...context, kswapdAwake: false })) as UpdateImpl<unknown>,
  };
}

type G = keyof ReturnType<typeof makeKswapdGuards>;
type A = keyof ReturnType<typeof makeKswapdUpdates>;
const r = refs<G, A>();

export function kswapdRegion(): StateConfig {
  return {
    initial: 'balancePgdat',
    description: 'kswapd',
    states: {
      balancePgdat: {
        description: 'kswapd: sleeps until woken, then reclaims while free < high',
        on: {
          kswapd: [
            { guard: r.guard('kswapdHasWork', {}), actions: [r.action('kswapdReclaim', {})] },
            { guard: r.guard('kswapdAwake', {}), actions: [r.action('kswapdSleep', {})] },
          ],
        },
      },
    },
  };
}
