/**
 * Guards and actions of an XState machine as plain closures over (context, event), each
 * resolved once at compile time the way xstate resolves them on every call: inline
 * functions, named ones through machine.implementations (params static or computed),
 * the builtin guards and/or/not/stateIn, and `assign` in both forms.
 *
 * What the compiled path cannot run is reported by throwing Unsupported with a reason,
 * which compileMachine turns into `{ unsupported }`.
 */
import { and, assign, log, matchesState, not, or, stateIn, type AnyStateMachine, type AnyStateNode, type EventObject, type StateValue } from 'xstate';

export class Unsupported extends Error {}

/** The active configuration, as guards like stateIn need it. */
export interface ConfigView {
  readonly value: StateValue;
  readonly nodeSet: ReadonlySet<AnyStateNode>;
}

export type CompiledGuard = (context: any, event: EventObject, config: ConfigView) => boolean;

export type CompiledAction =
  | {
      readonly kind: 'assign';
      readonly run: (context: any, event: EventObject, spawn: unknown) => object;
      /** The packed twin it runs, in packed mode (generated code calls it directly). */
      readonly packed?: (s: Int32Array, at: number, event: EventObject) => void;
    };

type Builtin = { check: unknown; guards?: unknown[]; stateValue?: unknown; resolve?: unknown; type?: string };

// xstate marks builtin guards by their `check` function; take the reference ones from
// instances so identity comparison tells which builtin a guard is.
const CHECK_AND = (and([]) as unknown as Builtin).check;
const CHECK_OR = (or([]) as unknown as Builtin).check;
const CHECK_NOT = (not(() => true) as unknown as Builtin).check;
const CHECK_STATE_IN = (stateIn('x') as unknown as Builtin).check;
const ASSIGN_RESOLVE = (assign({}) as unknown as Builtin).resolve;
const LOG_RESOLVE = (log() as unknown as Builtin).resolve;

/** Set when a compiled guard reads the configuration (stateIn). */
export interface GuardUses {
  stateIn: boolean;
}

export function compileGuard(machine: AnyStateMachine, guard: unknown, depth = 0, uses?: GuardUses): CompiledGuard {
  if (depth > 50) throw new Unsupported('guard definitions refer to each other in a cycle');
  const inline = typeof guard === 'function';
  const name = inline ? undefined : typeof guard === 'string' ? guard : (guard as { type?: unknown } | null)?.type;
  const resolved: unknown = inline ? guard : (machine.implementations.guards as Record<string, unknown>)[name as string];
  if (!inline && !resolved) throw new Unsupported(`guard '${String(name)}' is not implemented`);
  if (typeof resolved !== 'function') return compileGuard(machine, resolved, depth + 1, uses);
  if ('check' in resolved) return compileBuiltinGuard(machine, resolved as unknown as Builtin, depth, uses);
  const fn = resolved as (args: { context: unknown; event: EventObject }, params: unknown) => boolean;
  if (inline || typeof guard === 'string' || !('params' in (guard as object))) {
    return (context, event) => fn({ context, event }, undefined);
  }
  const params = (guard as { params: unknown }).params;
  if (typeof params === 'function') {
    return (context, event) => fn({ context, event }, params({ context, event }));
  }
  return (context, event) => fn({ context, event }, params);
}

function compileBuiltinGuard(machine: AnyStateMachine, builtin: Builtin, depth: number, uses: GuardUses | undefined): CompiledGuard {
  const check = builtin.check;
  if (check === CHECK_AND || check === CHECK_OR || check === CHECK_NOT) {
    const parts = (builtin.guards ?? []).map((g) => compileGuard(machine, g, depth + 1, uses));
    if (check === CHECK_NOT) {
      const inner = parts[0];
      return (c, e, cfg) => !inner(c, e, cfg);
    }
    if (check === CHECK_AND) return (c, e, cfg) => parts.every((p) => p(c, e, cfg));
    return (c, e, cfg) => parts.some((p) => p(c, e, cfg));
  }
  if (check === CHECK_STATE_IN) {
    if (uses) uses.stateIn = true;
    const stateValue = builtin.stateValue;
    if (typeof stateValue === 'string' && stateValue.startsWith('#')) {
      const target = machine.getStateNodeById(stateValue);
      return (_c, _e, cfg) => cfg.nodeSet.has(target);
    }
    return (_c, _e, cfg) => matchesState(stateValue as StateValue, cfg.value);
  }
  throw new Unsupported('a builtin guard other than and/or/not/stateIn');
}

/**
 * The compiled form of one action, or null when it cannot change the snapshot (custom
 * side-effect actions, log, unknown names): xstate hands those to the actor's executor,
 * which the checker's scope drops.
 */
export function compileAction(machine: AnyStateMachine, action: unknown): CompiledAction | null {
  const inline = typeof action === 'function';
  const name = inline ? undefined : typeof action === 'string' ? action : (action as { type?: unknown } | null)?.type;
  const resolved: unknown = inline ? action : (machine.implementations.actions as Record<string, unknown>)[name as string];
  if (!resolved || typeof resolved !== 'function' || !('resolve' in resolved)) return null;
  const builtin = resolved as unknown as Builtin & { assignment?: unknown };
  if (builtin.resolve === LOG_RESOLVE) return null;
  if (builtin.resolve !== ASSIGN_RESOLVE) {
    const type = builtin.type ?? 'unknown';
    throw new Unsupported(`action ${type}${name ? ` ('${String(name)}')` : ''} (only assign and side-effect actions compile)`);
  }
  const assignment = builtin.assignment as unknown;
  const staticParams = inline || typeof action === 'string' || !('params' in (action as object)) ? undefined : (action as { params: unknown }).params;
  const paramsOf =
    typeof staticParams === 'function'
      ? (context: unknown, event: EventObject) => (staticParams as (a: object) => unknown)({ context, event })
      : () => staticParams;
  if (typeof assignment === 'function') {
    const fn = assignment as (args: object, params: unknown) => object;
    return {
      kind: 'assign',
      run: (context, event, spawn) => {
        const partial = fn({ context, event, spawn, self: undefined, system: undefined }, paramsOf(context, event));
        return Object.assign({}, context, partial);
      },
    };
  }
  const entries = Object.entries(assignment as Record<string, unknown>);
  return {
    kind: 'assign',
    run: (context, event, spawn) => {
      const params = paramsOf(context, event);
      const args = { context, event, spawn, self: undefined, system: undefined };
      const partial: Record<string, unknown> = {};
      for (const [key, value] of entries) partial[key] = typeof value === 'function' ? value(args, params) : value;
      return Object.assign({}, context, partial);
    },
  };
}

/** Every reason the compiled path cannot run this machine, found without running it. */
export function staticProblems(machine: AnyStateMachine, nodes: readonly AnyStateNode[]): string[] {
  const problems: string[] = [];
  const finalsBelowRoot = nodes.some((n) => n.type === 'final' && n.parent !== machine.root) || (machine.root.type === 'parallel' && nodes.some((n) => n.type === 'final'));
  const hasAlways = nodes.some((n) => (n.always?.length ?? 0) > 0);
  for (const node of nodes) {
    const where = `state '${node.id}'`;
    if (node.invoke.length > 0) problems.push(`${where} invokes actors`);
    if (node.config.after) problems.push(`${where} has delayed transitions (after)`);
    if (node.config.onDone) problems.push(`${where} handles its done event (onDone)`);
    if (node.type === 'final' && node.parent && node.output !== undefined && hasAlways) problems.push(`${where} is a final state with output in a machine with eventless transitions`);
    if (node.type === 'history' && node.config.target !== undefined && typeof node.config.target !== 'string' && !Array.isArray(node.config.target)) {
      problems.push(`${where} is a history state with an unusual default target`);
    }
    const lists: Array<[string, readonly unknown[]]> = [
      ['entry', node.entry],
      ['exit', node.exit],
      ['initial', node.type === 'compound' ? node.initial.actions : []],
    ];
    const transitions: Array<{ guard?: unknown; actions: readonly unknown[]; eventType: string }> = [];
    for (const [descriptor, ts] of node.transitions) {
      if (descriptor.startsWith('xstate.') && descriptor !== 'xstate.route') problems.push(`${where} handles the internal event '${descriptor}'`);
      if (finalsBelowRoot && (descriptor === '*' || 'xstate.done.state.x'.startsWith(descriptor.slice(0, -1)) && descriptor.endsWith('.*'))) {
        problems.push(`${where}: wildcard '${descriptor}' may catch done events`);
      }
      transitions.push(...(ts as typeof transitions));
    }
    transitions.push(...((node.always ?? []) as typeof transitions));
    for (const t of transitions) {
      lists.push([`on '${t.eventType}'`, t.actions]);
      if (t.guard !== undefined) {
        try {
          compileGuard(machine, t.guard);
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          problems.push(`${where} on '${t.eventType}': ${e.message}`);
        }
      }
    }
    for (const [label, actions] of lists) {
      for (const action of actions) {
        try {
          compileAction(machine, action);
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          problems.push(`${where} ${label}: ${e.message}`);
        }
      }
    }
  }
  return [...new Set(problems)];
}
