/**
 * Compiled machines (performance issue, item 1): an XState v5 machine as a successor
 * function over packed states (Int32Array, see layout.ts), giving exactly the results of
 * xstate's own `machine.transition` without running its general macrostep.
 *
 * The hot path of a step is: evaluate the guards of the candidate transitions for the
 * event type (a selection tree built once per event type, walked in xstate's order over
 * the region slots), look up the memoised microstep of the selected transition keyed by
 * its FOOTPRINT (the slots of the regions its domain covers, plus every region's
 * finality when entering a final state may complete a parallel ancestor), run the
 * assigns, pack. A parallel machine has about as many configurations as states, so only
 * the cold paths (several transitions in one microstep, reaching a final configuration,
 * eventless transitions, stateIn guards) work on whole configurations. Eventless
 * (`always`) transitions run until stable as in xstate's macrostep.
 *
 * What it cannot run it says at compile time (`{ unsupported }`), or, for the one case it
 * can only see while running (several eventless transitions enabled in one microstep,
 * whose order xstate takes from the history of the snapshot's node list), it falls back
 * to xstate's own transition for that step and says so once.
 */
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject, StateValue } from 'xstate';
import type { Model } from '../model.ts';
import { createReusableActorScope } from '../xstate/actor-scope.ts';
import type { EventSource } from '../xstate/from-machine.ts';
import { describeEvent, fromMachine } from '../xstate/from-machine.ts';
import { boundIterations, explainUnsettled, unsettledError } from '../xstate/iteration-bound.ts';
import { spawnedChildError, UnsupportedMachineError } from '../xstate/unsupported-features.ts';
import { compileAction, compileGuard, staticProblems, Unsupported, type CompiledAction, type CompiledGuard, type ConfigView, type GuardUses } from './guards-actions.ts';
import { ValueInterner } from './intern.ts';
import { childrenOf, Layout } from './layout.ts';
import { encodePacked } from './packed-fingerprint.ts';
import type { PackedContext } from './packed-context.ts';
import { layoutInfo, packedTwinsFor } from './packed-context-binding.ts';
import { compileTwinAction, compileTwinGuard, twinGuardCode } from './twins.ts';
import { generateSelect, type GeneratedSelect } from './generated-select.ts';
import { generateMemoLookup, type MemoLookup } from './memo-lookup.ts';
import { offeredEvents } from './offered-events.ts';
import { objectContexts } from './object-context.ts';
import { unpacking, type UnpackedSnapshot } from './unpacked-snapshot.ts';
import { SameInts } from './same-ints.ts';
import { narrowPlan, type NarrowPlan } from './narrow.ts';
import { narrowed } from './narrowed-model.ts';
import { domainOf, hasParallelAncestor, isAtomic, isDescendant, isInFinalState, microstepOutcome, type HistoryRecord, type XTransition } from './semantics.ts';
import { deepFreeze, stateValueOf } from './state-values.ts';
import { transitionCandidates } from './transition-candidates.ts';

export type { UnpackedSnapshot } from './unpacked-snapshot.ts';

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
  /**
   * The context as fixed-width ints with packed twins of the guards, actions and events
   * (packed-context.ts): the context is then stepped in place, with no objects. Used when
   * every guard and assign of the machine has a twin; otherwise the context stays objects
   * and `onPackedRefused` is told why.
   */
  packedContext?: PackedContext;
  /** Why packedContext was not used (default console.warn). */
  onPackedRefused?: (reason: string) => void;
}

export interface CompiledModel extends Model<Int32Array, EventObject> {
  encodeInts(state: Int32Array): Int32Array;
}

export interface CompiledMachine {
  readonly model: CompiledModel;
  unpack(state: Int32Array): UnpackedSnapshot;
  /** A real xstate snapshot of the packed state (machine.resolveState), for cold paths. */
  toSnapshot(state: Int32Array): AnyMachineSnapshot;
  pack(snapshot: AnyMachineSnapshot): Int32Array;
  readonly layout: Layout;
  readonly stats: CompiledStats;
  /** The narrow form, when states are stored narrow (what a model's packed symmetry works on). */
  readonly narrowing?: NarrowPlan;
}

export interface CompiledStats {
  /** The context is held as a PackedContext's ints (no interning, no objects per step). */
  packedContext: boolean;
  /** Ints per stored state (narrow when the PackedContext declares its ranges). */
  stateInts: number;
  configurations: number;
  microsteps: number;
  internedValues: number;
  fallbackSteps: number;
}

interface Candidate {
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

/**
 * Where xstate looks for a transition for one event type (its transitionNode), pruned
 * to the parts of the chart that have candidates for that type: a region tries its
 * active path innermost first, a parallel node its regions (all of them) and only then
 * itself.
 */
type Selection =
  | { readonly kind: 'region'; readonly slot: number; readonly perPath: readonly (PathSelection | null)[] }
  | { readonly kind: 'parallel'; readonly own: readonly Candidate[]; readonly children: readonly Selection[] }
  | { readonly kind: 'atomic'; readonly own: readonly Candidate[] };

interface PathSelection {
  /** The selection below a parallel end of the path, tried first. */
  readonly end: Selection | null;
  /** Own candidates of the path's nodes, innermost first, ending with the region's owner. */
  readonly chain: readonly (readonly Candidate[])[];
}

/** What one transition's microstep touches, in slot terms (it reads and writes only these). */
interface Footprint {
  /** Region slots the microstep may read or change. */
  readonly slots: Int32Array;
  readonly radix: readonly number[];
  readonly product: number;
  /** Entering a final state may complete a parallel ancestor: the key includes every region's finality. */
  readonly finalSensitive: boolean;
  /** Keys (with finality) stay below 2^16: memoised steps live in an array. */
  readonly smallKeys: boolean;
  readonly keySpace: number;
}

/** A memoised single-transition microstep, local to its footprint. */
interface LocalStep {
  readonly values: Int32Array;
  readonly history: Int32Array | null;
  readonly actions: readonly CompiledAction[];
  readonly doneEvents: readonly EventObject[];
  readonly changed: boolean;
  /**
   * Packed mode: the whole step on a copy of the state as one generated function: the
   * footprint's region slots set to `values` and the history slots to `history`
   * (constants in the code), then the actions' twins.
   */
  packedRun?: (s: Int32Array, event: EventObject) => void;
}
const NEEDS_FULL = 'full' as const;
/** Why a step falls back to xstate's transition: its order for several eventless transitions is its node list's. */
const SEVERAL_EVENTLESS = 'several eventless transitions enabled in one microstep (xstate orders them by its node list)';

/** A memoised microstep on a whole configuration (the cold path). */
interface StepResult {
  readonly next: ConfigInfo;
  readonly history: Int32Array | null;
  readonly actions: readonly CompiledAction[];
  readonly doneEvents: readonly EventObject[];
  /** xstate returns a new snapshot object (the step counts as taken). */
  readonly changed: boolean;
}

/**
 * One whole configuration: for the cold paths only (eventless transitions, several
 * transitions in one microstep, reaching a final configuration, stateIn guards,
 * fallback), since a parallel machine has about as many configurations as states.
 */
class ConfigInfo implements ConfigView {
  readonly nodeSet: ReadonlySet<AnyStateNode>;
  readonly status: 'active' | 'done';
  readonly value: StateValue;
  readonly memo = new Map<string, StepResult>();
  /** Per atomic node (document order): its own and its ancestors' eventless candidates. */
  eventless: (readonly (readonly Candidate[])[])[] | null | undefined;

  constructor(
    readonly slots: Int32Array,
    readonly nodes: readonly AnyStateNode[],
  ) {
    this.nodeSet = new Set(nodes);
    this.status = isInFinalState(this.nodeSet, nodes[0]) ? 'done' : 'active';
    this.value = deepFreeze(stateValueOf(nodes[0], this.nodeSet));
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
  const skipUnhandled = options.skipUnhandledEvents ?? true;
  const events = options.events;
  const processOf = options.process;
  const warned = new Set<string>();
  const onFallback = options.onFallback ?? ((reason: string) => console.warn(`oomcheck compiled: ${reason}; using xstate's transition for such steps`));
  const stats: CompiledStats = { packedContext: false, stateInts: 0, configurations: 0, microsteps: 0, internedValues: 0, fallbackSteps: 0 };

  const R = layout.regionCount;
  const H = layout.histories.length;
  const CB = layout.contextBase;
  const hasAlways = layout.nodes.some((n) => (n.always?.length ?? 0) > 0);
  const maxIterations = boundIterations(machine); // the same bound xstate's own steps use: iteration-bound.ts
  // A compound whose initial state is a history node makes entry depend on history in
  // ways a footprint does not see: such machines take the whole-configuration path.
  const initialHistory = layout.nodes.some((n) => n.type === 'compound' && (n.initial.target[0] as AnyStateNode | undefined)?.type === 'history');

  // ---- transitions and their compiled guards/actions, resolved once ----
  const guardUses: GuardUses = { stateIn: false };
  for (const node of layout.nodes) {
    for (const ts of node.transitions.values()) for (const t of ts) if (t.guard !== undefined) compileGuard(machine, t.guard, 0, guardUses);
    for (const t of node.always ?? []) if (t.guard !== undefined) compileGuard(machine, t.guard, 0, guardUses);
  }
  const usesStateIn = guardUses.stateIn;
  const twins = options.packedContext === undefined ? undefined : packedTwinsFor(machine, layout, options.packedContext, usesStateIn, options.onPackedRefused);
  stats.packedContext = twins !== undefined;
  const candidateOf = new Map<XTransition, Candidate>();
  const candidates: Candidate[] = [];
  const candidate = (t: XTransition): Candidate => {
    let c = candidateOf.get(t);
    if (!c) {
      c = { t, id: candidates.length, guard: t.guard === undefined ? undefined : twins ? compileTwinGuard(machine, t.guard, twins, CB) : compileGuard(machine, t.guard) };
      candidateOf.set(t, c);
      candidates.push(c);
    }
    return c;
  };
  const actionOf = new Map<unknown, CompiledAction | null>();
  const compiledActions = (raws: readonly unknown[]): CompiledAction[] => {
    const out: CompiledAction[] = [];
    for (const raw of raws) {
      if (!actionOf.has(raw)) actionOf.set(raw, twins ? compileTwinAction(machine, raw, twins, CB) : compileAction(machine, raw));
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

  // ---- whole configurations (cold paths) ----
  const configs = new Map<string, ConfigInfo>();
  const configOfSlots = (slots: ArrayLike<number>): ConfigInfo => {
    let key = '';
    for (let r = 0; r < R; r++) key += slots[r] + ',';
    let info = configs.get(key);
    if (!info) {
      const own = Int32Array.from({ length: R }, (_, r) => slots[r]);
      info = new ConfigInfo(own, layout.activeNodes(own));
      configs.set(key, info);
      stats.configurations++;
    }
    return info;
  };
  const slotsOfNodes = (active: ReadonlySet<AnyStateNode>): Int32Array => {
    const slots = new Int32Array(R);
    layout.regionValues(active, slots);
    return slots;
  };

  // ---- finality from slots (xstate's isInFinalState, per region) ----
  // Compiled once into closures: isDone runs on every state.
  const finalTest = (node: AnyStateNode): ((slots: ArrayLike<number>) => boolean) => {
    if (node.type === 'compound') {
      const r = layout.slotOfOwner.get(node)!;
      const finalPath = layout.finalPath[r];
      return (slots) => slots[r] >= 0 && finalPath[slots[r]] === 1;
    }
    if (node.type === 'parallel') {
      const tests = childrenOf(node).map(finalTest);
      return (slots) => {
        for (let i = 0; i < tests.length; i++) if (!tests[i](slots)) return false;
        return true;
      };
    }
    const final = node.type === 'final';
    return () => final;
  };
  const isDone = finalTest(machine.root);
  const finalityBits = (slots: ArrayLike<number>): number => {
    let bits = 0;
    for (let r = 0; r < R; r++) if (slots[r] >= 0 && layout.finalPath[r][slots[r]] === 1) bits |= 1 << r;
    return bits;
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
  const histKey = (head: ArrayLike<number>): string => {
    let key = '';
    for (let h = 0; h < H; h++) key += '|' + head[R + h];
    return key;
  };

  // ---- the memoised microstep on a whole configuration ----
  const fullMicrostep = (config: ConfigInfo, head: ArrayLike<number>, selected: readonly Candidate[]): StepResult => {
    let key = '';
    for (const c of selected) key += c.id + ',';
    if (H > 0) key += histKey(head);
    let result = config.memo.get(key);
    if (!result) {
      const hist = H > 0 ? Int32Array.from({ length: H }, (_, h) => head[R + h]) : null;
      const outcome = microstepOutcome(
        selected.map((c) => c.t),
        config.nodeSet,
        historyRecord(hist),
      );
      const next = configOfSlots(slotsOfNodes(outcome.next));
      const actions = compiledActions(outcome.actions);
      if (outcome.done !== (next.status === 'done')) throw new Error(`internal: done status mismatch entering '${next.nodes.map((n) => n.id).join(',')}'`);
      result = {
        next,
        history: outcome.historyTouched ? historySlots(outcome.history) : null,
        actions,
        doneEvents: outcome.doneEvents.map((id) => ({ type: `xstate.done.state.${id}`, output: undefined })),
        changed: next !== config || outcome.historyTouched || actions.length > 0 || outcome.done,
      };
      config.memo.set(key, result);
      stats.microsteps++;
    }
    return result;
  };

  // ---- the memoised microstep of one transition, keyed by its footprint only ----
  const footprintOf = (c: Candidate): Footprint | null => {
    let fp = c.fp;
    if (fp !== undefined) return fp;
    fp = null;
    const targetsHistory = (c.t.target ?? []).some((n) => n.type === 'history');
    if (!targetsHistory && !initialHistory) {
      const domain = domainOf(c.t, {});
      const slots: number[] = [];
      if (domain === undefined) for (let r = 0; r < R; r++) slots.push(r);
      else {
        layout.regions.forEach((region, r) => {
          if (region.owner === domain || isDescendant(region.owner, domain)) slots.push(r);
        });
        const home = layout.activation.get(domain);
        if (home && !layout.slotOfOwner.has(domain) && !slots.includes(home.slot)) slots.push(home.slot);
      }
      const finalSensitive = layout.nodes.some((n) => n.type === 'final' && (domain === undefined || isDescendant(n, domain)) && hasParallelAncestor(n));
      const radix: number[] = [];
      let product = 1;
      for (const r of slots) {
        radix.push(product);
        product *= layout.regions[r].paths.length + 1;
      }
      const keySpace = finalSensitive ? product * 2 ** R : product;
      if (!finalSensitive || R <= 30) fp = { slots: Int32Array.from(slots), radix, product, finalSensitive, smallKeys: keySpace <= 1 << 16, keySpace };
    }
    c.fp = fp;
    return fp;
  };
  const localMicrostep = (c: Candidate, fp: Footprint, head: Int32Array): LocalStep | typeof NEEDS_FULL => {
    let key: number | string = 0;
    for (let i = 0; i < fp.slots.length; i++) key += (head[fp.slots[i]] + 1) * fp.radix[i];
    const small = H === 0 && fp.smallKeys;
    if (fp.finalSensitive) key += finalityBits(head) * fp.product;
    if (small) {
      const hit = c.memoArray?.[key];
      if (hit !== undefined) return hit;
    }
    let memo = c.memo;
    if (!memo) c.memo = memo = new Map();
    if (H > 0 || !Number.isSafeInteger(key)) key = (fp.finalSensitive ? `${key}/${finalityBits(head)}` : String(key)) + histKey(head);
    let step = memo.get(key);
    if (step === undefined) {
      const config = configOfSlots(head);
      const full = fullMicrostep(config, head, [c]);
      if (full.next.status === 'done') step = NEEDS_FULL;
      else {
        for (let r = 0; r < R; r++) {
          if (full.next.slots[r] !== config.slots[r] && !fp.slots.includes(r)) throw new Error(`internal: transition from '${c.t.source.id}' changed region '${layout.regions[r].owner.id}' outside its footprint`);
        }
        step = {
          values: Int32Array.from(fp.slots, (r) => full.next.slots[r]),
          history: full.history,
          actions: full.actions,
          doneEvents: full.doneEvents,
          changed: full.changed,
        };
      }
      memo.set(key, step);
      // Sized up front: a JS array grown by writes at high indices turns into a dictionary.
      if (small) (c.memoArray ??= new Array(fp.keySpace))[key as number] = step;
    }
    return step;
  };

  // ---- transition selection ----
  const selections = new Map<string, Selection | null>();
  const selectionFor = (type: string): Selection | null => {
    let sel = selections.get(type);
    if (sel === undefined) {
      sel = buildSelection(machine.root, type);
      selections.set(type, sel);
    }
    return sel;
  };
  const buildSelection = (node: AnyStateNode, type: string): Selection | null => {
    if (node.type === 'compound') {
      const slot = layout.slotOfOwner.get(node)!;
      const perPath = layout.regions[slot].paths.map((path): PathSelection | null => {
        const endNode = path[path.length - 1];
        const end = endNode.type === 'parallel' ? buildSelection(endNode, type) : null;
        const chainNodes = [...path.slice(0, endNode.type === 'parallel' ? -1 : path.length)].reverse();
        chainNodes.push(node);
        const chain = chainNodes.map((n) => candidatesFor(n, type)).filter((l) => l.length > 0);
        return end === null && chain.length === 0 ? null : { end, chain };
      });
      return perPath.some((p) => p !== null) ? { kind: 'region', slot, perPath } : null;
    }
    const own = candidatesFor(node, type);
    if (node.type === 'parallel') {
      const children = childrenOf(node)
        .map((c) => buildSelection(c, type))
        .filter((s): s is Selection => s !== null);
      return children.length === 0 && own.length === 0 ? null : { kind: 'parallel', own, children };
    }
    return own.length === 0 ? null : { kind: 'atomic', own };
  };
  const selected: Candidate[] = [];
  const tryOwn = (own: readonly Candidate[], context: unknown, event: EventObject, view: ConfigView): boolean => {
    for (let i = 0; i < own.length; i++) {
      const c = own[i];
      if (c.guard === undefined || passes(c, context, event, view)) {
        selected.push(c);
        return true;
      }
    }
    return false;
  };
  const runSelection = (sel: Selection, state: ArrayLike<number>, context: unknown, event: EventObject, view: ConfigView): void => {
    if (sel.kind === 'region') {
      const p = state[sel.slot];
      const path = p >= 0 ? sel.perPath[p] : null;
      if (path === null) return;
      if (path.end !== null) {
        const before = selected.length;
        runSelection(path.end, state, context, event, view);
        if (selected.length > before) return;
      }
      for (let i = 0; i < path.chain.length; i++) if (tryOwn(path.chain[i], context, event, view)) return;
      return;
    }
    if (sel.kind === 'parallel') {
      const before = selected.length;
      for (let i = 0; i < sel.children.length; i++) runSelection(sel.children[i], state, context, event, view);
      if (selected.length > before) return;
    }
    tryOwn(sel.own, context, event, view);
  };
  const passes = (c: Candidate, context: unknown, event: EventObject, view: ConfigView): boolean => {
    try {
      return c.guard!(context, event, view);
    } catch (err) {
      const g = c.t.guard as { type?: unknown } | string;
      const name = typeof g === 'string' ? g : typeof g === 'object' ? String(g.type) : undefined;
      throw new Error(`Unable to evaluate guard ${name ? `'${name}' ` : ''}in transition for event '${event.type}' in state node '${c.t.source.id}':\n${(err as Error).message}`, { cause: err });
    }
  };
  /** stateIn guards need the configuration; build it only when one asks. */
  class LazyView implements ConfigView {
    private info: ConfigInfo | undefined;
    constructor(private readonly slots: ArrayLike<number>) {}
    get value(): StateValue {
      return (this.info ??= configOfSlots(this.slots)).value;
    }
    get nodeSet(): ReadonlySet<AnyStateNode> {
      return (this.info ??= configOfSlots(this.slots)).nodeSet;
    }
  }
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

  // ---- packing (a context of objects: object-context.ts) ----
  const spawn = () => {
    throw spawnedChildError(machine, ['(spawned in assign)']);
  };
  const { decodeContext, packState } = objectContexts(layout, interner);

  // ---- loading a packed state (one-entry cache: the explorer asks about one state at a time) ----
  // Keyed by content, not identity: explorers hand out reused buffers (packed-bfs.ts).
  const lastState = new SameInts();
  let lastContext: any;
  const contextOf = (state: Int32Array): any => {
    if (!lastState.matches(state)) {
      lastContext = twins ? twins.decode(state, CB) : decodeContext(state);
      lastState.remember(state);
    }
    return lastContext;
  };

  // ---- a packed state as a snapshot (unpacked-snapshot.ts), and a snapshot packed ----
  const { unpack, toSnapshot } = unpacking({ machine, layout, isDone, configOfSlots, contextOf, historyRecord });
  const pack = (snapshot: AnyMachineSnapshot): Int32Array => {
    if (snapshot.status === 'error') throw snapshot.error;
    for (const id in snapshot.children) throw spawnedChildError(machine, [id]);
    const head = new Int32Array(CB);
    head.set(slotsOfNodes(new Set(snapshot._nodes)), 0);
    if (H > 0) head.set(historySlots((snapshot.historyValue ?? {}) as HistoryRecord), R);
    const status = isDone(head) ? 'done' : 'active';
    if (snapshot.status !== status) throw new Unsupported(`snapshot status '${snapshot.status}' in a configuration whose status is '${status}'`);
    if (twins) {
      const out = new Int32Array(CB + twins.width);
      out.set(head, 0);
      twins.encode(snapshot.context, out, CB);
      return out;
    }
    return packState(head, snapshot.context, undefined, undefined);
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
  const noView: ConfigView = { value: {}, nodeSet: new Set() };
  // The slots of the state being built (nextState is not re-entered: guards and
  // actions are model code that never steps the model).
  const scratchHead = new Int32Array(CB);

  /**
   * xstate's macrostep loop after an event's microstep, shared by both context forms:
   * eventless transitions until stable, then the internal queue (done events, which no
   * transition handles here: checked statically). Steps `head` in place; `run` applies a
   * microstep's actions to the context and returns it (a new object, or the packed state
   * itself, updated in place).
   */
  const settleEventless = <C,>(
    /** The state the step started from, intact (for the error of a loop that never settles). */
    from: Int32Array,
    head: Int32Array,
    context: C,
    event: EventObject,
    queue: EventObject[],
    run: (actions: readonly CompiledAction[], context: C, event: EventObject) => C,
  ): { context: C; changed: boolean } | typeof SEVERAL_EVENTLESS => {
    let changed = false;
    let nextEvent = event;
    let selectEventlessNow = true;
    for (let iteration = 1; !isDone(head); iteration++) {
      if (iteration > maxIterations) throw unsettledError(machine, { from: unpack(from).value, event: describeEvent(event) });
      const config = configOfSlots(head);
      const enabled = selectEventlessNow ? selectEventless(config, context, nextEvent) : [];
      if (enabled.length > 1) return SEVERAL_EVENTLESS;
      if (enabled.length === 0) {
        if (queue.length === 0) break;
        nextEvent = queue.shift()!;
        selectEventlessNow = true;
        continue;
      }
      const step = fullMicrostep(config, head, enabled);
      context = run(step.actions, context, nextEvent);
      head.set(step.next.slots, 0);
      if (step.history) head.set(step.history, R);
      for (const e of step.doneEvents) queue.push(e);
      selectEventlessNow = step.changed;
      changed ||= step.changed;
    }
    return { context, changed };
  };
  const runObjectActions = (actions: readonly CompiledAction[], context: unknown, event: EventObject): unknown => {
    for (const a of actions) context = a.run(context, event, spawn);
    return context;
  };
  const runPackedActions = (actions: readonly CompiledAction[], s: Int32Array, event: EventObject): Int32Array => {
    for (const a of actions) a.run(s, event, spawn);
    return s;
  };

  const nextState = (state: Int32Array, event: EventObject): Int32Array | undefined => {
    if (isDone(state)) return undefined;
    const context0 = contextOf(state);
    const sel = selectionFor(event.type);
    selected.length = 0;
    if (sel !== null) runSelection(sel, state, context0, event, usesStateIn ? new LazyView(state) : noView);
    // Without eventless transitions an event no transition takes changes nothing; with
    // them, xstate still re-evaluates their guards against this event.
    if (selected.length === 0 && !hasAlways) return undefined;
    const head = scratchHead;
    for (let i = 0; i < CB; i++) head[i] = state[i];
    let context = context0;
    let changed = false;
    const queue: EventObject[] = [];
    if (selected.length > 0) {
      let local: LocalStep | typeof NEEDS_FULL = NEEDS_FULL;
      const fp = selected.length === 1 ? footprintOf(selected[0]) : null;
      if (fp !== null) local = localMicrostep(selected[0], fp, head);
      if (local !== NEEDS_FULL) {
        for (let i = 0; i < fp!.slots.length; i++) head[fp!.slots[i]] = local.values[i];
        if (local.history) head.set(local.history, R);
        for (const a of local.actions) context = a.run(context, event, spawn);
        changed = local.changed;
        for (const e of local.doneEvents) queue.push(e);
      } else {
        const result = fullMicrostep(configOfSlots(head), head, selected.slice());
        head.set(result.next.slots, 0);
        if (result.history) head.set(result.history, R);
        for (const a of result.actions) context = a.run(context, event, spawn);
        changed = result.changed;
        for (const e of result.doneEvents) queue.push(e);
      }
    }

    if (hasAlways) {
      const settled = settleEventless(state, head, context, event, queue, runObjectActions);
      if (settled === SEVERAL_EVENTLESS) return fallback(state, event, SEVERAL_EVENTLESS);
      context = settled.context;
      changed ||= settled.changed;
    }
    if (!changed) return undefined;
    return packState(head, context, state, context0);
  };

  /**
   * The step with a PackedContext: guards read the packed state itself, the successor
   * is a copy of it whose region slots the microstep sets and whose context ints the
   * twins update in place. Same control as nextState, no objects.
   */
  let transientOut = new Int32Array(0);
  // Per event type: its generated selector, NO_CANDIDATES, or GENERIC (the tree walk).
  const NO_CANDIDATES = 0;
  const GENERIC = 1;
  const selectors = new Map<string, GeneratedSelect | typeof NO_CANDIDATES | typeof GENERIC>();
  const selectorFor = (type: string) => {
    let g = selectors.get(type);
    if (g === undefined) {
      const sel = selectionFor(type);
      g = sel === null ? NO_CANDIDATES : (generateSelect(sel, (c, leaves) => (c.guard === undefined ? null : twinGuardCode(machine, c.t.guard, twins!, leaves)), CB) ?? GENERIC);
      selectors.set(type, g);
    }
    return g;
  };
  const runOf = (local: LocalStep, slots: Int32Array): ((s: Int32Array, event: EventObject) => void) => {
    if (local.packedRun === undefined) {
      const updates = local.actions.map((a) => a.packed!);
      const body = [
        ...Array.from(slots, (slot, i) => `  o[${slot}] = ${local.values[i]};`),
        ...Array.from(local.history ?? [], (value, h) => `  o[${R + h}] = ${value};`),
        ...updates.map((_, i) => `  u${i}(o, AT, e);`),
      ];
      local.packedRun = new Function('U', 'AT', `"use strict";\n${updates.map((_, i) => `const u${i} = U[${i}];`).join('\n')}\nreturn function run(o, e) {\n${body.join('\n')}\n};`)(updates, CB) as (s: Int32Array, event: EventObject) => void;
    }
    return local.packedRun;
  };
  const stepPacked = (state: Int32Array, event: EventObject, transient: boolean): Int32Array | undefined => {
    if (isDone(state)) return undefined;
    // One transition at most (generated selectors), kept out of `selected`: resetting an
    // array's length costs a runtime call per step.
    let chosen: Candidate | undefined;
    const selector = selectorFor(event.type);
    if (selector === GENERIC) {
      selected.length = 0;
      runSelection(selectionFor(event.type)!, state, state, event, noView);
    } else if (selector !== NO_CANDIDATES) {
      let id: number;
      try {
        id = selector(state, event);
      } catch {
        // Let the tree walk throw the same error, naming the guard and the state node.
        selected.length = 0;
        runSelection(selectionFor(event.type)!, state, state, event, noView);
        throw new Error('internal: a generated selector threw where the tree walk did not');
      }
      if (id >= 0) chosen = candidates[id];
    }
    const count = selector === GENERIC ? selected.length : chosen === undefined ? 0 : 1;
    if (count === 0 && !hasAlways) return undefined;
    if (selector === GENERIC && count === 1) chosen = selected[0];
    // `out` is both the head (its first CB ints) and the context the actions update.
    let out: Int32Array;
    if (transient) {
      if (transientOut.length !== state.length) transientOut = new Int32Array(state.length);
      out = transientOut;
      out.set(state);
    } else out = state.slice();
    let changed = false;
    let queue: EventObject[] | null = null;
    if (count > 0) {
      let local: LocalStep | typeof NEEDS_FULL = NEEDS_FULL;
      const fp = count === 1 ? footprintOf(chosen!) : null;
      if (fp !== null) local = localMicrostep(chosen!, fp, out);
      if (local !== NEEDS_FULL) {
        runOf(local, fp!.slots)(out, event);
        changed = local.changed;
        // Done events matter only to eventless transitions, which then run below.
        if (hasAlways && local.doneEvents.length > 0) (queue ??= []).push(...local.doneEvents);
      } else {
        const result = fullMicrostep(configOfSlots(out), out, count === 1 ? [chosen!] : selected.slice());
        out.set(result.next.slots, 0);
        if (result.history) out.set(result.history, R);
        for (const a of result.actions) a.run(out, event, spawn);
        changed = result.changed;
        if (result.doneEvents.length > 0) (queue ??= []).push(...result.doneEvents);
      }
    }
    if (hasAlways) {
      // `out` is both the head and the context: the twins update it in place.
      const settled = settleEventless(state, out, out, event, queue ?? [], runPackedActions);
      if (settled === SEVERAL_EVENTLESS) return fallback(state, event, SEVERAL_EVENTLESS);
      changed ||= settled.changed;
    }
    return changed ? out : undefined;
  };

  /**
   * stepPacked(state, event, true) for machines with packed twins, no history and no
   * eventless transitions, on the path every kernel step takes: a generated selector, a
   * transition with a small footprint key whose local microstep is already memoised.
   * Anything else (a first visit to a key, a tree walk, a selector that throws) goes to
   * stepPacked, which stays the one definition of a step.
   */
  const fastLookup = (c: Candidate): MemoLookup<LocalStep | typeof NEEDS_FULL> | null => {
    const fp = footprintOf(c);
    if (fp === null || !fp.smallKeys) return null;
    return generateMemoLookup(fp, layout.finalPath, (c.memoArray ??= new Array(fp.keySpace)));
  };
  const stepFast = (state: Int32Array, event: EventObject): Int32Array | undefined => {
    if (isDone(state)) return undefined;
    const selector = selectorFor(event.type);
    if (selector === NO_CANDIDATES) return undefined;
    if (selector === GENERIC) return stepPacked(state, event, true);
    let id: number;
    try {
      id = selector(state, event);
    } catch {
      return stepPacked(state, event, true);
    }
    if (id < 0) return undefined;
    const c = candidates[id];
    let lookup = c.lookup;
    if (lookup === undefined) lookup = c.lookup = fastLookup(c);
    const local = lookup === null ? undefined : lookup(state);
    if (local === undefined || local === NEEDS_FULL) return stepPacked(state, event, true);
    if (!local.changed) return undefined;
    if (transientOut.length !== state.length) transientOut = new Int32Array(state.length);
    const out = transientOut;
    out.set(state);
    (local.packedRun ?? runOf(local, c.fp!.slots))(out, event);
    return out;
  };
  const stepTransient = twins && H === 0 && !hasAlways ? stepFast : (state: Int32Array, event: EventObject) => stepPacked(state, event, true);

  // ---- candidate events: those some active node handles (fromMachine's filter, in slot terms) ----
  const offered = offeredEvents({ layout, events, skipUnhandled, packedEvents: twins?.events(layoutInfo(layout)), unpack });

  const model: CompiledModel = {
    initialStates() {
      const snapshot = machine.getInitialSnapshot(scope, options.input) as AnyMachineSnapshot;
      if (snapshot.status === 'error') throw explainUnsettled(machine, snapshot.error);
      return [pack(snapshot)];
    },
    actions(state) {
      if (isDone(state)) return [];
      return offered(state);
    },
    nextState: twins ? (state, event) => stepPacked(state, event, false) : nextState,
    ...(twins ? { nextStateTransient: stepTransient } : {}),
    encode: encodePacked,
    // The packed state is its own canonical encoding: check() fingerprints these ints.
    encodeInts: (state) => state,
    // With a packed context nothing is interned per thread (and without history states no
    // node sets are): every worker packs a state into the same ints, which can cross threads.
    ...(twins && H === 0 ? { portableInts: true, toTransfer: (state: Int32Array) => state, fromTransfer: (data: unknown) => data as Int32Array } : {}),
    // A process function that ignores the snapshot (arity 1) is not worth unpacking for.
    process: processOf ? (processOf.length < 2 ? (event) => processOf(event, undefined) : (event, state) => processOf(event, unpack(state))) : (event) => event.type,
    isFinal: (state) => interpreted.isFinal(toSnapshot(state)),
    describeStep: (from, event, to) => interpreted.describeStep(toSnapshot(from), event, toSnapshot(to)),
    view: (state) => interpreted.view(toSnapshot(state)),
    actionJson: (event) => interpreted.actionJson(event),
  };

  stats.stateInts = CB + (twins?.width ?? layout.contextKeys.length);
  if (twins?.ranges && H === 0) {
    const regionRanges = layout.regions.map((region): [number, number] => [-1, region.paths.length - 1]);
    const plan = narrowPlan([...regionRanges, ...twins.ranges], (i) =>
      i < R ? `region slot ${i} ('${layout.regions[i].owner.id}')` : `context int ${i - R}${twins.describeInt ? ` (${twins.describeInt(i - R)})` : ''}`,
    );
    stats.stateInts = plan.words;
    return narrowed(plan, { model, unpack, toSnapshot, pack, layout, stats }, stepTransient, isDone, offered);
  }
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
