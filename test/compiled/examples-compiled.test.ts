/**
 * The example models (models/examples) compiled vs interpreted, with their own
 * properties through onPacked: same counts, verdicts and index paths. Dining
 * philosophers and the mutexes have a parallel root, which the random machines lack.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { compileMachine, type CompileOptions } from '../../checker/compiled/index.ts';
import { onPacked } from '../../checker/compiled/packed-properties.ts';
import type { ModelDefinition } from '../../checker/xstate/index.ts';
import brokenMutex from '../../models/examples/broken-mutex.ts';
import { diningPhilosophersEvents, diningPhilosophersModel } from '../../models/examples/dining-philosophers.ts';
import peterson from '../../models/examples/peterson.ts';
import trafficLight from '../../models/examples/traffic-light.ts';
import { summary } from './compare-compiled.ts';

const byPid = { process: (e: { pid: number }) => `p${e.pid}` };
const steps = [
  { type: 'STEP', pid: 0 },
  { type: 'STEP', pid: 1 },
];
const cases: Array<[string, ModelDefinition, Omit<CompileOptions, 'interpreted'>]> = [
  ['traffic light', trafficLight, { events: [{ type: 'TIMER' }, { type: 'PUSH' }] }],
  ['peterson', peterson, { events: steps, ...byPid }],
  ['broken mutex', brokenMutex, { events: steps, ...byPid }],
  ['dining philosophers 3', diningPhilosophersModel(3), { events: diningPhilosophersEvents(3), ...byPid }],
  ['dining philosophers 5', diningPhilosophersModel(5), { events: diningPhilosophersEvents(5), ...byPid }],
];

describe('examples: compiled vs interpreted', () => {
  for (const [name, definition, options] of cases) {
    it(name, async () => {
      const compiled = compileMachine(definition.machine, { ...options, interpreted: definition.model });
      if ('unsupported' in compiled) throw new Error(compiled.unsupported);
      const a = await check(compiled.model, definition.properties.map((p) => onPacked(p, compiled.unpack)));
      const b = await check(definition.model, definition.properties);
      expect(summary(a)).toEqual(summary(b));
      // Traces render the same: describeStep and view delegate to the interpreted model.
      const trace = (r: typeof a) => r.results.map((x) => JSON.stringify(x.trace ?? x.witness ?? null));
      expect(trace(a)).toEqual(trace(b));
    });
  }
});
