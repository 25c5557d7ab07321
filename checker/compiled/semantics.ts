/**
 * XState v5's microstep, computed once per (configuration, transition set, history) on
 * sets of state nodes: which transitions survive conflict removal, which states are
 * exited (and what their history children record), which are entered, the actions in
 * the order xstate runs them, which done events are queued and whether the machine is
 * done. The compiled successor function memoises the result, so this file is off the
 * hot path and written for fidelity, not speed.
 *
 * It follows the SCXML algorithm as xstate 5.33 implements it, quirks included: the
 * transition domain of a `reenter` transition is a proper ancestor of its source, a
 * root-level reentering transition has no domain (everything is exited, the root
 * too), and `isDescendant(x, undefined)` holds for every node.
 */
import type { AnyStateNode } from 'xstate';
import { childrenOf } from './layout.ts';

/** A transition as xstate formats it (node.transitions / node.always entries). */
export interface XTransition {
  readonly source: AnyStateNode;
  readonly target: readonly AnyStateNode[] | undefined;
  readonly reenter: boolean;
  readonly actions: readonly unknown[];
  readonly guard?: unknown;
  readonly eventType: string;
}

export type HistoryRecord = Readonly<Record<string, readonly AnyStateNode[]>>;

export interface MicrostepOutcome {
  /** Raw actions (xstate's action specs) in execution order. */
  readonly actions: readonly unknown[];
  readonly next: ReadonlySet<AnyStateNode>;
  readonly history: HistoryRecord;
  /** Some exited node has a history child: xstate then builds a new history object. */
  readonly historyTouched: boolean;
  /** Ids of the nodes whose done events are queued, in order. */
  readonly doneEvents: readonly string[];
  /** The machine reached a top-level final configuration. */
  readonly done: boolean;
}

export function microstepOutcome(transitions: readonly XTransition[], current: ReadonlySet<AnyStateNode>, history: HistoryRecord): MicrostepOutcome {
  const active = new Set(current);
  const filtered = removeConflicting(transitions, active, history);

  // Exit, recording history first (from the configuration before any exit).
  const exitSet = exitSetOf(filtered, active, history).sort((a, b) => b.order - a.order);
  let nextHistory: Record<string, readonly AnyStateNode[]> | undefined;
  for (const exited of exitSet) {
    for (const key of Object.keys(exited.states)) {
      const h = exited.states[key];
      if (h.type !== 'history') continue;
      nextHistory ??= { ...history };
      const recorded: AnyStateNode[] = [];
      for (const n of active) {
        if (h.history === 'deep' ? isAtomic(n) && isDescendant(n, exited) : n.parent === exited) recorded.push(n);
      }
      nextHistory[h.id] = recorded;
    }
  }
  const actions: unknown[] = [];
  for (const exited of exitSet) {
    actions.push(...exited.exit);
    active.delete(exited);
  }
  const historyAfter = nextHistory ?? history;

  for (const t of filtered) actions.push(...t.actions);

  // Enter.
  const toEnter = new Set<AnyStateNode>();
  const defaultEntry = new Set<AnyStateNode>();
  entrySetOf(filtered, historyAfter, defaultEntry, toEnter);
  const doneEvents: string[] = [];
  const completed = new Set<AnyStateNode>();
  let done = false;
  for (const entered of [...toEnter].sort((a, b) => a.order - b.order)) {
    active.add(entered);
    actions.push(...entered.entry);
    if (defaultEntry.has(entered)) actions.push(...(entered.initial?.actions ?? []));
    if (entered.type !== 'final') continue;
    const parent = entered.parent;
    let marker = parent?.type === 'parallel' ? parent : parent?.parent;
    if (parent?.type === 'compound') doneEvents.push(parent.id);
    while (marker?.type === 'parallel' && !completed.has(marker) && isInFinalState(active, marker)) {
      completed.add(marker);
      doneEvents.push(marker.id);
      marker = marker.parent;
    }
    if (!marker) done = true;
  }
  if (done) {
    for (const n of [...active].sort((a, b) => b.order - a.order)) actions.push(...n.exit);
  }
  return { actions, next: active, history: historyAfter, historyTouched: nextHistory !== undefined, doneEvents, done };
}

export function isAtomic(node: AnyStateNode): boolean {
  return node.type === 'atomic' || node.type === 'final';
}

/** xstate's isDescendant: strictly below; with no ancestor given, every node is. */
export function isDescendant(child: AnyStateNode, ancestor: AnyStateNode | undefined): boolean {
  let marker = child;
  while (marker.parent && marker.parent !== ancestor) marker = marker.parent;
  return marker.parent === ancestor;
}

export function hasParallelAncestor(node: AnyStateNode): boolean {
  for (let m = node.parent; m; m = m.parent) if (m.type === 'parallel') return true;
  return false;
}

function properAncestors(node: AnyStateNode, upTo: AnyStateNode | undefined): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  if (upTo === node) return out;
  let m = node.parent;
  while (m && m !== upTo) {
    out.push(m);
    m = m.parent;
  }
  return out;
}

export function isInFinalState(active: ReadonlySet<AnyStateNode>, node: AnyStateNode): boolean {
  if (node.type === 'compound') return childrenOf(node).some((c) => c.type === 'final' && active.has(c));
  if (node.type === 'parallel') return childrenOf(node).every((c) => isInFinalState(active, c));
  return node.type === 'final';
}

function removeConflicting(enabled: readonly XTransition[], active: ReadonlySet<AnyStateNode>, history: HistoryRecord): XTransition[] {
  const kept = new Set<XTransition>();
  for (const t1 of enabled) {
    let preempted = false;
    const displaced: XTransition[] = [];
    for (const t2 of kept) {
      if (intersects(exitSetOf([t1], active, history), exitSetOf([t2], active, history))) {
        if (isDescendant(t1.source, t2.source)) displaced.push(t2);
        else {
          preempted = true;
          break;
        }
      }
    }
    if (preempted) continue;
    for (const t of displaced) kept.delete(t);
    kept.add(t1);
  }
  return [...kept];
}

function intersects(a: readonly AnyStateNode[], b: readonly AnyStateNode[]): boolean {
  const set = new Set(a);
  return b.some((n) => set.has(n));
}

function historyDefault(h: AnyStateNode): { target: readonly AnyStateNode[]; isParentInitial: boolean } {
  const configured = h.config.target as unknown;
  const parent = h.parent!;
  if (configured === undefined) {
    if (parent.type === 'parallel') return { target: [parent], isParentInitial: false };
    return { target: parent.initial.target, isParentInitial: true };
  }
  const list = Array.isArray(configured) ? configured : [configured];
  return { target: list.map((t) => resolveRelative(parent, t)), isParentInitial: false };
}

function resolveRelative(from: AnyStateNode, target: unknown): AnyStateNode {
  if (typeof target !== 'string') return target as AnyStateNode;
  if (target.startsWith('#')) return from.machine.getStateNodeById(target);
  let at = from;
  for (const key of target.split('.')) {
    if (key === '') break;
    const next = at.states[key];
    if (!next) throw new Error(`history target '${target}' not found under '${from.id}'`);
    at = next;
  }
  return at;
}

function effectiveTargets(t: { target: readonly AnyStateNode[] | undefined }, history: HistoryRecord): AnyStateNode[] {
  if (!t.target) return [];
  const out = new Set<AnyStateNode>();
  for (const target of t.target) {
    if (target.type !== 'history') out.add(target);
    else if (history[target.id]) for (const n of history[target.id]) out.add(n);
    else for (const n of effectiveTargets(historyDefault(target), history)) out.add(n);
  }
  return [...out];
}

export function domainOf(t: XTransition, history: HistoryRecord): AnyStateNode | undefined {
  const targets = effectiveTargets(t, history);
  if (!t.reenter && targets.every((n) => n === t.source || isDescendant(n, t.source))) return t.source;
  const all = [...targets, t.source];
  const [head, ...tail] = all;
  for (const anc of properAncestors(head, undefined)) {
    if (tail.every((n) => isDescendant(n, anc))) return anc;
  }
  if (t.reenter) return undefined;
  return t.source.machine.root;
}

function exitSetOf(transitions: readonly XTransition[], active: ReadonlySet<AnyStateNode>, history: HistoryRecord): AnyStateNode[] {
  const out = new Set<AnyStateNode>();
  for (const t of transitions) {
    if (!t.target?.length) continue;
    const domain = domainOf(t, history);
    if (t.reenter && t.source === domain) out.add(domain);
    for (const n of active) if (isDescendant(n, domain)) out.add(n);
  }
  return [...out];
}

function entrySetOf(transitions: readonly XTransition[], history: HistoryRecord, defaultEntry: Set<AnyStateNode>, toEnter: Set<AnyStateNode>): void {
  for (const t of transitions) {
    const domain = domainOf(t, history);
    for (const s of t.target ?? []) {
      if (s.type !== 'history' && (t.source !== s || t.source !== domain || t.reenter)) {
        toEnter.add(s);
        defaultEntry.add(s);
      }
      addDescendants(s, history, defaultEntry, toEnter);
    }
    for (const s of effectiveTargets(t, history)) {
      const ancestors = properAncestors(s, domain);
      if (domain?.type === 'parallel') ancestors.push(domain);
      addAncestors(toEnter, history, defaultEntry, ancestors, !t.source.parent && t.reenter ? undefined : domain);
    }
  }
}

function addDescendants(node: AnyStateNode, history: HistoryRecord, defaultEntry: Set<AnyStateNode>, toEnter: Set<AnyStateNode>): void {
  if (node.type === 'history') {
    const recorded = history[node.id];
    if (recorded) {
      for (const s of recorded) {
        toEnter.add(s);
        addDescendants(s, history, defaultEntry, toEnter);
      }
      for (const s of recorded) addAncestors(toEnter, history, defaultEntry, properAncestors(s, node.parent));
    } else {
      const fallback = historyDefault(node);
      for (const s of fallback.target) {
        toEnter.add(s);
        if (fallback.isParentInitial) defaultEntry.add(node.parent!);
        addDescendants(s, history, defaultEntry, toEnter);
      }
      for (const s of fallback.target) addAncestors(toEnter, history, defaultEntry, properAncestors(s, node.parent));
    }
    return;
  }
  if (node.type === 'compound') {
    const initial = node.initial.target[0] as AnyStateNode;
    if (initial.type !== 'history') {
      toEnter.add(initial);
      defaultEntry.add(initial);
    }
    addDescendants(initial, history, defaultEntry, toEnter);
    addAncestors(toEnter, history, defaultEntry, properAncestors(initial, node));
  } else if (node.type === 'parallel') {
    for (const child of childrenOf(node)) {
      if (![...toEnter].some((s) => isDescendant(s, child))) {
        toEnter.add(child);
        defaultEntry.add(child);
        addDescendants(child, history, defaultEntry, toEnter);
      }
    }
  }
}

function addAncestors(
  toEnter: Set<AnyStateNode>,
  history: HistoryRecord,
  defaultEntry: Set<AnyStateNode>,
  ancestors: readonly AnyStateNode[],
  reentrancyDomain?: AnyStateNode,
): void {
  for (const anc of ancestors) {
    if (!reentrancyDomain || isDescendant(anc, reentrancyDomain)) toEnter.add(anc);
    if (anc.type === 'parallel') {
      for (const child of childrenOf(anc)) {
        if (![...toEnter].some((s) => isDescendant(s, child))) {
          toEnter.add(child);
          addDescendants(child, history, defaultEntry, toEnter);
        }
      }
    }
  }
}
