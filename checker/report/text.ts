/**
 * The text report of a run: a pure function from CheckResult to a string, so the CLI,
 * the kernel's matrix and the report issue all print runs the same way.
 *
 * Layout follows TLC: statistics first, then one line per property, then each
 * counterexample with only the fields that changed at each step (TLC's -difftrace),
 * and the full state at step 0. Lassos end with "back to step i", stuttering paths
 * with "stutters forever".
 */
import type { CheckResult, PropertyResult, Stats, Trace, TraceStep } from '../result.ts';
import { renderCoverage } from './coverage-text.ts';

export interface TextOptions {
  /** Print each step's full state instead of only what changed (default false). */
  fullStates?: boolean;
}

export function renderText(result: CheckResult, options: TextOptions = {}): string {
  // A simulation's result (checker/strategy/simulate.ts) carries `simulation`: it sampled, no bound stopped it.
  const lines = [...renderStats(result.stats, 'simulation' in result), '', ...renderVerdicts(result.results)];
  for (const r of result.results) {
    if (r.trace) lines.push('', ...renderCounterexample(r, r.trace, options));
  }
  if (result.coverage) lines.push('', ...renderCoverage(result.coverage));
  return lines.join('\n') + '\n';
}

/** Two lines: what was explored, and how fast and how trustworthy. */
export function renderStats(stats: Stats, sampled = false): string[] {
  const ending = stats.complete
    ? 'complete'
    : sampled && stats.stoppedBy === undefined
      ? 'incomplete: random walks sample the state space'
      : `incomplete: stopped by ${stats.stoppedBy ?? 'a bound'}`;
  const lines = [
    `${count(stats.distinctStates)} distinct states, ${count(stats.transitions)} transitions, depth ${stats.maxDepth}, ${ending}`,
    `${count(Math.round(stats.statesPerSecond))} states/s, ${stats.bytesPerState.toFixed(1)} bytes/state, ` +
      `fingerprint collision probability ${probability(stats.collisionProbability)}, ${seconds(stats.elapsedMs)}`,
  ];
  if (stats.fairness) lines.push(`fairness: ${stats.fairness}`);
  if (stats.symmetry) lines.push(`symmetry: ${stats.symmetry}`);
  if (stats.stoppedBy === 'max-memory') lines.push(...memoryHints(stats));
  return lines;
}

/**
 * What to do when a run stopped at its memory budget, in SPIN's order of cost: reduce
 * the space without losing anything (symmetry), settle part of it (bounds), sample it
 * (simulation), or spread samples over machines (shards). docs/scale.md says more.
 */
export function memoryHints(stats: Stats): string[] {
  const symmetry = stats.symmetry?.startsWith('on')
    ? 'already on for this run'
    : stats.symmetry
      ? `now ${stats.symmetry}`
      : 'the model declares none';
  return [
    'memory: the run stopped at its budget (--max-memory); in order of cost, try:',
    `  1. symmetry: one state per orbit of interchangeable tasks, on by default for kernel scenarios that have them, safety runs only (narrow --property to safety properties); ${symmetry}`,
    '  2. bounds: --max-depth N or --max-states N settle what lies within them',
    '  3. simulation: --strategy random [--seed S --runs N --depth N] walks without storing the graph; it finds violations, never proves',
    '  4. shards: --shard I/N on N machines, then oomcheck merge (docs/scale.md)',
  ];
}

const STATUS_WORD = { holds: 'holds', violated: 'VIOLATED', vacuous: 'vacuous', unknown: 'unknown' } as const;

/** One line per property: name, verdict, and why when the verdict needs a reason. */
export function renderVerdicts(results: readonly PropertyResult[]): string[] {
  const width = Math.max(0, ...results.map((r) => r.property.length));
  return results.map((r) => {
    const why = r.message && r.status !== 'holds' ? ` (${r.message})` : '';
    return `  ${r.property.padEnd(width)}  ${STATUS_WORD[r.status]}${why}`;
  });
}

export function renderCounterexample(r: PropertyResult, trace: Trace, options: TextOptions = {}): string[] {
  const steps = trace.steps.length - 1;
  const lines = [`Counterexample for ${r.kind} property '${r.property}' (${steps} step${steps === 1 ? '' : 's'}):`];
  for (const step of trace.steps) lines.push(...renderStep(step, options));
  if (trace.loop !== undefined) lines.push(`  back to step ${trace.loop}: the cycle repeats forever`);
  else if (r.kind === 'deadlock') lines.push('  no step is possible here: deadlock');
  else if (trace.stutters) lines.push('  stutters forever: no further step is taken');
  return lines;
}

function renderStep(step: TraceStep, options: TextOptions): string[] {
  const fields = step.index === 0 || options.fullStates ? step.state : step.changed;
  const head = step.index === 0 ? 'Step 0: initial state' : `Step ${step.index}${processTag(step)}: ${stepLabel(step)}`;
  const body = Object.entries(fields).map(([k, v]) => `    ${k} = ${value(v)}`);
  if (body.length === 0) body.push('    (nothing changed)');
  return [head, ...body];
}

/** `[process]`, unless it only repeats the event's name (XState's default process is the event type). */
function processTag(step: TraceStep): string {
  if (!step.process || step.process === eventLabel(step.event)) return '';
  if (step.description && startsWithWord(step.description, step.process)) return '';
  return ` [${step.process}]`;
}

function stepLabel(step: TraceStep): string {
  return eventWithDescription(step.event, step.description);
}

/** The event, and the model's description when it says more than the event's name. */
export function eventWithDescription(eventValue: unknown, description: string | undefined): string {
  const event = eventLabel(eventValue);
  if (!description || description === event) return event;
  // Kernel lines already start with the task ("A [GFP_NOFS order 0]: ..."): say it once.
  if (startsWithWord(description, event)) return description;
  return `${event}: ${description}`;
}

function startsWithWord(text: string, word: string): boolean {
  return text.startsWith(word) && /^[\s:\[]/.test(text.slice(word.length));
}

/** `{type: 'inc'}` reads as `inc`; an event with a payload as its JSON. */
export function eventLabel(event: unknown): string {
  if (event && typeof event === 'object' && 'type' in event) {
    const { type, ...payload } = event as { type: unknown };
    return Object.keys(payload).length === 0 ? String(type) : `${String(type)} ${JSON.stringify(payload)}`;
  }
  return typeof event === 'string' ? event : JSON.stringify(event) ?? String(event);
}

function value(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/** 1234567 -> "1,234,567": state counts are read at a glance. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function probability(p: number): string {
  return p === 0 ? '0' : p.toExponential(1);
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms / 1000)} s`;
}
