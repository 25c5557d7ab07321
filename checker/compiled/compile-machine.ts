/**
 * Compiled machines (performance issue, item 1): an XState v5 machine as a successor
 * function over packed states (Int32Array, see layout.ts), giving exactly the results of
 * xstate's own `machine.transition` without running its general macrostep.
 *
 * The hot path of a step is: find the configuration (a map lookup on the region slots),
 * evaluate the guards of the candidate transitions for the event type (a plan built once
 * per configuration and event type, in xstate's selection order), look up the memoised
 * microstep for (configuration, transitions, history) (target configuration and ordered
 * action list, computed once by semantics.ts), run the assigns, pack. Eventless
 * (`always`) transitions run until stable as in xstate's macrostep.
 *
 * What it cannot run it says at compile time (`{ unsupported }`), or, for the one case it
 * can only see while running (several eventless transitions enabled in one microstep,
 * whose order xstate takes from the history of the snapshot's node list), it falls back
 * to xstate's own transition for that step and says so once.
 */
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject, StateValue } from 'xstate';
import { matchesState } from 'xstate';
import type { Model } from '../model.ts';
import { createReusableActorScope } from '../xstate/actor-scope.ts';
import type { EventSource } from '../xstate/from-machine.ts';
import { fromMachine } from '../xstate/from-machine.ts';
import { HandledEventsCache, isHandled } from '../xstate/handled-events.ts';
import { spawnedChildError, UnsupportedMachineError } from '../xstate/unsupported-features.ts';
import { compileAction, compileGuard, staticProblems, Unsupported, type CompiledAction, type CompiledGuard, type ConfigView } from './guards-actions.ts';
import { ABSENT, ValueInterner } from './intern.ts';
import { Layout } from './layout.ts';
import { encodePacked, fingerprintPacked } from './packed-fingerprint.ts';
import { isAtomic, microstepOutcome, type HistoryRecord, type XTransition } from './semantics.ts';

export interface CompileOptions {
  /** Candidate events, as fromMachine takes them (same list, same order). */
  events: EventSource<any, any>;
  /** The fairness unit taking an event; default: the event type. */
  process?: (event: any, snapshot: any) => string;
  input?: unknown;
  /** As in fromMachine: offer only events the configuration handles (default true). */
  skipUnhandledEvents?: boolean;
  /**
   * The interpreted model that describeStep, view, actionJson and isFinal delegate to
   * (on unpacked snapshots); default fromMachine(machine, options).
   */
  interpreted?: Model<any, any>;
  /** Told once per reason when a step falls back to xstate's transition (default console.warn). */
  onFallback?: (reason: string) => void;
}

/** A packed state seen as a snapshot: what properties, views and events functions read. */
export interface UnpackedSnapshot {
  readonly status: 'active' | 'done';
  readonly value: StateValue;
  readonly context: any;
  readonly historyValue: Record<string, AnyStateNode[]>;
  readonly _nodes: readonly AnyStateNode[];
  readonly machine: AnyStateMachine;
  readonly children: Record<string, never>;
  readonly tags: ReadonlySet<string>;
  readonly output: undefined;
  readonly error: undefined;
  matches(value: StateValue): boolean;
  hasTag(tag: string): boolean;
}

export interface CompiledModel extends Model<Int32Array, EventObject> {
  /** Sets packedHi/packedLo of packed-fingerprint.ts (the proposed Model hook). */
  fingerprint(state: Int32Array): void;
}

export interface CompiledMachine {
  readonly model: CompiledModel;
  unpack(state: Int32Array): UnpackedSnapshot;
  /** A real xstate snapshot of the packed state (machine.resolveState), for cold paths. */
  toSnapshot(state: Int32Array): AnyMachineSnapshot;
  pack(snapshot: AnyMachineSnapshot): Int32Array;
  readonly layout: Layout;
  readonly stats: CompiledStats;
}

export interface CompiledStats {
  configurations: number;
  microsteps: number;
  internedValues: number;
  fallbackSteps: number;
}

interface Candidate {
  readonly t: XTransition;
  readonly id: number;
  readonly guard: CompiledGuard | undefined;
}

/** Where xstate looks for a transition for one event type: children first, then the node itself. */
interface SelectPlan {
  readonly node: AnyStateNode;
  readonly own: readonly Candidate[];
  readonly children: readonly SelectPlan[];
}

interface StepResult {
  readonly next: ConfigInfo;
  readonly history: Int32Array | null;
  readonly actions: readonly CompiledAction[];
  readonly doneEvents: readonly EventObject[];
  /** xstate returns a new snapshot object (the step counts as taken). */
  readonly changed: boolean;
}

class ConfigInfo implements ConfigView {
  readonly nodeSet: ReadonlySet<AnyStateNode>;
  readonly status: 'active' | 'done';
  readonly value: StateValue;
  readonly tags: ReadonlySet<string>;
  readonly plans = new Map<string, SelectPlan | null>();
  readonly memo = new Map<number | string, StepResult>();
  /** Per atomic node (document order): its own and its ancestors' eventless candidates. */
  eventless: (readonly (readonly Candidate[])[])[] | null | undefined;
  offered: readonly EventObject[] | undefined;

  constructor(
    readonly slots: Int32Array,
    readonly nodes: readonly AnyStateNode[],
    done: boolean,
  ) {
    this.nodeSet = new Set(nodes);
    this.status = done ? 'done' : 'active';
    this.value = deepFreeze(stateValueOf(nodes[0], this.nodeSet));
    this.tags = new Set(nodes.flatMap((n) => n.tags));
  }
}

export function compileMachine(machine: AnyStateMachine, options: CompileOptions): CompiledMachine | { unsupported: string } {
  const layout = new Layout(machine);
  const problems = staticProblems(machine, layout.nodes);
  if (problems.length > 0) return { unsupported: `machine '${machine.id}': ${problems.join('; ')}` };
  try {
    return build(machine, layout, options);
  } catch (e) {
    if (e instanceof Unsupported || e instanceof UnsupportedMachineError) return { unsupported: e.message };
    throw e;
  }
}

function build(machine: AnyStateMachine, layout: Layout, options: CompileOptions): CompiledMachine {
  const interner = new ValueInterner();
  const scope = createReusableActorScope();
  const interpreted = options.interpreted ?? fromMachine(machine, { events: options.events, process: options.process, input: options.input as never, skipUnhandledEvents: options.skipUnhandledEvents });
  const handledCache = new HandledEventsCache();
  const skipUnhandled = options.skipUnhandledEvents ?? true;
  const events = options.events;
  const processOf = options.process;
  const warned = new Set<string>();
  const onFallback = options.onFallback ?? ((reason: string) => console.warn(`oomcheck compiled: ${reason}; using xstate's transition for such steps`));
  const stats: CompiledStats = { configurations: 0, microsteps: 0, internedValues: 0, fallbackSteps: 0 };

  const R = layout.regionCount;
  const H = layout.histories.length;
  const CB = layout.contextBase;
  const hasAlways = layout.nodes.some((n) => (n.always?.length ?? 0) > 0);
  const maxIterations = (machine as { options?: { maxIterations?: number } }).options?.maxIterations ?? 100_000;

  // ---- transitions and their compiled guards/actions, resolved once ----
  const candidateOf = new Map<XTransition, Candidate>();
  const candidates: Candidate[] = [];
  const candidate = (t: XTransition): Candidate => {
    let c = candidateOf.get(t);
    if (!c) {
      c = { t, id: candidates.length, guard: t.guard === undefined ? undefined : compileGuard(machine, t.guard) };
      candidateOf.set(t, c);
      candidates.push(c);
    }
    return c;
  };
  const actionOf = new Map<unknown, CompiledAction | null>();
  const compiledAction = (raw: unknown): CompiledAction | null => {
    if (!actionOf.has(raw)) actionOf.set(raw, compileAction(machine, raw));
    return actionOf.get(raw)!;
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

  // ---- configurations ----
  const radix: number[] = [];
  let product = 1;
  for (const region of layout.regions) {
    radix.push(product);
    product *= region.paths.length + 1;
  }
  const numericKeys = product <= Number.MAX_SAFE_INTEGER;
  const configs = new Map<number | string, ConfigInfo>();
  const configKey = (slots: ArrayLike<number>): number | string => {
    if (numericKeys) {
      let key = 0;
      for (let r = 0; r < R; r++) key += (slots[r] + 1) * radix[r];
      return key;
    }
    let key = '';
    for (let r = 0; r < R; r++) key += slots[r] + ',';
    return key;
  };
  const configOfSlots = (slots: ArrayLike<number>): ConfigInfo => {
    const key = configKey(slots);
    let info = configs.get(key);
    if (!info) {
      const own = Int32Array.from({ length: R }, (_, r) => slots[r]);
      const nodes = layout.activeNodes(own);
      info = new ConfigInfo(own, nodes, isFinalConfiguration(machine.root, new Set(nodes)));
      configs.set(key, info);
      stats.configurations++;
    }
    return info;
  };
  const configOfNodes = (active: ReadonlySet<AnyStateNode>): ConfigInfo => {
    const slots = new Int32Array(R);
    layout.regionValues(active, slots);
    return configOfSlots(slots);
  };

  // ---- history ----
  const historyRecord = (hist: ArrayLike<number> | null): HistoryRecord => {
    const record: Record<string, AnyStateNode[]> = {};
    if (!hist) return record;
    for (let h = 0; h < H; h++) {
      if (hist[h] >= 0) record[layout.histories[h].node.id] = layout.histories[h].sets[hist[h]];
    }
    return record;
  };
  const historySlots = (record: HistoryRecord): Int32Array => {
    const out = new Int32Array(H).fill(-1);
    for (const id of Object.keys(record)) {
      const slot = layout.historySlotOf.get(id);
      if (slot === undefined) throw new Unsupported(`history value for unknown node '${id}'`);
      out[slot] = layout.historyValueIndex(slot, record[id]);
    }
    return out;
  };

  // ---- the memoised microstep ----
  const microstep = (config: ConfigInfo, hist: Int32Array | null, selected: readonly Candidate[]): StepResult => {
    let key: number | string;
    if (H === 0 && selected.length === 1) key = selected[0].id;
    else {
      key = '';
      for (const c of selected) key += c.id + ',';
      if (hist) for (let h = 0; h < H; h++) key += '|' + hist[h];
    }
    let result = config.memo.get(key);
    if (!result) {
      const outcome = microstepOutcome(
        selected.map((c) => c.t),
        config.nodeSet,
        historyRecord(hist),
      );
      const next = configOfNodes(outcome.next);
      const actions: CompiledAction[] = [];
      for (const raw of outcome.actions) {
        const a = compiledAction(raw);
        if (a) actions.push(a);
      }
      const newHistory = outcome.historyTouched ? historySlots(outcome.history) : null;
      const changed = next !== config || outcome.historyTouched || actions.length > 0 || outcome.done;
      if (outcome.done !== (next.status === 'done')) throw new Error(`internal: done status mismatch entering '${next.nodes.map((n) => n.id).join(',')}'`);
      result = {
        next,
        history: newHistory,
        actions,
        doneEvents: outcome.doneEvents.map((id) => ({ type: `xstate.done.state.${id}`, output: undefined })),
        changed,
      };
      config.memo.set(key, result);
      stats.microsteps++;
    }
    return result;
  };

  // ---- transition selection (xstate's transitionNode over the state value) ----
  const planFor = (config: ConfigInfo, type: string): SelectPlan | null => {
    let plan = config.plans.get(type);
    if (plan === undefined) {
      plan = buildPlan(machine.root, config.nodeSet, type, candidatesFor);
      config.plans.set(type, plan);
    }
    return plan;
  };
  const selected: Candidate[] = [];
  const runPlan = (plan: SelectPlan, context: unknown, event: EventObject, config: ConfigInfo): void => {
    const before = selected.length;
    for (const child of plan.children) runPlan(child, context, event, config);
    if (selected.length > before) return;
    for (const c of plan.own) {
      if (c.guard === undefined || passes(c, context, event, config)) {
        selected.push(c);
        return;
      }
    }
  };
  const passes = (c: Candidate, context: unknown, event: EventObject, config: ConfigView): boolean => {
    try {
      return c.guard!(context, event, config);
    } catch (err) {
      const g = c.t.guard as { type?: unknown } | string;
      const name = typeof g === 'string' ? g : typeof g === 'object' ? String(g.type) : undefined;
      throw new Error(`Unable to evaluate guard ${name ? `'${name}' ` : ''}in transition for event '${event.type}' in state node '${c.t.source.id}':\n${(err as Error).message}`, { cause: err });
    }
  };
  const eventlessOf = (config: ConfigInfo) => {
    if (config.eventless === undefined) {
      const perAtomic: (readonly Candidate[])[][] = [];
      for (const atomic of config.nodes.filter(isAtomic)) {
        const chain: Candidate[][] = [];
        for (let s: AnyStateNode | undefined = atomic; s; s = s.parent) if (s.always?.length) chain.push((s.always as unknown as XTransition[]).map(candidate));
        if (chain.length > 0) perAtomic.push(chain);
      }
      config.eventless = perAtomic.length > 0 ? perAtomic : null;
    }
    return config.eventless;
  };
  const selectEventless = (config: ConfigInfo, context: unknown, event: EventObject): Candidate[] => {
    const out: Candidate[] = [];
    const plan = eventlessOf(config);
    if (!plan) return out;
    for (const chain of plan) {
      found: for (const list of chain) {
        for (const c of list) {
          if (c.guard === undefined || passes(c, context, event, config)) {
            if (!out.includes(c)) out.push(c);
            break found;
          }
        }
      }
    }
    return out;
  };

  // ---- packing ----
  const spawn = () => {
    throw spawnedChildError(machine, ['(spawned in assign)']);
  };
  let factory = contextFactory(layout.contextKeys);
  const decodeContext = (state: Int32Array): any => {
    const F = layout.contextKeys.length;
    const values: unknown[] = new Array(F);
    let absent = false;
    for (let f = 0; f < F; f++) {
      const at = CB + f;
      const code = at < state.length ? state[at] : ABSENT;
      if (code === ABSENT) absent = true;
      else values[f] = interner.decode(code);
    }
    if (!absent) return factory(values);
    const ctx: Record<string, unknown> = {};
    for (let f = 0; f < F; f++) {
      const at = CB + f;
      const code = at < state.length ? state[at] : ABSENT;
      if (code !== ABSENT) ctx[layout.contextKeys[f]] = values[f];
    }
    return ctx;
  };
  const codes: number[] = [];
  const packState = (config: ConfigInfo, hist: ArrayLike<number> | null, context: any, prev: Int32Array | undefined, prevContext: any): Int32Array => {
    if (context === null || typeof context !== 'object') throw new Unsupported('a context that is not an object');
    let F = layout.contextKeys.length;
    let present = 0;
    for (let f = 0; f < F; f++) {
      const key = layout.contextKeys[f];
      const value = context[key];
      let code: number;
      if (prev !== undefined && value === prevContext[key] && (value !== undefined || (key in prevContext) === (key in context))) {
        code = CB + f < prev.length ? prev[CB + f] : ABSENT;
      } else if (value === undefined && !(key in context)) code = ABSENT;
      else code = interner.encode(value);
      if (code !== ABSENT) present++;
      codes[f] = code;
    }
    let total = 0;
    for (const _ in context) total++;
    if (total !== present) {
      for (const key of Object.keys(context)) {
        if (layout.contextSlotOf.has(key)) continue;
        codes[layout.contextSlot(key)] = interner.encode(context[key]);
      }
      F = layout.contextKeys.length;
      factory = contextFactory(layout.contextKeys);
    }
    let length = F;
    while (length > 0 && codes[length - 1] === ABSENT) length--;
    const out = new Int32Array(CB + length);
    out.set(config.slots, 0);
    if (H > 0) {
      if (hist) for (let h = 0; h < H; h++) out[R + h] = hist[h];
      else for (let h = 0; h < H; h++) out[R + h] = -1;
    }
    for (let f = 0; f < length; f++) out[CB + f] = codes[f];
    return out;
  };

  // ---- loading a packed state (one-entry cache: the explorer asks about one state at a time) ----
  let lastState: Int32Array | undefined;
  let lastConfig: ConfigInfo | undefined;
  let lastContext: any;
  const load = (state: Int32Array): void => {
    if (state === lastState) return;
    lastConfig = configOfSlots(state);
    lastContext = decodeContext(state);
    lastState = state;
  };
  const historyOf = (state: Int32Array): Int32Array | null => (H === 0 ? null : state.subarray(R, R + H));

  const snapshotProto = {
    matches(this: UnpackedSnapshot, value: StateValue) {
      return matchesState(value, this.value);
    },
    hasTag(this: UnpackedSnapshot, tag: string) {
      return this.tags.has(tag);
    },
    toJSON(this: UnpackedSnapshot) {
      return { status: this.status, value: this.value, context: this.context, historyValue: this.historyValue, children: {}, output: undefined, error: undefined, tags: [...this.tags] };
    },
  };
  const historyObject = (state: Int32Array): Record<string, AnyStateNode[]> => (H === 0 ? {} : (historyRecord(historyOf(state)) as Record<string, AnyStateNode[]>));
  let lastUnpackedState: Int32Array | undefined;
  let lastUnpacked: UnpackedSnapshot | undefined;
  const unpack = (state: Int32Array): UnpackedSnapshot => {
    if (state === lastUnpackedState) return lastUnpacked!;
    load(state);
    const config = lastConfig!;
    const snapshot = Object.create(snapshotProto) as Record<string, unknown>;
    snapshot.status = config.status;
    snapshot.value = config.value;
    snapshot.context = lastContext;
    snapshot.historyValue = historyObject(state);
    snapshot._nodes = config.nodes;
    snapshot.machine = machine;
    snapshot.children = {};
    snapshot.tags = config.tags;
    snapshot.output = undefined;
    snapshot.error = undefined;
    lastUnpackedState = state;
    lastUnpacked = snapshot as unknown as UnpackedSnapshot;
    return lastUnpacked;
  };
  const toSnapshot = (state: Int32Array): AnyMachineSnapshot => {
    const u = unpack(state);
    return machine.resolveState({ value: u.value, context: u.context, historyValue: u.historyValue } as never) as AnyMachineSnapshot;
  };
  const pack = (snapshot: AnyMachineSnapshot): Int32Array => {
    if (snapshot.status === 'error') throw snapshot.error;
    for (const id in snapshot.children) throw spawnedChildError(machine, [id]);
    const config = configOfNodes(new Set(snapshot._nodes));
    if (snapshot.status !== config.status) throw new Unsupported(`snapshot status '${snapshot.status}' in a configuration whose status is '${config.status}'`);
    const hist = H > 0 ? historySlots((snapshot.historyValue ?? {}) as HistoryRecord) : null;
    return packState(config, hist, snapshot.context, undefined, undefined);
  };

  // ---- the step ----
  const fallback = (state: Int32Array, event: EventObject, reason: string): Int32Array | undefined => {
    if (!warned.has(reason)) {
      warned.add(reason);
      onFallback(reason);
    }
    stats.fallbackSteps++;
    const real = toSnapshot(state);
    const next = machine.transition(real, event, scope) as AnyMachineSnapshot;
    if (next === real) return undefined;
    return pack(next);
  };

  const nextState = (state: Int32Array, event: EventObject): Int32Array | undefined => {
    load(state);
    let config = lastConfig!;
    if (config.status !== 'active') return undefined;
    const context0 = lastContext;
    const plan = planFor(config, event.type);
    selected.length = 0;
    if (plan !== null) runPlan(plan, context0, event, config);
    // Without eventless transitions an event no transition takes changes nothing; with
    // them, xstate still re-evaluates their guards against this event.
    if (selected.length === 0 && !hasAlways) return undefined;
    let hist = historyOf(state);
    let context = context0;
    let changed = false;
    const queue: EventObject[] = [];
    if (selected.length > 0) {
      const result = microstep(config, hist, selected);
      for (const a of result.actions) context = a.run(context, event, spawn);
      changed = result.changed;
      config = result.next;
      if (result.history) hist = result.history;
      for (const e of result.doneEvents) queue.push(e);
    }

    if (hasAlways) {
      // xstate's macrostep loop: eventless transitions until stable, then the internal
      // queue (done events, which no transition handles here: checked statically).
      let nextEvent = event;
      let selectEventless = true;
      for (let iteration = 1; config.status === 'active'; iteration++) {
        if (iteration > maxIterations) throw new Error(`Infinite loop detected: more than ${maxIterations} microsteps without reaching a stable state (eventless transitions)`);
        const enabled = selectEventless ? selectEventlessOf(config, context, nextEvent) : [];
        if (enabled.length > 1) return fallback(state, event, 'several eventless transitions enabled in one microstep (xstate orders them by its node list)');
        if (enabled.length === 0) {
          if (queue.length === 0) break;
          nextEvent = queue.shift()!;
          selectEventless = true;
          continue;
        }
        const step = microstep(config, hist, enabled);
        for (const a of step.actions) context = a.run(context, nextEvent, spawn);
        config = step.next;
        if (step.history) hist = step.history;
        for (const e of step.doneEvents) queue.push(e);
        selectEventless = step.changed;
        changed ||= step.changed;
      }
    }
    if (!changed) return undefined;
    return packState(config, hist, context, state, context0);
  };
  const selectEventlessOf = selectEventless;

  const offered = (state: Int32Array): readonly EventObject[] => {
    const config = lastConfig!;
    if (typeof events === 'function') {
      const all = events(unpack(state)) as readonly EventObject[];
      if (!skipUnhandled) return all;
      const handled = handledCache.forConfiguration(config.nodes);
      return handled.all ? all : all.filter((e) => isHandled(handled, e));
    }
    if (!config.offered) {
      const list = events as readonly EventObject[];
      if (!skipUnhandled) config.offered = list;
      else {
        const handled = handledCache.forConfiguration(config.nodes);
        config.offered = handled.all ? list : list.filter((e) => isHandled(handled, e));
      }
    }
    return config.offered;
  };

  const model: CompiledModel = {
    initialStates() {
      const snapshot = machine.getInitialSnapshot(scope, options.input) as AnyMachineSnapshot;
      if (snapshot.status === 'error') throw snapshot.error;
      return [pack(snapshot)];
    },
    actions(state) {
      load(state);
      if (lastConfig!.status !== 'active') return [];
      return offered(state);
    },
    nextState,
    encode: encodePacked,
    fingerprint: fingerprintPacked,
    process: processOf ? (event, state) => processOf(event, unpack(state)) : (event) => event.type,
    isFinal: (state) => interpreted.isFinal(toSnapshot(state)),
    describeStep: (from, event, to) => interpreted.describeStep(toSnapshot(from), event, toSnapshot(to)),
    view: (state) => interpreted.view(toSnapshot(state)),
    actionJson: (event) => interpreted.actionJson(event),
  };

  return {
    model,
    unpack,
    toSnapshot,
    pack,
    layout,
    get stats() {
      stats.internedValues = interner.size;
      return stats;
    },
  };
}

/** xstate's getCandidates: exact descriptor first, then matching wildcards, longest first. */
function transitionCandidates(node: AnyStateNode, type: string): XTransition[] {
  const exact = (node.transitions.get(type) ?? []) as XTransition[];
  const wildcards = [...node.transitions.keys()]
    .filter((d) => d !== type && descriptorMatches(type, d))
    .sort((a, b) => b.length - a.length)
    .flatMap((d) => node.transitions.get(d) as XTransition[]);
  return [...exact, ...wildcards];
}

/** xstate's matchesEventDescriptor ('*', and 'a.b.*' matching 'a.b' and 'a.b.c...'). */
function descriptorMatches(type: string, descriptor: string): boolean {
  if (descriptor === type || descriptor === '*') return true;
  if (!descriptor.endsWith('.*')) return false;
  const parts = descriptor.split('.');
  const tokens = type.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '*') return i === parts.length - 1;
    if (parts[i] !== tokens[i]) return false;
  }
  return true;
}

function buildPlan(
  node: AnyStateNode,
  active: ReadonlySet<AnyStateNode>,
  type: string,
  candidatesFor: (node: AnyStateNode, type: string) => readonly Candidate[],
): SelectPlan | null {
  const children: SelectPlan[] = [];
  for (const key of Object.keys(node.states)) {
    const child = node.states[key];
    if (child.type === 'history' || !active.has(child)) continue;
    const plan = buildPlan(child, active, type, candidatesFor);
    if (plan) children.push(plan);
  }
  const own = candidatesFor(node, type);
  if (children.length === 0 && own.length === 0) return null;
  return { node, own, children };
}

function isFinalConfiguration(root: AnyStateNode, active: ReadonlySet<AnyStateNode>): boolean {
  const final = (node: AnyStateNode): boolean => {
    if (node.type === 'compound') return Object.values(node.states).some((c) => c.type === 'final' && active.has(c));
    if (node.type === 'parallel') return Object.values(node.states).filter((c) => c.type !== 'history').every(final);
    return node.type === 'final';
  };
  return final(root);
}

/** xstate's state value of a configuration (getValueFromAdj). */
function stateValueOf(node: AnyStateNode, active: ReadonlySet<AnyStateNode>): StateValue {
  const activeChildren = Object.keys(node.states)
    .map((k) => node.states[k])
    .filter((c) => c.type !== 'history' && active.has(c));
  if (node.type === 'compound') {
    const child = activeChildren[0];
    if (!child) return {};
    if (isAtomic(child)) return child.key;
  }
  const value: Record<string, StateValue> = {};
  for (const child of activeChildren) value[child.key] = stateValueOf(child, active);
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A context object with a fixed key order (one hidden class for all contexts). */
function contextFactory(keys: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  return (values) => {
    const ctx: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) ctx[keys[i]] = values[i];
    return ctx;
  };
}
