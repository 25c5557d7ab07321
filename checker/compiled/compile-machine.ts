/**
 * Compiled machines (performance issue, item 1): an XState v5 machine as a successor
 * function over packed states (Int32Array, see layout.ts), giving exactly the results of
 * xstate's own `machine.transition` without running its general macrostep.
 *
 * The hot path of a step is: evaluate the guards of the candidate transitions for the
 * event type (a selection tree built once per event type, walked in xstate's order over
 * the region slots: selection.ts), look up the memoised microstep of the selected
 * transition keyed by its FOOTPRINT (the slots of the regions its domain covers, plus
 * every region's finality when entering a final state may complete a parallel ancestor:
 * local-microstep.ts), run the assigns, pack. A parallel machine has about as many
 * configurations as states, so only the cold paths (several transitions in one
 * microstep, reaching a final configuration, eventless transitions, stateIn guards) work
 * on whole configurations (configurations.ts). Eventless (`always`) transitions run until
 * stable as in xstate's macrostep (eventless.ts).
 *
 * What it cannot run it says at compile time (`{ unsupported }`), or, for the one case it
 * can only see while running (several eventless transitions enabled in one microstep,
 * whose order xstate takes from the history of the snapshot's node list), it falls back
 * to xstate's own transition for that step and says so once (fallback.ts).
 *
 * This file assembles the parts into the model: the step itself is step-packed.ts (with a
 * PackedContext) or step-objects.ts (a context of objects).
 */
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import type { Model } from '../model.ts';
import { createReusableActorScope } from '../xstate/actor-scope.ts';
import type { EventSource } from '../xstate/from-machine.ts';
import { fromMachine } from '../xstate/from-machine.ts';
import { boundIterations, explainUnsettled } from '../xstate/iteration-bound.ts';
import { machineTransitions } from '../xstate/transition-names.ts';
import { spawnedChildError, UnsupportedMachineError } from '../xstate/unsupported-features.ts';
import { candidateTable, guardsUseStateIn } from './candidates.ts';
import { configurations } from './configurations.ts';
import { eventlessSettling } from './eventless.ts';
import { xstateFallback } from './fallback.ts';
import { finality } from './finality.ts';
import { staticProblems, Unsupported } from './guards-actions.ts';
import { historySlotsOf } from './history-slots.ts';
import { ValueInterner } from './intern.ts';
import { Layout } from './layout.ts';
import { localMicrosteps } from './local-microstep.ts';
import { narrowPlan, type NarrowPlan } from './narrow.ts';
import { narrowed } from './narrowed-model.ts';
import { offeredEvents } from './offered-events.ts';
import { layoutInfo, packedTwinsFor } from './packed-context-binding.ts';
import type { PackedContext } from './packed-context.ts';
import { encodePacked } from './packed-fingerprint.ts';
import { packing } from './packing.ts';
import { transitionSelection } from './selection.ts';
import { objectContextStep } from './step-objects.ts';
import { packedSteps } from './step-packed.ts';
import { unpacking, type UnpackedSnapshot } from './unpacked-snapshot.ts';

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
  const stats: CompiledStats = { packedContext: false, stateInts: 0, configurations: 0, microsteps: 0, internedValues: 0, fallbackSteps: 0 };

  const R = layout.regionCount;
  const H = layout.histories.length;
  const CB = layout.contextBase;
  const hasAlways = layout.nodes.some((n) => (n.always?.length ?? 0) > 0);
  const maxIterations = boundIterations(machine); // the same bound xstate's own steps use: iteration-bound.ts

  // ---- transitions and their compiled guards/actions, resolved once ----
  const usesStateIn = guardsUseStateIn(machine, layout);
  const twins = options.packedContext === undefined ? undefined : packedTwinsFor(machine, layout, options.packedContext, usesStateIn, options.onPackedRefused);
  stats.packedContext = twins !== undefined;
  const { candidates, candidate, candidatesFor, compiledActions } = candidateTable(machine, twins, CB);

  // ---- configurations, finality and history in slot terms; the two memoised microsteps ----
  const { isDone, finalityBits } = finality(layout, machine.root);
  const history = historySlotsOf(layout);
  const configs = configurations({ layout, stats, history, compiledActions });
  const local = localMicrosteps({ layout, configurations: configs, finalityBits, histKey: history.histKey });
  const selection = transitionSelection(machine, layout, candidatesFor);

  // ---- packing, and a packed state as a snapshot (unpacked-snapshot.ts) ----
  const { contextOf, pack, packState } = packing({ machine, layout, interner, twins, slotsOfNodes: configs.slotsOfNodes, historySlots: history.historySlots, isDone });
  const { unpack, toSnapshot } = unpacking({ machine, layout, isDone, configOfSlots: configs.configOfSlots, contextOf, historyRecord: history.historyRecord });

  // ---- the step ----
  const spawn = () => {
    throw spawnedChildError(machine, ['(spawned in assign)']);
  };
  const settleEventless = eventlessSettling({ machine, layout, maxIterations, candidate, passes: selection.passes, configurations: configs, isDone, unpack });
  const fallback = xstateFallback({ machine, scope, stats, onFallback: options.onFallback, toSnapshot, pack });
  const stepParts = { layout, hasAlways, isDone, spawn, selection, localMicrosteps: local, configurations: configs, settleEventless, fallback };
  const packed = twins ? packedSteps({ ...stepParts, machine, twins, candidates }) : undefined;
  const nextState = packed ? packed.nextState : objectContextStep({ ...stepParts, usesStateIn, packing: { contextOf, packState } });

  // ---- candidate events: those some active node handles (fromMachine's filter, in slot terms) ----
  const transitions = machineTransitions(machine);
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
    nextState,
    ...(packed ? { nextStateTransient: packed.nextStateTransient } : {}),
    encode: encodePacked,
    // The packed state is its own canonical encoding: check() fingerprints these ints.
    encodeInts: (state) => state,
    // With a packed context nothing is interned per thread (and without history states no
    // node sets are): every worker packs a state into the same ints, which can cross threads.
    ...(twins && H === 0 ? { portableInts: true, toTransfer: (state: Int32Array) => state, fromTransfer: (data: unknown) => data as Int32Array } : {}),
    // A process function that ignores the snapshot (arity 1) is not worth unpacking for.
    process: processOf ? (processOf.length < 2 ? (event) => processOf(event, undefined) : (event, state) => processOf(event, unpack(state))) : (event) => event.type,
    // The unpacked snapshot has what these read (status, value, context): 0.2 µs against 19 µs for
    // a resolved one. The compiled-vs-interpreted tests compare deadlocks, traces and their views.
    isFinal: (state) => interpreted.isFinal(unpack(state) as unknown as AnyMachineSnapshot),
    // XState's own answer (snapshot.can) on the resolved snapshot: asked only of states
    // without successors, so its 19 µs are rare, and both engines give the same answer.
    ...(interpreted.hasUnchangingStep ? { hasUnchangingStep: (state: Int32Array) => interpreted.hasUnchangingStep!(toSnapshot(state)) } : {}),
    describeStep: (from, event, to) => interpreted.describeStep(unpack(from) as unknown as AnyMachineSnapshot, event, unpack(to) as unknown as AnyMachineSnapshot),
    view: (state) => interpreted.view(unpack(state) as unknown as AnyMachineSnapshot),
    actionJson: (event) => interpreted.actionJson(event),
    transitions: {
      get names() {
        return transitions.names; // named on first use (transition-names.ts)
      },
      // The packed step's own selection; without packed twins, xstate's over the snapshot.
      taken: packed ? (state, event) => transitions.indicesOf(packed.selectedTransitions(state, event)) : (state, event) => transitions.taken(toSnapshot(state), event),
    },
  };

  stats.stateInts = CB + (twins?.width ?? layout.contextKeys.length);
  if (packed && twins?.ranges && H === 0) {
    const regionRanges = layout.regions.map((region): [number, number] => [-1, region.paths.length - 1]);
    const plan = narrowPlan([...regionRanges, ...twins.ranges], (i) =>
      i < R ? `region slot ${i} ('${layout.regions[i].owner.id}')` : `context int ${i - R}${twins.describeInt ? ` (${twins.describeInt(i - R)})` : ''}`,
    );
    stats.stateInts = plan.words;
    return narrowed(plan, { model, unpack, toSnapshot, pack, layout, stats }, packed.nextStateTransient, isDone, offered);
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
