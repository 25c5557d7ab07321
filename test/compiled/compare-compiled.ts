/**
 * The differential comparison of a compiled machine with the interpreted front end:
 * check() on both with the same properties (predicates over snapshots, applied to the
 * compiled model through unpack) must give the same distinct-state and transition
 * counts, the same verdicts and the same shortest trace lengths, and the same index
 * paths (which is what makes traces interchangeable between the two models).
 */
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { check } from '../../checker/check.ts';
import type { Model } from '../../checker/model.ts';
import type { Property } from '../../checker/property.ts';
import { always, sometimes } from '../../checker/property.ts';
import type { CheckResult } from '../../checker/result.ts';
import { compileMachine, type CompiledMachine, type CompileOptions } from '../../checker/compiled/index.ts';
import { canonicalValue } from '../../checker/xstate/canonical-value.ts';

export interface SnapshotProperty {
  name: string;
  kind: 'always' | 'sometimes';
  holds: (s: { value: unknown; context: any; matches(v: any): boolean }) => boolean;
}

function properties<S>(list: readonly SnapshotProperty[], view: (s: S) => any): Property<S, any>[] {
  return list.map((p) => (p.kind === 'always' ? always<S, any>(p.name, (s) => p.holds(view(s))) : sometimes<S, any>(p.name, (s) => p.holds(view(s)))));
}

/** One line per property: status, trace length and index path. */
export function summary(result: CheckResult): string[] {
  const lines = [`states ${result.stats.distinctStates} transitions ${result.stats.transitions} complete ${result.stats.complete}`];
  for (const r of result.results) {
    const trace = r.trace ?? r.witness;
    lines.push(`${r.property}: ${r.status}${trace ? ` len ${trace.path.actions.length} path ${JSON.stringify(trace.path)}` : ''}`);
  }
  return lines;
}

export async function compareCompiled(
  machine: AnyStateMachine,
  options: CompileOptions,
  interpreted: Model<AnyMachineSnapshot, EventObject>,
  props: readonly SnapshotProperty[] = [],
  checkOptions: { maxStates?: number } = {},
): Promise<{ compiled: string[]; interpreted: string[]; machine: CompiledMachine }> {
  const compiled = compileMachine(machine, { ...options, interpreted });
  if ('unsupported' in compiled) throw new Error(`unsupported: ${compiled.unsupported}`);
  const a = await check(compiled.model, properties(props, (s: Int32Array) => compiled.unpack(s)), checkOptions);
  const b = await check(interpreted, properties(props, (s: AnyMachineSnapshot) => s), checkOptions);
  return { compiled: summary(a), interpreted: summary(b), machine: compiled };
}

/** value + context + status, canonically: what must agree for one step. */
export function canonicalSnapshot(s: { value: unknown; context: unknown; status: string; historyValue?: Record<string, readonly { id: string }[]> }): string {
  const history: Record<string, string[]> = {};
  for (const [k, nodes] of Object.entries(s.historyValue ?? {})) history[k] = nodes.map((n) => n.id).sort();
  return canonicalValue({ value: s.value, context: s.context, status: s.status, history });
}
