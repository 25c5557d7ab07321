/**
 * Fuzzing the loader with fast-check: mutations of the valid built-in scenarios (wrong types,
 * deleted fields, impossible numbers, unknown ops and flags, extra fields, lists and objects
 * swapped, duplicated items), and of their JSON text. Each document must be either accepted, and
 * then satisfy the invariants the kernel model relies on, or rejected with a ScenarioError that
 * carries a one-line message and a JSON path. Never another exception, never a hang.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_NAMES, builtinScenarioPath } from '../../models/kernel/scenario/builtin.ts';
import { parseScenario, parseScenarioText, ScenarioError } from '../../models/kernel/scenario/index.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';

const RAW_TEXTS = BUILTIN_SCENARIO_NAMES.map((n) => readFileSync(builtinScenarioPath(n), 'utf8'));
const RAW_DOCS: unknown[] = RAW_TEXTS.map((t) => JSON.parse(t));

type Json = unknown;
type PathKey = string | number;

/** Every location in the document, the root included, as a list of keys. */
function allPaths(doc: Json, prefix: PathKey[] = [], out: PathKey[][] = []): PathKey[][] {
  out.push(prefix);
  if (Array.isArray(doc)) doc.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) allPaths(v, [...prefix, k], out);
  }
  return out;
}

function getAt(doc: Json, path: PathKey[]): Json {
  let cur: any = doc;
  for (const k of path) cur = cur?.[k];
  return cur;
}

/** Replace (or, with `remove`, delete) the value at `path`; returns the new root. */
function setAt(doc: Json, path: PathKey[], value: Json, remove = false): Json {
  if (path.length === 0) return remove ? undefined : value;
  const parent: any = getAt(doc, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === 'number') {
    if (remove) parent.splice(key, 1);
    else parent[key] = value;
  } else if (parent !== null && typeof parent === 'object') {
    if (remove) delete parent[key];
    else parent[key] = value;
  }
  return doc;
}

const WEIRD_STRINGS = [
  'aloc', 'GFP_FOO', '__GFP_NOWARN', 'lock', 'alloc', 'hold', 'free', 'oomDisable', 'i_mutex',
  'mmap_sem', 'A', 'V', 'kswapd', 'oom_reaper', 'kthreadd', '', ' ', 'bad name', '1abc', '__proto__',
  'constructor', 'GFP_KERNEL', 'GFP_ATOMIC', '__GFP_NOFAIL', '__GFP_NORETRY', 'retry', 'unwind', 'x'.repeat(300),
];

const weirdValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, [], {}, 0, -1, 1, 4, 5, 16, 1000, -1000, -1001, 1e308, 2 ** 53, 0.5, NaN, Infinity, undefined),
  fc.integer({ min: -5000, max: 5000 }),
  fc.double(),
  fc.constantFrom(...WEIRD_STRINGS),
  fc.string({ maxLength: 12 }),
  fc.constantFrom<Json>(
    { op: 'frob' },
    { op: 'alloc', order: 0, gfp: 'GFP_KERNEL', flags: ['__GFP_NOFAIL'] },
    { op: 'unlock', lock: 'i_mutex' },
    { op: 'lock', lock: 'journal' },
    { op: 'free', pages: 3 },
    { op: 'hold' },
    { name: 'Z', rss: 1, program: [] },
    ['GFP_NOFS'],
  ),
);

/** One mutation, chosen by numbers so that fast-check can shrink it. */
const mutation = fc.record({
  kind: fc.integer({ min: 0, max: 7 }),
  where: fc.nat(),
  value: weirdValue,
  key: fc.oneof(fc.constantFrom('op', 'gfp', 'flags', 'lock', 'ordre', 'rss', 'holds', 'extra', 'oom', 'name'), fc.string({ maxLength: 6 })),
  delta: fc.integer({ min: -20, max: 20 }),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(doc: Json, m: Mutation): Json {
  const paths = allPaths(doc);
  const path = paths[m.where % paths.length];
  const here = getAt(doc, path);
  switch (m.kind) {
    case 0: // wrong value or type
      return setAt(doc, path, m.value);
    case 1: // delete a field or an item
      return setAt(doc, path, undefined, true);
    case 2: // an extra field
      if (here !== null && typeof here === 'object' && !Array.isArray(here)) (here as any)[m.key] = m.value;
      return doc;
    case 3: // swap list and object
      if (Array.isArray(here)) return setAt(doc, path, Object.fromEntries(here.map((v, i) => [String(i), v])));
      if (here !== null && typeof here === 'object') return setAt(doc, path, Object.values(here));
      return setAt(doc, path, [here]);
    case 4: // impossible or shifted numbers
      if (typeof here === 'number') return setAt(doc, path, m.delta === 0 ? -here - 1 : here + m.delta * (m.where % 3 === 0 ? 1000 : 1));
      return setAt(doc, path, m.delta);
    case 5: // duplicate an item (same task name twice, same lock twice, an op repeated)
      if (Array.isArray(here) && here.length > 0) here.push(structuredClone(here[m.where % here.length]));
      return doc;
    case 6: // rename a key (typo in a field name)
      if (here !== null && typeof here === 'object' && !Array.isArray(here)) {
        const keys = Object.keys(here);
        if (keys.length > 0) {
          const k = keys[m.where % keys.length];
          (here as any)[`${k}${m.key}`] = (here as any)[k];
          delete (here as any)[k];
        }
      }
      return doc;
    default: // insert a value into a list (an unknown op, a second task, a flag)
      if (Array.isArray(here)) here.splice(m.where % (here.length + 1), 0, m.value);
      else return setAt(doc, path, m.value);
      return doc;
  }
}

/** A cheap assertion for the hot loop (vitest's expect costs tens of microseconds a call). */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

/** What the kernel machines rely on in any accepted scenario. */
function checkInvariants(s: Scenario): void {
  const { oom, min, low, high } = s.zone.watermarks;
  check(0 <= oom && oom <= min && min <= low && low <= high, 'watermarks ordered');
  check(s.initialFree === s.zone.managed - s.tasks.reduce((a, t) => a + t.rss, 0) - s.zone.clean - s.zone.dirty, 'initialFree');
  check(s.initialFree >= 0, 'free >= 0');
  check(new Set(s.tasks.map((t) => t.name)).size === s.tasks.length, 'unique task names');
  const owners = new Map<string, string>();
  for (const t of s.tasks) {
    check(/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.name), 'task name');
    check(Number.isInteger(t.rss) && t.rss >= 0, 'rss');
    check(Number.isInteger(t.oomScoreAdj) && t.oomScoreAdj >= -1000 && t.oomScoreAdj <= 1000, 'oomScoreAdj');
    const held = new Set<string>();
    for (const l of t.holds) {
      check(!owners.has(l), 'one owner per lock');
      owners.set(l, t.name);
      held.add(l);
    }
    for (const op of t.program) {
      if (op.op === 'lock' || op.op === 'lockKillable') {
        check(!held.has(op.lock), 'no self-deadlock');
        held.add(op.lock);
      } else if (op.op === 'unlock') {
        check(held.delete(op.lock), 'unlock of a held lock');
      } else if (op.op === 'alloc') {
        check(op.order >= 0 && op.order <= 4 && Number.isInteger(op.order), 'order');
        check(Array.isArray(op.flags), 'flags');
        check(['unwind', 'continue', 'retry'].includes(op.onFail), 'onFail');
      }
    }
  }
}

/** Accepted (and sound: returns undefined) or a proper ScenarioError (returned). */
function outcome(run: () => Scenario, file: string): ScenarioError | undefined {
  let s: Scenario;
  try {
    s = run();
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw new Error(`not a ScenarioError: ${String(e)}`);
    check(e.message.length > 0 && !/[\r\n]/.test(e.message), `one-line message: ${e.message}`);
    check(e.message.startsWith(`${file}:`), `message names the file: ${e.message}`);
    check(!e.message.includes('internal loader error'), e.message);
    check(typeof e.jsonPath === 'string' && (e.jsonPath === '' || e.jsonPath.startsWith('/')), `jsonPath: ${e.message}`);
    check(e.expected.length > 0, `expected: ${e.message}`);
    return e;
  }
  checkInvariants(s);
  return undefined;
}

describe('fuzzing the scenario loader', () => {
  it('10,000 mutated documents: accepted and sound, or rejected with a one-line ScenarioError', () => {
    const counts = { accepted: 0, rejected: 0 } as Record<string, number>;
    const paths = new Set<string>();
    fc.assert(
      fc.property(fc.nat(RAW_DOCS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, ms) => {
        let doc: Json = structuredClone(RAW_DOCS[which]);
        for (const m of ms) doc = mutate(doc, m);
        const error = outcome(() => parseScenario(doc, 'fuzz.json'), 'fuzz.json');
        counts[error ? 'rejected' : 'accepted']++;
        if (error) paths.add(error.jsonPath.replace(/\d+/g, 'N'));
      }),
      { numRuns: 10_000, seed: 20150325 },
    );
    // Not vacuous: most mutations break something, and errors are found all over the document.
    expect(counts.rejected).toBeGreaterThan(5_000);
    expect(paths.size).toBeGreaterThan(20);
  }, 60_000);

  it('2,000 mutated JSON texts (characters deleted, inserted, replaced)', () => {
    fc.assert(
      fc.property(
        fc.nat(RAW_TEXTS.length - 1),
        fc.array(fc.record({ at: fc.nat(), op: fc.integer({ min: 0, max: 2 }), ch: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '1', '-', 'x', ' ', '\n', '\u0000') }), { minLength: 1, maxLength: 3 }),
        (which, edits) => {
          let text = RAW_TEXTS[which];
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            if (e.op === 0) text = text.slice(0, at) + text.slice(at + 1);
            else if (e.op === 1) text = text.slice(0, at) + e.ch + text.slice(at);
            else text = text.slice(0, at) + e.ch + text.slice(at + 1);
          }
          outcome(() => parseScenarioText(text, 'text.json'), 'text.json');
        },
      ),
      { numRuns: 2_000, seed: 42 },
    );
  }, 60_000);
});
