/**
 * The twins of the kernel properties over wide ints (properties/packed) against the
 * snapshot properties they twin (properties/*.ts, kernelProperties), which stay the
 * definitions:
 *   1. on every state of a capped BFS over the compiled model of each built-in scenario
 *      under every preset, of packed-twins.test.ts's coverage scenarios and toggle mixes,
 *      and of a small scenario that panics: every state predicate (invariant holds,
 *      reachability witness, liveness p and q, premise state) on the widened ints gives
 *      the snapshot property's answer on the unpacked snapshot, and so does every step
 *      predicate (action holds, premise step, witnessStep) on each enabled step. The same
 *      comparison runs on edited copies of those states and steps (a context field the
 *      model guarantees changed, re-encoded into the ints), since eight properties are
 *      never false on a reachable state; every predicate is seen both true and false;
 *   2. a whole check with twins (the default) gives the same verdicts, traces and state
 *      counts as one with `propertyTwins: false`;
 *   3. onPackedTwin refuses a twin whose shape differs from its property.
 */
import { describe, expect, it } from 'vitest';
import { onPackedTwin } from '../../checker/compiled/packed-properties.ts';
import { simulate } from '../../checker/strategy/simulate.ts';
import type { Property } from '../../checker/property.ts';
import { checkScenario, compileKernel } from '../../models/kernel/check-scenario.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { parseScenario, type Scenario } from '../../models/kernel/scenario/index.ts';
import { findScenario } from '../../models/kernel/scenario/builtin.ts';
import { processOf } from '../../models/kernel/events.ts';
import { kernelPackedContext } from '../../models/kernel/packed/index.ts';
import type { KernelContext, KernelSnapshotLike, MmState, TaskState } from '../../models/kernel/state.ts';
import { buildKernelModel } from '../../models/kernel/system.ts';
import { compiledKernelProperties, propertyTwins } from '../../properties/packed/index.ts';
import { kernelProperties } from '../../properties/registry.ts';
import type { KernelEventLike } from '../../properties/step.ts';
import { coverageCases, POLICIES, reachable } from './twin-coverage.ts';

/** States per scenario x policy (the built-ins' largest spaces are capped; the mixes' are all large). */
const CAP = 1000;
const MIX_CAP = 400;

/**
 * Nothing killable at out_of_memory: A (OOM_SCORE_ADJ_MIN) allocates GFP_KERNEL with free
 * below min and the only other task is unkillable too, so the selection finds nothing and
 * the kernel panics. The built-ins never panic (verdicts-builtin.test.ts: noPanic holds),
 * so without this noPanic's twin (and every twin's panic branch) would never be asked
 * about a panic state.
 */
const NOBODY_TO_KILL = {
  name: 'twins-nobody-to-kill',
  title: 'property twins coverage: out_of_memory finds nothing to kill and panics',
  zone: { managed: 4, watermarks: { min: 2, low: 3, high: 4 } },
  tasks: [
    { name: 'A', rss: 1, oomScoreAdj: -1000, program: [{ op: 'alloc', order: 0, gfp: 'GFP_KERNEL' }] },
    { name: 'B', rss: 2, oomScoreAdj: -1000, program: [{ op: 'hold' }] },
  ],
};

interface Case {
  scenario: Scenario;
  cap: number;
}

function cases(): Case[] {
  return [...coverageCases(CAP, MIX_CAP), { scenario: parseScenario(NOBODY_TO_KILL, 'test:nobody-to-kill'), cap: CAP }];
}

/**
 * The properties whose main predicate the model itself guarantees, so that no reachable
 * state or step of any scenario and policy here makes it false (verdicts-builtin.test.ts
 * finds them holding for every built-in under v4.0 and rfc): the model keeps the books (conservation, victimAccounting), takes
 * oom_lock before its locked section (oomLockExclusive), never selects an
 * OOM_SCORE_ADJ_MIN task (unkillableSpared), checks oom_killer_disabled and the
 * !__GFP_FS exemption before killing (noKillWhileDisabled, nofsNeverKills) and gives only
 * privileged contexts the reserves (reservesPrivileged). Their twins' false answers are
 * compared on edited states and steps instead (stateEdits, stepEdits below). The test
 * asserts that this is exactly the set that never flips: a scenario that violates one of
 * them belongs here as a reachable witness, and then leaves the list. nofailNeverFails left
 * it so: twin-coverage.ts's COSTLY_NOFAIL fails a NOFAIL allocation under costlyNofailNopage
 * (4.7 as merged), in the first toggle mix.
 */
const MODEL_GUARANTEED = ['conservation', 'oomLockExclusive', 'victimAccounting', 'unkillableSpared', 'noKillWhileDisabled', 'nofsNeverKills', 'reservesPrivileged'];

// ---- 1. the comparison, state by state and step by step ----

type SnapshotProperty = Property<KernelSnapshotLike, KernelEventLike>;
type Twin = Property<Int32Array, KernelEventLike>;
type Pair = readonly [SnapshotProperty, Twin];

/** How often each predicate (`property.part`) answered true and false (by the snapshot property). */
type Counts = Map<string, { t: number; f: number }>;

interface Mismatch {
  where: string;
  property: string;
  part: string;
  snapshot: boolean;
  twin: boolean;
  /** The state, or the step's two ends and event, as the snapshot property saw it (value and context JSON). */
  state: string;
}

function tally(counts: Counts, key: string, answer: boolean): void {
  let c = counts.get(key);
  if (c === undefined) counts.set(key, (c = { t: 0, f: 0 }));
  if (answer) c.t++;
  else c.f++;
}


const show = (u: KernelSnapshotLike) => `${JSON.stringify(u.value)} ${JSON.stringify(u.context)}`;

/** Compares the state predicates of every pair on (u, w): one snapshot and its wide ints. */
function compareState(pairs: readonly Pair[], u: KernelSnapshotLike, w: Int32Array, same: Same): void {
  const at = () => show(u);
  // The twin reads from w the same facts (region slots for panic, phase and slowpath step;
  // context ints for the fields; the scenario's op at pc for alloc.req) the property reads
  // from u, so each answer must be the property's.
  for (const [p, t] of pairs) {
    if (p.vacuousUnless?.state) same(p.name, 'premise.state', p.vacuousUnless.state(u), t.vacuousUnless!.state!(w), at);
    if (p.kind === 'invariant' && t.kind === 'invariant') same(p.name, 'holds', p.holds(u), t.holds(w), at);
    if (p.kind === 'reachability' && t.kind === 'reachability') same(p.name, 'witness', p.witness(u), t.witness(w), at);
    if (p.kind === 'liveness' && t.kind === 'liveness') {
      p.obligations.forEach((o, i) => {
        const to = t.obligations[i];
        const where = () => `[obligation ${i} ${o.label}] ${at()}`;
        if (o.p !== 'initial' && to.p !== 'initial') same(p.name, 'p', o.p(u), to.p(w), where);
        same(p.name, 'q', o.q(u), to.q(w), where);
      });
    }
  }
}

/** Compares the step predicates of every pair on (u, e, u2) and its wide ends (w, e, w2). */
function compareStep(pairs: readonly Pair[], u: KernelSnapshotLike, e: KernelEventLike, u2: KernelSnapshotLike, w: Int32Array, w2: Int32Array, same: Same): void {
  const at = () => `${show(u)} --${JSON.stringify(e)}--> ${show(u2)}`;
  // As for states: the twin reads both ends' facts from their ints, and the stepper from
  // the same event object.
  for (const [p, t] of pairs) {
    if (p.vacuousUnless?.step) same(p.name, 'premise.step', p.vacuousUnless.step(u, e, u2), t.vacuousUnless!.step!(w, e, w2), at);
    if (p.kind === 'action' && t.kind === 'action') same(p.name, 'holds', p.holds(u, e, u2), t.holds(w, e, w2), at);
    if (p.kind === 'reachability' && t.kind === 'reachability' && p.witnessStep) same(p.name, 'witnessStep', p.witnessStep(u, e, u2), t.witnessStep!(w, e, w2), at);
  }
}

type Same = (property: string, part: string, snapshot: boolean, twin: boolean, state: () => string) => void;

function withTask(c: KernelContext, name: string, patch: Partial<TaskState>): KernelContext {
  return { ...c, tasks: { ...c.tasks, [name]: { ...c.tasks[name], ...patch } } };
}

const NEXT_MM: Record<MmState, MmState> = { live: 'reaped', skip: 'gone', reaped: 'live', gone: 'skip' };

/**
 * Edits of a reachable context that the model never makes: what the MODEL_GUARANTEED
 * predicates need to be false somewhere. Each edit changes only fields the twins read
 * as plain ints (never pc, alloc or the control state), so the edited snapshot and its
 * re-encoded ints still say the same thing and the twin must still agree.
 */
function stateEdits(c: KernelContext): KernelContext[] {
  const out: KernelContext[] = [
    { ...c, free: c.free + 1 }, // conservation: the sum is off by one
    { ...c, dirty: -1, free: c.free + c.dirty + 1 }, // conservation: a negative term, the sum kept
    { ...c, oomVictims: c.oomVictims + 1 }, // victimAccounting
    { ...c, oomLock: c.oomLock === null ? Object.keys(c.tasks)[0] : null }, // oomLockExclusive, when a task is under the lock
    { ...c, oomDisabled: !c.oomDisabled },
  ];
  for (const [name, t] of Object.entries(c.tasks)) {
    out.push(withTask({ ...c, free: c.free + t.pages + 1 }, name, { pages: -1 })); // conservation: a negative task term, the sum kept
    out.push(withTask(c, name, { killed: !t.killed }));
    out.push(withTask(c, name, { memdie: !t.memdie }));
    out.push(withTask(c, name, { mm: NEXT_MM[t.mm] }));
  }
  return out;
}

/** Edits of a reachable step's ends (from, to), as stateEdits: kills, failures and reserve use the model never makes. */
function stepEdits(c: KernelContext, e: KernelEventLike, c2: KernelContext, min: number): [KernelContext, KernelContext][] {
  const out: [KernelContext, KernelContext][] = [];
  const unkilled = Object.keys(c.tasks).filter((n) => !c.tasks[n].killed);
  // A kill of each task not yet killed (unkillableSpared, nofsNeverKills, killerNotStarved's
  // premise), also with the OOM killer disabled before it (noKillWhileDisabled).
  for (const v of unkilled) {
    const killed = withTask(c2, v, { killed: true });
    out.push([c, killed], [{ ...c, oomDisabled: true }, killed]);
  }
  // free taken below min by this step (reservesPrivileged, every slowpath step's branch).
  out.push([c, { ...c2, free: Math.min(c.free, min) - 1 }]);
  const me = processOf(e as never);
  const mine = c.tasks[me];
  if (mine !== undefined) {
    // The stepper's pages do not grow: a return becomes a failure (nofailNeverFails,
    // noPrematureFailure, killerNotStarved, allocFailureHappens' witnessStep) ...
    const failed = withTask(c2, me, { pages: mine.pages });
    out.push([c, failed]);
    // ... with nothing left to reclaim or kill (noPrematureFailure's other answer) ...
    let drained: KernelContext = { ...failed, clean: 0, dirty: 0 };
    for (const n of Object.keys(c.tasks)) if (n !== me) drained = withTask(drained, n, { pages: 0 });
    out.push([c, drained]);
    // ... by a task its own kill had freed the victim of (killerNotStarved) ...
    const victim = mine.alloc?.victim ?? null;
    if (victim !== null) out.push([withTask(c, victim, { mm: 'reaped' }), failed], [withTask(c, victim, { mm: 'gone' }), failed]);
    // ... or by a task killed or marked before the step (reservesPrivileged's mayOom, the exemptions).
    out.push([withTask(c, me, { killed: !mine.killed }), failed], [withTask(c, me, { memdie: !mine.memdie }), { ...c2, free: Math.min(c.free, min) - 1 }]);
  }
  return out;
}

interface Run {
  /** Answers on reachable states and steps. */
  reach: Counts;
  /** Answers on edited ones (stateEdits, stepEdits). */
  edited: Counts;
  mismatches: Mismatch[];
  /** Cases compared so far (all policies). */
  cases: number;
}

/** Compares every property with its twin on each state and step of one scenario under one policy; returns how many states. */
function compare(scenario: Scenario, spec: string, cap: number, run: Run): number {
  const policy = resolvePolicy(spec);
  const built = buildKernelModel(scenario, policy.toggles);
  const compiled = compileKernel(built);
  // The twins need the compiled, narrow form; every kernel scenario compiles to it.
  expect(compiled, `${scenario.name} compiles`).toBeDefined();
  const plan = compiled!.narrowing!;
  expect(plan, `${scenario.name} has narrow states`).toBeDefined();
  const { model, unpack } = compiled!;
  const base = compiled!.layout.contextBase;
  const packed = kernelPackedContext(built.config);
  const properties = kernelProperties(scenario, policy) as SnapshotProperty[];
  const twins = propertyTwins(scenario, built.config, compiled!);
  // One twin per property, of its kind (onPackedTwin checks the rest of the shape, part 3).
  expect([...twins.keys()].sort()).toEqual(properties.map((p) => p.name).sort());
  const pairs: Pair[] = properties.map((p) => [p, twins.get(p.name) as Twin]);
  for (const [p, t] of pairs) expect(t.kind, p.name).toBe(p.kind);
  // What the checker runs: kernelProperties' order, each viewed through the twin on the
  // widened ints (compiledKernelProperties goes through onPackedTwin, which throws for a
  // twin of another shape: so the obligations below line up by index and label).
  const wrapped = compiledKernelProperties(scenario, policy, built.config, compiled!);
  expect(wrapped.map((p) => p.name)).toEqual(properties.map((p) => p.name));

  const label = `${scenario.name} under ${spec}`;
  const widen = (s: Int32Array) => {
    const w = new Int32Array(plan.wide);
    plan.widen(s, w);
    return w;
  };
  const sameIn = (counts: Counts, kind: string): Same => (property, part, want, got, state) => {
    tally(counts, `${property}.${part}`, want);
    if (want !== got) run.mismatches.push({ where: `${label} (${kind})`, property, part, snapshot: want, twin: got, state: state() });
  };
  const sameReach = sameIn(run.reach, 'reachable');
  const sameEdited = sameIn(run.edited, 'edited');
  const encode = (w: Int32Array, ctx: KernelContext) => {
    const out = w.slice();
    packed.encode(ctx, out, base);
    return out;
  };
  const snap = (u: KernelSnapshotLike, context: KernelContext): KernelSnapshotLike => ({ value: u.value, context });
  const min = scenario.zone.watermarks.min;

  let n = 0;
  for (const s of reachable(model, cap)) {
    n++;
    const w = widen(s);
    const u = unpack(s) as unknown as KernelSnapshotLike;
    // The edits re-encode contexts into the wide ints: that must give the widened ints back
    // for the unedited context (the wide context ints are the PackedContext's encoding).
    if (n <= 50) expect(Array.from(encode(w, u.context))).toEqual(Array.from(w));
    if (n === 1) expect(Array.from(wrapped[0].viewed!.view(s) as Int32Array), 'the checker widens as plan.widen').toEqual(Array.from(w));
    compareState(pairs, u, w, sameReach);
    for (const c of stateEdits(u.context)) compareState(pairs, snap(u, c), encode(w, c), sameEdited);
    // Every enabled step (successors past the cap included).
    for (const e of model.actions(s)) {
      const s2 = model.nextState(s, e);
      if (s2 === undefined) continue;
      const w2 = widen(s2);
      const u2 = unpack(s2) as unknown as KernelSnapshotLike;
      compareStep(pairs, u, e, u2, w, w2, sameReach);
      for (const [c, c2] of stepEdits(u.context, e, u2.context, min)) compareStep(pairs, snap(u, c), e, snap(u2, c2), encode(w, c), encode(w2, c2), sameEdited);
    }
  }
  return n;
}

const flipsBoth = (c: { t: number; f: number } | undefined) => c !== undefined && c.t > 0 && c.f > 0;

describe('kernel property twins agree with the snapshot properties on reachable states and steps', () => {
  const run: Run = { reach: new Map(), edited: new Map(), mismatches: [], cases: 0 };
  for (const { scenario, cap } of cases()) {
    it(scenario.name, { timeout: 60_000 }, () => {
      const before = run.mismatches.length;
      for (const spec of POLICIES) expect(compare(scenario, spec, cap, run), spec).toBeGreaterThan(1);
      run.cases++;
      // The twin reads the same facts from the ints that the property reads from the
      // unpacked snapshot, so it must give the same answer everywhere: no mismatch (the
      // first few shown with scenario, policy, property, part and the state's JSON).
      const found = run.mismatches.slice(before);
      expect(found.slice(0, 5), `${found.length} mismatches`).toEqual([]);
    });
  }

  it('saw every predicate both true and false', (ctx) => {
    // The counts are those of the tests above: meaningless when a filter left some out.
    if (run.cases < cases().length) ctx.skip();
    const keys = [...new Set([...run.reach.keys(), ...run.edited.keys()])].sort();
    // Every property but noDeadlock (no predicate: the checker decides it) has its main
    // predicate compared: holds, witness (and witnessStep), or obligation p/q.
    const main = (name: string, kind: string) => (kind === 'invariant' || kind === 'action' ? [`${name}.holds`] : kind === 'reachability' ? [`${name}.witness`] : kind === 'liveness' ? [`${name}.q`] : []);
    const wanted = kernelProperties(cases()[0].scenario).flatMap((p) => main(p.name, p.kind));
    expect(wanted.filter((k) => !run.reach.has(k))).toEqual([]);
    // On reachable states every predicate is true somewhere (no premise or witness is
    // unreachable in all of them), and false somewhere except exactly the main predicates
    // the model guarantees (MODEL_GUARANTEED): a comparison only on one answer would not
    // show that the twin can tell the two apart.
    expect(keys.filter((k) => (run.reach.get(k)?.t ?? 0) === 0)).toEqual([]);
    expect(keys.filter((k) => (run.reach.get(k)?.f ?? 0) === 0)).toEqual(MODEL_GUARANTEED.map((n) => `${n}.holds`).sort());
    // With the edited states and steps added, every predicate has both answers (and the
    // twins agree there too, checked above): the MODEL_GUARANTEED ones false on edits.
    expect(keys.filter((k) => !flipsBoth(run.edited.get(k)) && !flipsBoth(run.reach.get(k)))).toEqual([]);
    for (const n of MODEL_GUARANTEED) expect(run.edited.get(`${n}.holds`)?.f, n).toBeGreaterThan(0);
  });
});

// ---- 2. whole checks: twins or snapshot properties, the same result ----

/** A result without its timings: verdicts, messages, traces (steps, states, loops) and the state counts. */
function projection(r: Awaited<ReturnType<typeof checkScenario>>): unknown {
  const { elapsedMs: _e, statesPerSecond: _s, ...stats } = r.stats;
  return { stats, results: r.results };
}

/**
 * Built-ins with action violations, liveness violations (lassos and stuttering), vacuous
 * premises and missing witnesses (verdicts-builtin.test.ts), and the panic scenario.
 */
const WHOLE: [string | typeof NOBODY_TO_KILL, string][] = [
  ['victim-behind-imutex', 'rfc'], // noPrematureFailure violated (a step trace)
  ['kill-stolen-by-atomic', 'rfc'], // killerNotStarved, noPrematureFailure violated
  ['victim-behind-imutex-kernel', 'v4.0'], // victimExits, lowOrderReturns, allTasksFinish (liveness)
  ['nofail-holding-lock', 'v4.0'], // nofailCompletes, nofsReturns (liveness), no failure witness
  ['nofail-oom-disabled', 'v4.0'], // noKillWhileDisabled's premise met, nofailCompletes violated
  ['xfs-retry', 'rfc'], // noPrematureFailure, allTasksFinish
  ['costly-order', 'v4.7'], // most premises vacuous
  ['kill-stolen-by-concurrent-alloc', 'v4.11'], // symmetry-free, everything holds
  [NOBODY_TO_KILL, 'v4.0'], // noPanic violated
];

describe('kernel property twins: a whole check gives the same result as the snapshot properties', () => {
  for (const [which, spec] of WHOLE) {
    const scenario = typeof which === 'string' ? findScenario(which) : parseScenario(which, 'test:nobody-to-kill');
    it(`${scenario.name} under ${spec}`, { timeout: 30_000 }, async () => {
      const policy = resolvePolicy(spec);
      const withTwins = await checkScenario(scenario, policy, {});
      const withSnapshots = await checkScenario(scenario, policy, { propertyTwins: false });
      expect(withTwins.stats.complete).toBe(true);
      // The search evaluates the twins where it would evaluate the snapshot properties,
      // with the same answers (part 1), and verdicts and traces re-evaluate the snapshot
      // properties either way: so the same states, verdicts, messages and traces.
      expect(projection(withTwins)).toEqual(projection(withSnapshots));
      // The run is not trivial: some property is violated or vacuous, with a trace for each violation.
      expect(withTwins.results.some((r) => r.status !== 'holds')).toBe(true);
      for (const r of withTwins.results) if (r.status === 'violated' && r.kind !== 'reachability') expect(r.trace?.steps.length, r.property).toBeGreaterThan(0);
    });
  }
});

// ---- 3. onPackedTwin refuses a twin of another shape ----

describe('kernel property twins: random walks give the same result as with the snapshot properties', () => {
  for (const [which, spec] of WHOLE.slice(0, 3)) {
    const scenario = typeof which === 'string' ? findScenario(which) : parseScenario(which, 'test:nobody-to-kill');
    it(`${scenario.name} under ${spec}`, { timeout: 30_000 }, async () => {
      const policy = resolvePolicy(spec);
      const run = async (twins: boolean) => {
        const built = buildKernelModel(scenario, policy.toggles);
        const compiled = compileKernel(built)!;
        const properties = compiledKernelProperties(scenario, policy, built.config, compiled, { twins });
        return simulate(compiled.model, properties.filter((p) => p.kind !== 'liveness'), { seed: 5, runs: 300, depth: 40 });
      };
      const withTwins = await run(true);
      const withSnapshots = await run(false);
      // The walks are the same (one seed, the same model), and simulate evaluates the twins
      // where it would evaluate the snapshot properties, with the same answers (part 1);
      // fast-check then shrinks the same failures the same way, and the traces re-evaluate
      // the snapshot properties either way.
      const { elapsedMs: _a, statesPerSecond: _b, ...a } = withTwins.stats;
      const { elapsedMs: _c, statesPerSecond: _d, ...b } = withSnapshots.stats;
      expect(a).toEqual(b);
      expect(withTwins.results).toEqual(withSnapshots.results);
      expect(withTwins.simulation).toEqual(withSnapshots.simulation);
      // Not trivial: the walks violate or witness something (noPrematureFailure, oomKillHappens ...).
      expect(withTwins.results.some((r) => r.status !== 'unknown')).toBe(true);
    });
  }
});

describe('kernel property twins: onPackedTwin checks the shape', () => {
  const scenario = findScenario('kill-stolen-by-atomic');
  const policy = resolvePolicy('rfc');
  const built = buildKernelModel(scenario, policy.toggles);
  const compiled = compileKernel(built)!;
  const properties = new Map(kernelProperties(scenario, policy).map((p) => [p.name, p as SnapshotProperty]));
  const twins = propertyTwins(scenario, built.config, compiled) as ReadonlyMap<string, Twin>;
  const view = (s: Int32Array) => s;
  const wrap = (name: string, twin: Twin) => () => onPackedTwin(properties.get(name)!, compiled.unpack as never, { view, property: twin });

  it('takes every real twin, and is then viewed through it', () => {
    // The real twins have their properties' shape (what compiledKernelProperties relies on).
    for (const [name, twin] of twins) {
      const p = wrap(name, twin)();
      expect(p.viewed?.property).toBe(twin);
      expect([p.name, p.kind]).toEqual([name, properties.get(name)!.kind]);
    }
  });

  it('throws for a twin of another kind, name, premise, witness step or obligations', () => {
    const t = (name: string) => twins.get(name)!;
    const noPanic = t('noPanic') as Extract<Twin, { kind: 'invariant' }>;
    // A twin of another kind would be asked other questions by the checker.
    expect(wrap('noPanic', { kind: 'reachability', name: 'noPanic', witness: noPanic.holds })).toThrow(/differs in kind/);
    // Another name: a twin taken for the wrong property.
    expect(wrap('noPanic', { ...noPanic, name: 'conservation' })).toThrow(/differs in name/);
    // A premise part missing or added: the two would disagree on vacuity.
    const disabled = t('noKillWhileDisabled') as Extract<Twin, { kind: 'action' }>;
    expect(wrap('noKillWhileDisabled', { ...disabled, vacuousUnless: undefined })).toThrow(/vacuity premise/);
    expect(wrap('noKillWhileDisabled', { ...disabled, vacuousUnless: { describe: '', step: () => true } })).toThrow(/vacuity premise/);
    expect(wrap('noKillWhileDisabled', { ...disabled, vacuousUnless: { ...disabled.vacuousUnless!, step: () => true } })).toThrow(/vacuity premise/);
    expect(wrap('noPanic', { ...noPanic, vacuousUnless: { describe: '', state: () => true } })).toThrow(/vacuity premise/);
    // No witnessStep where the property has one: failures that leave no mark would go unseen.
    const { witnessStep: _w, ...failure } = t('allocFailureHappens') as Extract<Twin, { kind: 'reachability' }>;
    expect(wrap('allocFailureHappens', failure)).toThrow(/witnessStep/);
    // Obligations: relabelled, reordered, one missing, or 'initial' for a state p.
    const low = t('lowOrderReturns') as Extract<Twin, { kind: 'liveness' }>;
    expect(low.obligations.length).toBeGreaterThan(1);
    expect(wrap('lowOrderReturns', { ...low, obligations: low.obligations.map((o, i) => (i === 0 ? { ...o, label: `${o.label}'` } : o)) })).toThrow(/obligations/);
    expect(wrap('lowOrderReturns', { ...low, obligations: [...low.obligations].reverse() })).toThrow(/obligations/);
    expect(wrap('lowOrderReturns', { ...low, obligations: low.obligations.slice(1) })).toThrow(/obligations/);
    expect(wrap('lowOrderReturns', { ...low, obligations: low.obligations.map((o) => ({ ...o, p: 'initial' as const })) })).toThrow(/obligations/);
    const finish = t('allTasksFinish') as Extract<Twin, { kind: 'liveness' }>;
    expect(wrap('allTasksFinish', { ...finish, obligations: finish.obligations.map((o) => ({ ...o, p: () => true })) })).toThrow(/obligations/);
  });
});
