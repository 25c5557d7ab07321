/**
 * A model's context as fixed-width ints, with packed twins of its named guards and
 * assign actions (performance issue, item 1).
 *
 * Why: the compiled path runs the machine's own guard and assign functions on context
 * objects, so every step builds objects and interns them; that, not the search, is where
 * the time goes. A model that gives a PackedContext lets the compiler keep the context as
 * raw ints inside the packed state and step it in place: the statechart (states,
 * transitions, their order, guard and action NAMES and params) still comes from the
 * XState machine, only the leaf functions are swapped for their twins.
 *
 * Twins must mean the same as the originals. The compiler cannot prove that, so models
 * that give one must test it (the kernel does, guard by guard and action by action on
 * every reachable state of the built-in scenarios, and by comparing whole explorations).
 *
 * Layout of a packed state in this mode: [ region slots | history slots | context ints ];
 * `at` below is where the context ints start.
 */
import type { EventObject } from 'xstate';

/** A guard's twin: reads the packed state, never writes it. */
export type PackedGuard = (s: Int32Array, at: number, event: EventObject) => boolean;

/**
 * An assign's twin: updates the context ints of `s` in place, as the assign would have
 * computed the next context from the current one (actions of a step run in order, each
 * on the previous one's result, as in xstate).
 */
export type PackedUpdate = (s: Int32Array, at: number, event: EventObject) => void;

export interface PackedContext<C = unknown> {
  /** Ints the context takes; the same for every context of the model. */
  readonly width: number;
  /**
   * Writes the context into s[at, at + width). Injective and canonical: two contexts get
   * the same ints iff they are deeply equal (this is what makes states distinct).
   */
  encode(context: C, s: Int32Array, at: number): void;
  /** The context object the ints stand for (deeply equal to the one encoded). */
  decode(s: Int32Array, at: number): C;
  /** Twins of the machine's named guards: from the static params of a use to its test. */
  readonly guards: Readonly<Record<string, (params: any) => PackedGuard>>;
  /** Twins of the machine's named assign actions: from the static params of a use to its update. */
  readonly actions: Readonly<Record<string, (params: any) => PackedUpdate>>;
  /**
   * The events function over packed states: given where the regions live, returns the
   * function giving, for a packed state that is not done, EXACTLY the list (same events,
   * same order) the model's own events function gives for its snapshot, so that index
   * paths, and so traces, are the same in both modes. Event objects may be shared
   * between calls; the returned array is the caller's.
   */
  events(layout: PackedLayoutInfo): (s: Int32Array, at: number) => readonly EventObject[];
  /**
   * Optional: [min, max] of each context int over every reachable context (a bound, not
   * necessarily tight). With it the checker stores states narrow, each int in the bits
   * its range needs (narrow.ts); a value outside its range is an error, not a wrap.
   */
  readonly ranges?: readonly (readonly [number, number])[];
  /** Optional: a name for context int i, for error messages ("task A pc"). */
  describeInt?(i: number): string;
}

/** Where the state configuration lives in a packed state, for a model's packed events function. */
export interface PackedLayoutInfo {
  /**
   * The slot of a region: the machine's root when compound, and every compound child of
   * a parallel node, by the node's id (e.g. 'kernel', 'task-A'). Throws for another id.
   */
  slotOf(regionId: string): number;
  /**
   * The values that slot takes: value i is the active path, the KEYS of the nodes from
   * the region's active child down to an atomic, final or parallel node (e.g.
   * ['alloc', 'min'] or ['run']); -1 = the region is not active.
   */
  pathsOf(regionId: string): readonly (readonly string[])[];
}
