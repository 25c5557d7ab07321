/**
 * One reusable actor scope for xstate's pure `machine.transition(snapshot, event, scope)`.
 *
 * Why: the public `transition()` builds a fresh actor per call (~14 us); calling the
 * machine's own transition with one shared scope costs ~2 us. The scope's shape is
 * xstate-internal (the same mock xstate/graph's createMockActorScope builds), so xstate
 * is pinned in package.json and test/xstate/actor-scope-pin.test.ts fails loudly if the
 * installed xstate stops honouring it.
 *
 * Side effects are dropped on purpose: `actionExecutor` and `defer` do nothing, so
 * custom actions (logging, sendTo) never run; only `assign` and `raise` (resolved
 * inside the transition) shape the next snapshot.
 */
import { createEmptyActor, type AnyActorScope } from 'xstate';

export function createReusableActorScope(): AnyActorScope {
  const emptyActor = createEmptyActor();
  return {
    self: emptyActor,
    logger: () => {},
    id: '',
    sessionId: 'oomcheck',
    defer: () => {},
    system: emptyActor.system,
    stopChild: () => {},
    emit: () => {},
    actionExecutor: () => {},
  } as AnyActorScope;
}
