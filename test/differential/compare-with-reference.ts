/**
 * One differential case: a random machine spec checked by `check()` through the XState
 * front end and by the naive reference explorer. Returns a list of disagreements
 * (empty when they agree), so the vitest suite and the long run share one definition.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { check } from '../../checker/check.ts';
import { always, sometimes } from '../../checker/property.ts';
import type { PropertyResult } from '../../checker/result.ts';
import { fromMachine } from '../../checker/xstate/index.ts';
import { buildMachine, eventsOf, type MachineSpec } from './arbitrary-machine.ts';
import { referenceExplore } from './reference-explorer.ts';

export async function disagreements(spec: MachineSpec, options: { skipUnhandledEvents?: boolean } = {}): Promise<string[]> {
  const machine = buildMachine(spec);
  const events = eventsOf(spec);
  const invariant = (s: AnyMachineSnapshot) => !(s.context.x === spec.forbidden.x && s.context.y === spec.forbidden.y);
  // A witness that needs a non-initial configuration: reaching the last top-level state.
  const lastState = `s${spec.states.length - 1}`;
  const witness = (s: AnyMachineSnapshot) => s.matches(lastState);

  const expected = referenceExplore(machine, events, { invariant, witness });
  const model = fromMachine(machine, { events, skipUnhandledEvents: options.skipUnhandledEvents });
  const result = await check(model, [always('invariant', invariant), sometimes('witness', witness)]);

  const problems: string[] = [];
  const byName = (name: string) => result.results.find((r) => r.property === name) as PropertyResult;
  if (!result.stats.complete) problems.push('checker run not complete');
  if (result.stats.distinctStates !== expected.distinctStates) {
    problems.push(`distinct states: checker ${result.stats.distinctStates}, reference ${expected.distinctStates}`);
  }
  compareViolation(problems, 'deadlock', byName('deadlock'), expected.deadlockDepth);
  compareViolation(problems, 'invariant', byName('invariant'), expected.violationDepth);
  const reach = byName('witness');
  const reachDepth = reach.status === 'holds' ? reach.witness?.path.actions.length : undefined;
  if ((reach.status === 'holds') !== (expected.witnessDepth !== undefined) || reachDepth !== expected.witnessDepth) {
    problems.push(`witness: checker ${reach.status} at ${reachDepth}, reference at ${expected.witnessDepth}`);
  }
  return problems;
}

function compareViolation(problems: string[], name: string, result: PropertyResult, expectedDepth: number | undefined): void {
  const violated = result.status === 'violated';
  const length = result.trace?.path.actions.length;
  if (violated !== (expectedDepth !== undefined)) {
    problems.push(`${name}: checker ${result.status}, reference ${expectedDepth === undefined ? 'holds' : `violated at depth ${expectedDepth}`}`);
  } else if (violated && length !== expectedDepth) {
    problems.push(`${name}: shortest trace ${length} steps, reference ${expectedDepth}`);
  }
}
