/**
 * Which transitions an event selects, over the region slots: a tree per event type, built
 * once (Selection), and its walk in xstate's order. generated-select.ts transcribes the
 * trees that select one transition at most into code (packed mode); the walk stays the
 * specification, and the one place a guard's error is worded as xstate words it.
 */
import type { AnyStateMachine, AnyStateNode, EventObject, StateValue } from 'xstate';
import type { Candidate, CandidateTable } from './candidates.ts';
import type { ConfigInfo, Configurations } from './configurations.ts';
import type { ConfigView } from './guards-actions.ts';
import { childrenOf, type Layout } from './layout.ts';

/**
 * Where xstate looks for a transition for one event type (its transitionNode), pruned
 * to the parts of the chart that have candidates for that type: a region tries its
 * active path innermost first, a parallel node its regions (all of them) and only then
 * itself.
 */
export type Selection =
  | { readonly kind: 'region'; readonly slot: number; readonly perPath: readonly (PathSelection | null)[] }
  | { readonly kind: 'parallel'; readonly own: readonly Candidate[]; readonly children: readonly Selection[] }
  | { readonly kind: 'atomic'; readonly own: readonly Candidate[] };

interface PathSelection {
  /** The selection below a parallel end of the path, tried first. */
  readonly end: Selection | null;
  /** Own candidates of the path's nodes, innermost first, ending with the region's owner. */
  readonly chain: readonly (readonly Candidate[])[];
}

export interface TransitionSelection {
  /** The selection tree of an event type (null: no candidates anywhere), built once. */
  selectionFor(type: string): Selection | null;
  /** Walks `sel` over the state's region slots, pushing onto `selected` what it selects. */
  runSelection(sel: Selection, state: ArrayLike<number>, context: unknown, event: EventObject, view: ConfigView): void;
  /** What runSelection selected; the caller empties it first. */
  readonly selected: Candidate[];
  /** c's guard on (context, event, view); a guard that throws is reported as xstate words it. */
  passes(c: Candidate, context: unknown, event: EventObject, view: ConfigView): boolean;
}

export function transitionSelection(machine: AnyStateMachine, layout: Layout, candidatesFor: CandidateTable['candidatesFor']): TransitionSelection {
  const selections = new Map<string, Selection | null>();
  const selectionFor = (type: string): Selection | null => {
    let sel = selections.get(type);
    if (sel === undefined) {
      sel = buildSelection(machine.root, type);
      selections.set(type, sel);
    }
    return sel;
  };
  const buildSelection = (node: AnyStateNode, type: string): Selection | null => {
    if (node.type === 'compound') {
      const slot = layout.slotOfOwner.get(node)!;
      const perPath = layout.regions[slot].paths.map((path): PathSelection | null => {
        const endNode = path[path.length - 1];
        const end = endNode.type === 'parallel' ? buildSelection(endNode, type) : null;
        const chainNodes = [...path.slice(0, endNode.type === 'parallel' ? -1 : path.length)].reverse();
        chainNodes.push(node);
        const chain = chainNodes.map((n) => candidatesFor(n, type)).filter((l) => l.length > 0);
        return end === null && chain.length === 0 ? null : { end, chain };
      });
      return perPath.some((p) => p !== null) ? { kind: 'region', slot, perPath } : null;
    }
    const own = candidatesFor(node, type);
    if (node.type === 'parallel') {
      const children = childrenOf(node)
        .map((c) => buildSelection(c, type))
        .filter((s): s is Selection => s !== null);
      return children.length === 0 && own.length === 0 ? null : { kind: 'parallel', own, children };
    }
    return own.length === 0 ? null : { kind: 'atomic', own };
  };
  const selected: Candidate[] = [];
  const tryOwn = (own: readonly Candidate[], context: unknown, event: EventObject, view: ConfigView): boolean => {
    for (let i = 0; i < own.length; i++) {
      const c = own[i];
      if (c.guard === undefined || passes(c, context, event, view)) {
        selected.push(c);
        return true;
      }
    }
    return false;
  };
  const runSelection = (sel: Selection, state: ArrayLike<number>, context: unknown, event: EventObject, view: ConfigView): void => {
    if (sel.kind === 'region') {
      const p = state[sel.slot];
      const path = p >= 0 ? sel.perPath[p] : null;
      if (path === null) return;
      if (path.end !== null) {
        const before = selected.length;
        runSelection(path.end, state, context, event, view);
        if (selected.length > before) return;
      }
      for (let i = 0; i < path.chain.length; i++) if (tryOwn(path.chain[i], context, event, view)) return;
      return;
    }
    if (sel.kind === 'parallel') {
      const before = selected.length;
      for (let i = 0; i < sel.children.length; i++) runSelection(sel.children[i], state, context, event, view);
      if (selected.length > before) return;
    }
    tryOwn(sel.own, context, event, view);
  };
  const passes = (c: Candidate, context: unknown, event: EventObject, view: ConfigView): boolean => {
    try {
      return c.guard!(context, event, view);
    } catch (err) {
      const g = c.t.guard as { type?: unknown } | string;
      const name = typeof g === 'string' ? g : typeof g === 'object' ? String(g.type) : undefined;
      throw new Error(`Unable to evaluate guard ${name ? `'${name}' ` : ''}in transition for event '${event.type}' in state node '${c.t.source.id}':\n${(err as Error).message}`, { cause: err });
    }
  };
  return { selectionFor, runSelection, selected, passes };
}

/** The view for guards that do not read the configuration (no stateIn). */
export const noView: ConfigView = { value: {}, nodeSet: new Set() };

/** stateIn guards need the configuration; build it only when one asks. */
export class LazyView implements ConfigView {
  private info: ConfigInfo | undefined;
  constructor(
    private readonly slots: ArrayLike<number>,
    private readonly configOfSlots: Configurations['configOfSlots'],
  ) {}
  get value(): StateValue {
    return (this.info ??= this.configOfSlots(this.slots)).value;
  }
  get nodeSet(): ReadonlySet<AnyStateNode> {
    return (this.info ??= this.configOfSlots(this.slots)).nodeSet;
  }
}
