/**
 * Every event transition a machine declares, named for a coverage report, and which of
 * them a step takes (Model.transitions, checker/coverage.ts).
 *
 * A name says where the transition starts, on which event, where it goes and under
 * which guard: `running.A.alloc.min: A → reclaim [retryDecisionIs(task=A, progress=false, is=retry)]`.
 * Ids lose the machine's own id, and the target is written relative to the source's
 * parent, as a statechart reader writes it. A transition never taken is then a branch
 * of the chart no run exercised: a guard that never held, a state never reached under
 * that event.
 *
 * Eventless (`always`) transitions are neither listed nor counted: a step names the
 * transitions its event selects (xstate's getTransitionData), not the microsteps that
 * follow them.
 */
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { builtinGuardKind, type BuiltinGuard } from './builtin-guards.ts';

interface TransitionLike {
  source: { id: string };
  target?: readonly { id: string }[];
  eventType: string;
  guard?: unknown;
}

interface NodeLike {
  id: string;
  transitions: Map<string, TransitionLike[]>;
  states: Record<string, NodeLike>;
}

export interface MachineTransitions {
  readonly names: readonly string[];
  /** Indices into `names` of the transitions `event` selects in `snapshot`. */
  taken(snapshot: AnyMachineSnapshot, event: EventObject): readonly number[];
  /** Indices into `names` of these transition objects (the machine's own), as an engine that selects them itself found them. */
  indicesOf(transitions: readonly unknown[]): readonly number[];
}

/**
 * The names are made on first use: every machine model has them, but only coverage asks,
 * and naming the kernel's few hundred transitions takes 1-3 ms, a large share of a small
 * check's time.
 */
export function machineTransitions(machine: AnyStateMachine): MachineTransitions {
  let named: { names: readonly string[]; index: Map<TransitionLike, number> } | undefined;
  const none: readonly number[] = [];
  const indicesOf = (selected: readonly unknown[]): readonly number[] => {
    if (selected.length === 0) return none;
    const { index } = (named ??= nameTransitions(machine));
    const out: number[] = [];
    for (const t of selected) {
      const i = index.get(t as TransitionLike);
      if (i !== undefined) out.push(i);
    }
    return out;
  };
  return {
    get names() {
      return (named ??= nameTransitions(machine)).names;
    },
    taken: (snapshot, event) => indicesOf(machine.getTransitionData(snapshot, event)),
    indicesOf,
  };
}

/** Every event transition of the machine, depth first, with its name and its index in `names`. */
function nameTransitions(machine: AnyStateMachine): { names: readonly string[]; index: Map<TransitionLike, number> } {
  const root = machine.root as unknown as NodeLike;
  const index = new Map<TransitionLike, number>();
  const names: string[] = [];
  const used = new Set<string>();
  const visit = (node: NodeLike) => {
    for (const [, list] of node.transitions) {
      for (const t of list) {
        if (index.has(t)) continue;
        let name = transitionName(root.id, t);
        // Two declarations alike in every part (the second can never be taken): keep both apart.
        for (let k = 2; used.has(name); k++) name = `${transitionName(root.id, t)} #${k}`;
        used.add(name);
        index.set(t, names.length);
        names.push(name);
      }
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(root);
  return { names, index };
}

export function transitionName(rootId: string, t: TransitionLike): string {
  const source = withoutRoot(rootId, t.source.id);
  const targets = t.target?.length ? t.target.map((n) => relativeTo(source, withoutRoot(rootId, n.id))).join(', ') : '(no target)';
  const guard = t.guard === undefined ? '' : ` [${describeGuard(t.guard)}]`;
  return `${source || '(machine)'}: ${t.eventType} → ${targets}${guard}`;
}

function withoutRoot(rootId: string, id: string): string {
  return id === rootId ? '' : id.startsWith(`${rootId}.`) ? id.slice(rootId.length + 1) : id;
}

/** `target` written from the source's parent: `running.A.alloc.reclaim` from `running.A.alloc.min` is `reclaim`. */
function relativeTo(source: string, target: string): string {
  const parent = source.includes('.') ? source.slice(0, source.lastIndexOf('.') + 1) : '';
  return parent !== '' && target.startsWith(parent) ? target.slice(parent.length) : target || '(machine)';
}

/** A guard as written: a name, a name with its params, and/or/not of guards; an inline function as "(inline)". */
export function describeGuard(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const composed = guard as BuiltinGuard;
    const kind = builtinGuardKind(composed);
    if (kind !== 'other' && Array.isArray(composed.guards)) {
      const parts = composed.guards.map(describeGuard);
      return kind === 'not' ? `not ${parts[0]}` : `${kind}(${parts.join(', ')})`;
    }
    if (composed.stateValue !== undefined) return `stateIn(${JSON.stringify(composed.stateValue)})`;
    return guard.name ? `${guard.name} (inline)` : '(inline)';
  }
  const g = guard as { type?: unknown; params?: unknown } | null;
  if (g && typeof g.type === 'string') {
    const params = g.params;
    if (params === undefined || typeof params !== 'object' || params === null) return params === undefined ? g.type : `${g.type}(${JSON.stringify(params)})`;
    const fields = Object.entries(params as Record<string, unknown>).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return `${g.type}(${fields.join(', ')})`;
  }
  return '(guard)';
}
