/**
 * A model's PackedContext meeting a compiled machine: whether it covers the machine
 * (every guard and action the machine can run has a twin, so the context can stay ints
 * throughout), and where the regions live, which its packed events function asks.
 */
import type { AnyStateMachine } from 'xstate';
import { compileTwinAction, twinGuardCode } from './twins.ts';
import { Unsupported } from './guards-actions.ts';
import type { Layout } from './layout.ts';
import type { PackedContext, PackedLayoutInfo } from './packed-context.ts';

/**
 * The PackedContext, when every guard and action the machine can run has a twin (and no
 * guard reads the configuration); otherwise undefined, after saying why.
 */
export function packedTwinsFor(
  machine: AnyStateMachine,
  layout: Layout,
  packed: PackedContext,
  usesStateIn: boolean,
  onRefused: ((reason: string) => void) | undefined,
): PackedContext | undefined {
  const refuse = (reason: string) => {
    (onRefused ?? ((r: string) => console.warn(`oomcheck compiled: packed context not used: ${r}`)))(reason);
    return undefined;
  };
  if (usesStateIn) return refuse('a guard reads the configuration (stateIn)');
  try {
    for (const node of layout.nodes) {
      const transitions: Array<{ guard?: unknown; actions: readonly unknown[] }> = [...(node.always ?? [])];
      for (const ts of node.transitions.values()) transitions.push(...ts);
      for (const t of transitions) {
        if (t.guard !== undefined) twinGuardCode(machine, t.guard, packed, []);
        for (const a of t.actions) compileTwinAction(machine, a, packed, 0);
      }
      for (const a of [...node.entry, ...node.exit, ...(node.type === 'compound' ? node.initial.actions : [])]) compileTwinAction(machine, a, packed, 0);
    }
  } catch (e) {
    if (e instanceof Unsupported) return refuse(e.message);
    throw e;
  }
  return packed;
}

/** Where the regions live, as a model's packed events function asks. */
export function layoutInfo(layout: Layout): PackedLayoutInfo {
  const regionOf = (id: string) => {
    const r = layout.regions.findIndex((region) => region.owner.id === id);
    if (r < 0) throw new Error(`internal: no region '${id}' in the packed layout (regions: ${layout.regions.map((x) => x.owner.id).join(', ')})`);
    return r;
  };
  return {
    slotOf: regionOf,
    pathsOf: (id) => layout.regions[regionOf(id)].paths.map((path) => path.map((n) => n.key)),
  };
}
