/** A parallel model source for the differential generator's random machines (spec as plain data). */
import type { AnyMachineSnapshot } from 'xstate';
import { fileURLToPath } from 'node:url';
import { always, sometimes } from '../../checker/property.ts';
import { fromMachine } from '../../checker/xstate/index.ts';
import type { ModelSource, ModelTarget } from '../../checker/parallel/model-source.ts';
import { buildMachine, eventsOf, type MachineSpec } from '../differential/arbitrary-machine.ts';

export function randomMachineSource(spec: MachineSpec): ModelSource {
  return { module: fileURLToPath(import.meta.url), exportName: 'randomMachineTarget', args: [spec] };
}

/** The same model and properties as test/differential/compare-with-reference.ts checks. */
export function randomMachineTarget(spec: MachineSpec): ModelTarget {
  const machine = buildMachine(spec);
  const invariant = (s: AnyMachineSnapshot) => !(s.context.x === spec.forbidden.x && s.context.y === spec.forbidden.y);
  const lastState = `s${spec.states.length - 1}`;
  return {
    model: fromMachine(machine, { events: eventsOf(spec) }),
    properties: [always('invariant', invariant), sometimes('witness', (s: AnyMachineSnapshot) => s.matches(lastState))],
  };
}
