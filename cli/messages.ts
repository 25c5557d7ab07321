/**
 * Every line the CLI prints on its own behalf (errors, warnings, notices, progress)
 * has one numbered code and one template here, as in TLC's tlc2.output.MP/EC. One
 * registry makes the wording reviewable in one place, lets tests match on codes
 * instead of prose, and makes a machine-readable mode (TLC's -tool) nearly free.
 *
 * Reports of a run (checker/report/*) are documents, not messages: they are not here.
 *
 * Code ranges: 1xxx usage, 2xxx loading input, 21xx configuration, 3xxx run notices,
 * 4xxx model errors, 5xxx internal errors.
 */

export type Level = 'error' | 'warning' | 'notice';

interface Template {
  readonly code: number;
  readonly level: Level;
  readonly template: string;
}

export const MESSAGES = {
  usage: { code: 1000, level: 'error', template: '{reason} (see oomcheck --help)' },
  checkNeedsInput: { code: 1001, level: 'error', template: 'check needs a model FILE or --scenario NAME' },
  policyNeedsScenario: { code: 1004, level: 'error', template: '--policy needs --scenario' },
  drawNeedsInput: { code: 1005, level: 'error', template: 'draw needs --scenario NAME or --model FILE' },
  scenarioIgnoresFile: { code: 1006, level: 'error', template: 'check takes a model FILE or --scenario NAME, not both (got {file} and --scenario {scenario})' },
  needsSimulation: { code: 1007, level: 'error', template: '{option} needs --strategy random or --shard I/N' },
  optionsConflict: { code: 1008, level: 'error', template: '{option} cannot be combined with {other}' },
  engineNeedsScenario: { code: 1009, level: 'error', template: '--engine needs --scenario: it chooses how the kernel machine is stepped' },

  fileUnreadable: { code: 2000, level: 'error', template: 'cannot read {file}: {reason}' },
  fileUnwritable: { code: 2012, level: 'error', template: 'cannot write {file}: {reason}' },
  importFailed: { code: 2001, level: 'error', template: 'cannot load {file}: {reason}' },
  notAModel: {
    code: 2002,
    level: 'error',
    template: "{file}: default export must be defineModel({...}) from 'oomcheck': {why}",
  },
  // The scenario loader's one line already names the file, the JSON path and what was expected.
  scenarioInvalid: { code: 2003, level: 'error', template: 'invalid scenario: {reason}' },
  expectationsInvalid: { code: 2004, level: 'error', template: '{file}: not an expectations file: {reason} (see docs/ci.md)' },
  traceFileInvalid: { code: 2005, level: 'error', template: '{file}: not a saved trace: {reason}' },
  traceWithoutSource: {
    code: 2006,
    level: 'error',
    template: '{file} does not say which model it came from: pass --model FILE or --scenario NAME --policy P',
  },
  noSuchComponent: { code: 2008, level: 'error', template: "no component '{component}'; components: {known}" },
  nothingToDraw: { code: 2009, level: 'error', template: '{source} has no XState machine to draw' },
  notAResult: { code: 2010, level: 'error', template: '{file}: not a result of check --format json: {reason}' },
  mergeMismatch: { code: 2011, level: 'error', template: 'cannot merge results of different runs: {reason}' },

  badConfiguration: { code: 2100, level: 'error', template: '{reason}' },
  policyInvalid: { code: 2101, level: 'error', template: 'invalid --policy: {reason}' },
  unknownProperty: { code: 2102, level: 'error', template: 'unknown property {names}; known: {known}' },

  progress: {
    code: 3000,
    level: 'notice',
    template: 'progress: {states} distinct states, {rate} states/s, queue {queue}, depth {depth}, {seconds} s',
  },
  interrupted: {
    code: 3001,
    level: 'notice',
    template: 'interrupted: stopping; printing what was found so far (Ctrl-C again to quit at once)',
  },
  interruptedAgain: { code: 3002, level: 'notice', template: 'interrupted again: exiting now' },
  livenessProgress: {
    code: 3004,
    level: 'notice',
    template: 'liveness: obligation {done} of {obligations} ({property}), {seconds} s',
  },
  simulationProgress: {
    code: 3003,
    level: 'notice',
    template: 'progress: {walks} of {runs} walks, {states} distinct states, {transitions} transitions, {seconds} s',
  },
  matrixProgress: { code: 3010, level: 'notice', template: 'matrix: {done}/{total} {scenario} x {policy}: {verdicts}' },
  reportProgress: { code: 3011, level: 'notice', template: 'report: {done}/{total} {scenario} under {policy}' },
  reportWritten: { code: 3020, level: 'notice', template: 'wrote {file} ({size} KiB)' },
  expectationsWritten: { code: 3021, level: 'notice', template: 'wrote {count} expected verdicts to {file}' },
  expectationsNotWritten: {
    code: 3022,
    level: 'warning',
    template: 'not writing {file}: the matrix was interrupted, so its verdicts are not a baseline',
  },
  replayStart: { code: 3030, level: 'notice', template: 'Replaying {what}from {file} against {source}' },
  replayStillViolates: { code: 3031, level: 'notice', template: "The replayed trace still violates '{property}'." },
  replayNoLongerViolates: { code: 3032, level: 'notice', template: "Note: the replayed trace no longer violates '{property}'." },
  incompleteVerdicts: {
    code: 3100,
    level: 'warning',
    template: 'the run stopped early ({reason}): verdicts marked unknown were not settled',
  },
  // MODEL.md 5: a reachability property must have a witness, or the verdicts that need it are vacuous.
  noWitness: {
    code: 3101,
    level: 'warning',
    template: '{property} has no witness in {scenario} under {policy}: {dependents} may be vacuous',
  },
  simulationUnknown: {
    code: 3103,
    level: 'warning',
    template: 'simulation samples the state space: a property it did not find violated is unknown, not proven',
  },
  memoryStopped: {
    code: 3104,
    level: 'warning',
    template:
      'the run stopped at its memory budget ({budget}): verdicts marked unknown were not settled; in order of cost try symmetry, bounds (--max-depth, --max-states), simulation (--strategy random), shards (--shard I/N, then merge): docs/scale.md',
  },
  workersCapped: {
    code: 3106,
    level: 'warning',
    template: '--workers {asked}: this machine runs {cores} threads at once, so {cores} workers are used (each more would add only start-up time and memory)',
  },
  mergeUpperBound: {
    code: 3105,
    level: 'notice',
    template: 'merged {runs} runs: distinct states are summed over them, an upper bound (runs may visit the same states)',
  },
  matrixUnsettled: {
    code: 3102,
    level: 'warning',
    template: '{cells} of the matrix left verdicts unknown (a bound was hit): exit 152',
  },

  modelThrew: { code: 4000, level: 'error', template: 'the model threw: {reason}' },
  modelThrewAt: { code: 4001, level: 'error', template: 'while taking event {event} from the state below' },

  traceDoesNotReplay: {
    code: 5000,
    level: 'error',
    template: 'a counterexample did not replay: {reason} (a checker bug or a fingerprint collision)',
  },
  internal: { code: 5001, level: 'error', template: 'internal error: {reason}' },
} as const satisfies Record<string, Template>;

export type MessageId = keyof typeof MESSAGES;

/** The `{name}` placeholders of a template, as a record type (checked at compile time). */
type Placeholders<T extends string> = T extends `${string}{${infer P}}${infer Rest}`
  ? P extends `${string}...${string}`
    ? Placeholders<Rest> // "{...}" is literal text, not a placeholder
    : { [K in P]: string | number } & Placeholders<Rest>
  : unknown;

export type MessageParams<Id extends MessageId> = Placeholders<(typeof MESSAGES)[Id]['template']>;

/** A message with its template filled in. */
export interface Message {
  readonly id: MessageId;
  readonly code: number;
  readonly level: Level;
  readonly text: string;
}

export function message<Id extends MessageId>(id: Id, ...params: {} extends MessageParams<Id> ? [MessageParams<Id>?] : [MessageParams<Id>]): Message {
  const { code, level, template } = MESSAGES[id] as Template;
  const values = (params[0] ?? {}) as Record<string, string | number>;
  const text = template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  return { id, code, level, text };
}

/**
 * One printed line. Errors and warnings carry their code so that users can search
 * for it; notices (progress, interrupt) read as plain prose.
 */
export function formatMessage(m: Message): string {
  const oneLine = m.text.replace(/\s*\n\s*/g, ' ');
  return m.level === 'notice' ? oneLine : `oomcheck: ${m.level} ${m.code}: ${oneLine}`;
}
