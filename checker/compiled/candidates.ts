/**
 * The machine's transitions as the compiled step holds them: each xstate transition once
 * as a Candidate (an id, its guard compiled, and what the step memoises about it), each
 * action compiled once, and per (state node, event type) the candidates xstate tries
 * (transition-candidates.ts). Guards and actions are the packed twins (twins.ts) when the
 * context is packed, closures over the context object (guards-actions.ts) otherwise.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { compileAction, compileGuard, type CompiledAction, type CompiledGuard, type GuardUses } from './guards-actions.ts';
import type { Layout } from './layout.ts';
import type { Footprint, LocalStep, NEEDS_FULL } from './local-microstep.ts';
import type { MemoLookup } from './memo-lookup.ts';
import type { PackedContext } from './packed-context.ts';
import type { XTransition } from './semantics.ts';
import { transitionCandidates } from './transition-candidates.ts';
import { compileTwinAction, compileTwinGuard } from './twins.ts';

export interface Candidate {
  readonly t: XTransition;
  readonly id: number;
  readonly guard: CompiledGuard | undefined;
  /** Its footprint (null: none, the microstep needs the whole configuration), once computed. */
  fp?: Footprint | null;
  /** Its memoised local microsteps, by footprint key. */
  memo?: Map<number | string, LocalStep | typeof NEEDS_FULL>;
  /** The same as an array, when the key is a small number (no history, no finality in it). */
  memoArray?: (LocalStep | typeof NEEDS_FULL | undefined)[];
  /** stepFast's generated read of memoArray (memo-lookup.ts); null: this candidate takes stepPacked. */
  lookup?: MemoLookup<LocalStep | typeof NEEDS_FULL> | null;
}

/** Whether a guard of the machine reads the configuration (stateIn); compiles every guard once to tell. */
export function guardsUseStateIn(machine: AnyStateMachine, layout: Layout): boolean {
  const guardUses: GuardUses = { stateIn: false };
  for (const node of layout.nodes) {
    for (const ts of node.transitions.values()) for (const t of ts) if (t.guard !== undefined) compileGuard(machine, t.guard, 0, guardUses);
    for (const t of node.always ?? []) if (t.guard !== undefined) compileGuard(machine, t.guard, 0, guardUses);
  }
  return guardUses.stateIn;
}

export interface CandidateTable {
  /** Every candidate made so far, by id. */
  readonly candidates: readonly Candidate[];
  /** The candidate of a transition (made on first use). */
  candidate(t: XTransition): Candidate;
  /** A node's own candidates for an event type, in xstate's order. */
  candidatesFor(node: AnyStateNode, type: string): readonly Candidate[];
  /** Actions compiled (each raw action once), leaving out those that cannot change a snapshot. */
  compiledActions(raws: readonly unknown[]): CompiledAction[];
}

/** `at`: where the context begins in a packed state (the twins read and write there). */
export function candidateTable(machine: AnyStateMachine, twins: PackedContext | undefined, at: number): CandidateTable {
  const candidateOf = new Map<XTransition, Candidate>();
  const candidates: Candidate[] = [];
  const candidate = (t: XTransition): Candidate => {
    let c = candidateOf.get(t);
    if (!c) {
      c = { t, id: candidates.length, guard: t.guard === undefined ? undefined : twins ? compileTwinGuard(machine, t.guard, twins, at) : compileGuard(machine, t.guard) };
      candidateOf.set(t, c);
      candidates.push(c);
    }
    return c;
  };
  const actionOf = new Map<unknown, CompiledAction | null>();
  const compiledActions = (raws: readonly unknown[]): CompiledAction[] => {
    const out: CompiledAction[] = [];
    for (const raw of raws) {
      if (!actionOf.has(raw)) actionOf.set(raw, twins ? compileTwinAction(machine, raw, twins, at) : compileAction(machine, raw));
      const a = actionOf.get(raw);
      if (a) out.push(a);
    }
    return out;
  };
  const ownCandidates = new Map<AnyStateNode, Map<string, readonly Candidate[]>>();
  const candidatesFor = (node: AnyStateNode, type: string): readonly Candidate[] => {
    let byType = ownCandidates.get(node);
    if (!byType) ownCandidates.set(node, (byType = new Map()));
    let list = byType.get(type);
    if (!list) {
      list = transitionCandidates(node, type).map(candidate);
      byType.set(type, list);
    }
    return list;
  };
  return { candidates, candidate, candidatesFor, compiledActions };
}
