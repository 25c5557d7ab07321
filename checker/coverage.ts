/**
 * Coverage of a run (TLC's -coverage, its simulation statistics): per kind of action, how
 * often it was offered, taken, and how many distinct states it found first; per transition
 * the model declares (a statechart's, Model.transitions), how often a step took it; per
 * field of the model's view, the values the explored states gave it.
 *
 * Why: a property that holds says nothing if the run never went where it matters. An
 * action never taken (the OOM killer never chose V, kswapd never woke) or a field that
 * never took a value (the zone never fell below its min watermark) shows a scenario that
 * does not exercise what its author meant, and for random walks and shards, which prove
 * nothing, it is the only measure of how much of the space they saw.
 *
 * Opt-in (CheckOptions.coverage): it labels every listed action, asks the model which
 * transitions every step took, and views every new state. It counts what the search
 * explored: under symmetry, one state per orbit.
 */
import type { Model } from './model.ts';
import { eventLabel } from './report/text.ts';

export interface ActionCoverage {
  /** The action as the report prints it (its JSON form: event type and payload). */
  action: string;
  /** Times it was listed for a state the run expanded (enabled or not). */
  offered: number;
  /** Transitions it made. */
  taken: number;
  /**
   * Distinct states it reached first. Depends on the search order (BFS or DFS; with
   * workers, which thread claimed a state first); the sum over actions does not.
   */
  newStates: number;
}

export interface TransitionCoverage {
  /** As the model names it (for a statechart: source, event, target, guard). */
  transition: string;
  /** Steps that took it. */
  taken: number;
  /** Distinct states those steps reached first. */
  newStates: number;
}

export interface FieldCoverage {
  field: string;
  /** Distinct values seen, counted up to FIELD_VALUE_CAP; `capped` says there were more. */
  distinct: number;
  capped: boolean;
  /** The values seen (as JSON values), when not capped; sorted. */
  values?: unknown[];
  /** Smallest and largest, when every value seen was a number. */
  min?: number;
  max?: number;
}

export interface Coverage {
  /** In the order of their labels. */
  actions: ActionCoverage[];
  /** Every transition the model declares (Model.transitions), in its order; absent when it declares none. */
  transitions?: TransitionCoverage[];
  /** In the order of the first view's fields. */
  fields: FieldCoverage[];
}

/** Distinct action labels kept apart; the rest share one row, OTHER_ACTIONS (payloads may be unbounded). */
export const ACTION_KIND_CAP = 1000;
export const OTHER_ACTIONS = '(other actions)';
/** Distinct values kept per field; past it the field says only "more". */
export const FIELD_VALUE_CAP = 64;

/** Counts one run's coverage; the explorer calls it for each listing, step and new state. */
export class CoverageCounter<S, A> {
  private readonly labels: string[] = [];
  private readonly byLabel = new Map<string, number>();
  /** Action objects are often shared between listings (a model's event constants): label once. */
  private readonly byObject = new WeakMap<object, number>();
  private readonly byPrimitive = new Map<unknown, number>();
  private readonly offered: number[] = [];
  private readonly taken: number[] = [];
  private readonly found: number[] = [];
  /** The kinds of the actions last passed to `listed`, by index. */
  private readonly listing: number[] = [];
  private readonly fields = new Map<string, FieldValues>();
  private readonly transitionTaken: number[];
  private readonly transitionFound: number[];

  constructor(private readonly model: Pick<Model<S, A>, 'actionJson' | 'view' | 'transitions'>) {
    const declared = model.transitions?.names.length ?? 0;
    this.transitionTaken = new Array<number>(declared).fill(0);
    this.transitionFound = new Array<number>(declared).fill(0);
  }

  /** A state's actions were listed for expansion. */
  listed(actions: readonly A[]): void {
    const listing = this.listing;
    listing.length = actions.length;
    for (let i = 0; i < actions.length; i++) {
      const kind = this.kindOf(actions[i]);
      listing[i] = kind;
      this.offered[kind]++;
    }
  }

  /** Action `index` of the last listing, `action`, made a step from `state`, to a new state or not. */
  took(state: S, action: A, index: number, isNew: boolean): void {
    const kind = this.listing[index];
    this.taken[kind]++;
    if (isNew) this.found[kind]++;
    const transitions = this.model.transitions;
    if (transitions === undefined) return;
    for (const t of transitions.taken(state, action)) {
      this.transitionTaken[t]++;
      if (isNew) this.transitionFound[t]++;
    }
  }

  /** A state seen for the first time (initial ones too). */
  newState(state: S): void {
    const view = this.model.view(state);
    for (const field in view) {
      let values = this.fields.get(field);
      if (values === undefined) this.fields.set(field, (values = new FieldValues()));
      values.add(view[field]);
    }
  }

  result(): Coverage {
    return {
      actions: byLabel(this.labels.map((action, k) => ({ action, offered: this.offered[k], taken: this.taken[k], newStates: this.found[k] }))),
      ...(this.model.transitions
        ? { transitions: this.model.transitions.names.map((transition, t) => ({ transition, taken: this.transitionTaken[t], newStates: this.transitionFound[t] })) }
        : {}),
      fields: [...this.fields].map(([field, values]) => values.describe(field)),
    };
  }

  private kindOf(action: A): number {
    const isObject = typeof action === 'object' && action !== null;
    const known = isObject ? this.byObject.get(action) : this.byPrimitive.get(action);
    if (known !== undefined) return known;
    const kind = this.kindOfLabel(eventLabel(this.model.actionJson(action)));
    if (isObject) this.byObject.set(action, kind);
    else if (this.byPrimitive.size < ACTION_KIND_CAP) this.byPrimitive.set(action, kind);
    return kind;
  }

  private kindOfLabel(label: string): number {
    let kind = this.byLabel.get(label);
    if (kind !== undefined) return kind;
    if (this.labels.length >= ACTION_KIND_CAP) {
      kind = this.byLabel.get(OTHER_ACTIONS);
      if (kind !== undefined) return kind;
      label = OTHER_ACTIONS;
    }
    kind = this.labels.length;
    this.labels.push(label);
    this.byLabel.set(label, kind);
    this.offered.push(0);
    this.taken.push(0);
    this.found.push(0);
    return kind;
  }
}

/** The values one field took, up to FIELD_VALUE_CAP of them: primitives by value, objects by their JSON. */
class FieldValues {
  private readonly seen = new Map<unknown, unknown>();
  private readonly seenObjects = new Map<string, unknown>();
  private capped = false;
  private allNumbers = true;
  private min = Infinity;
  private max = -Infinity;

  add(value: unknown): void {
    if (typeof value === 'number') {
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    } else this.allNumbers = false;
    if (this.capped) return;
    // JSON.stringify per field per state was most of the cost: primitives need none.
    const isObject = typeof value === 'object' && value !== null;
    const map: Map<unknown, unknown> = isObject ? this.seenObjects : this.seen;
    const key = isObject ? JSON.stringify(value) : value === undefined ? null : value;
    if (map.has(key)) return;
    if (this.seen.size + this.seenObjects.size >= FIELD_VALUE_CAP) this.capped = true;
    else map.set(key, value === undefined ? null : value);
  }

  describe(field: string): FieldCoverage {
    const out: FieldCoverage = { field, distinct: this.seen.size + this.seenObjects.size, capped: this.capped };
    if (!this.capped) out.values = sortValues([...this.seen.values(), ...this.seenObjects.values()]);
    if (this.allNumbers && this.seen.size > 0) {
      out.min = this.min;
      out.max = this.max;
    }
    return out;
  }
}

/**
 * Actions in the order of their labels: the same whichever thread or run listed one
 * first (a task's step next to its kills: `A`, `A.kill {"victim":"B"}`, `B`).
 */
function byLabel(actions: ActionCoverage[]): ActionCoverage[] {
  return actions.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
}

/** Numbers in numeric order, anything else by its JSON after them. */
function sortValues(values: unknown[]): unknown[] {
  const key = (v: unknown) => JSON.stringify(v) ?? '';
  return values.sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'number') return -1;
    if (typeof b === 'number') return 1;
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });
}

/**
 * Coverage of several runs as one (`oomcheck merge`), or of the threads of one parallel
 * run: counts summed per action and per transition, field values united. For threads the
 * sums are exact (their shared table makes each state new in exactly one of them); across
 * runs a state counts as new once per run that found it, an upper bound like the merged
 * distinct states.
 */
export function mergeCoverage(parts: readonly Coverage[]): Coverage {
  const actions = new Map<string, ActionCoverage>();
  for (const part of parts) {
    for (const a of part.actions) {
      const sum = actions.get(a.action);
      if (sum === undefined) actions.set(a.action, { ...a });
      else {
        sum.offered += a.offered;
        sum.taken += a.taken;
        sum.newStates += a.newStates;
      }
    }
  }
  const transitions = new Map<string, TransitionCoverage>();
  for (const part of parts) {
    for (const t of part.transitions ?? []) {
      const sum = transitions.get(t.transition);
      if (sum === undefined) transitions.set(t.transition, { ...t });
      else {
        sum.taken += t.taken;
        sum.newStates += t.newStates;
      }
    }
  }
  const fields = new Map<string, FieldCoverage[]>();
  for (const part of parts) for (const f of part.fields) fields.set(f.field, [...(fields.get(f.field) ?? []), f]);
  return {
    actions: byLabel([...actions.values()]),
    ...(transitions.size > 0 ? { transitions: [...transitions.values()] } : {}),
    fields: [...fields].map(([field, seen]) => mergeField(field, seen)),
  };
}

function mergeField(field: string, parts: readonly FieldCoverage[]): FieldCoverage {
  const values = new FieldValues();
  let capped = false;
  for (const p of parts) {
    if (p.capped || p.values === undefined) capped = true;
    else for (const v of p.values) values.add(v);
  }
  const out = values.describe(field);
  const numeric = parts.every((p) => p.min !== undefined && p.max !== undefined);
  if (capped) {
    out.capped = true;
    out.distinct = Math.max(out.distinct, ...parts.map((p) => p.distinct));
    delete out.values;
  }
  if (numeric) {
    out.min = Math.min(...parts.map((p) => p.min!));
    out.max = Math.max(...parts.map((p) => p.max!));
  } else {
    delete out.min;
    delete out.max;
  }
  return out;
}
