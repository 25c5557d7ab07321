/**
 * Guards and actions of a machine resolved to a PackedContext's twins (packed-context.ts),
 * in the shapes the compiler already runs (CompiledGuard, CompiledAction), with the
 * packed state standing where the context object stood. Named guards and actions are
 * matched by name; xstate's and/or/not compose twins; anything without a twin (inline
 * functions, computed params, stateIn) is Unsupported, and the compiler then keeps the
 * context as objects.
 */
import type { AnyStateMachine, EventObject } from 'xstate';
import { builtinGuardKind, type BuiltinGuard as Builtin } from '../xstate/builtin-guards.ts';
import { compileAction, Unsupported, type CompiledAction, type CompiledGuard } from './guards-actions.ts';
import type { PackedContext, PackedGuard } from './packed-context.ts';


/**
 * A guard's twin as a CompiledGuard: its expression (twinGuardCode) compiled once, so
 * the generic tree walk and the generated selectors run the same code.
 */
export function compileTwinGuard(machine: AnyStateMachine, guard: unknown, twins: PackedContext, at: number): CompiledGuard {
  const leaves: PackedGuard[] = [];
  const expression = twinGuardCode(machine, guard, twins, leaves);
  const hoisted = leaves.map((_, i) => `const g${i} = L[${i}];`).join('\n');
  return new Function('L', 'AT', `"use strict";\n${hoisted}\nreturn function guard(s, e) { return ${expression}; };`)(leaves, at) as CompiledGuard;
}

/**
 * An action's twin as a CompiledAction whose `run` updates the packed state in place
 * and returns it; null for actions that cannot change a snapshot (as compileAction).
 */
export function compileTwinAction(machine: AnyStateMachine, action: unknown, twins: PackedContext, at: number): CompiledAction | null {
  if (compileAction(machine, action) === null) return null;
  if (typeof action === 'function') throw new Unsupported('an inline assign has no packed twin');
  const name = typeof action === 'string' ? action : (action as { type?: unknown } | null)?.type;
  const twin = typeof name === 'string' ? twins.actions[name] : undefined;
  if (!twin) throw new Unsupported(`action '${String(name)}' has no packed twin`);
  const params = typeof action === 'object' && action !== null && 'params' in action ? (action as { params: unknown }).params : undefined;
  if (typeof params === 'function') throw new Unsupported(`action '${String(name)}' has computed params`);
  const update = twin(params);
  return {
    kind: 'assign',
    packed: update,
    run: (s: Int32Array, event: EventObject) => {
      update(s, at, event);
      return s;
    },
  };
}

/**
 * A guard as a JavaScript expression over `s`, `e` and `AT` for generated-select.ts:
 * each named guard becomes a call `gN(s, AT, e)` to its twin, appended to `leaves`;
 * and/or/not become &&, ||, !. Throws Unsupported for what has no twin (inline functions,
 * computed params, builtins other than and/or/not).
 */
export function twinGuardCode(machine: AnyStateMachine, guard: unknown, twins: PackedContext, leaves: PackedGuard[], depth = 0): string {
  if (depth > 50) throw new Unsupported('guard definitions refer to each other in a cycle');
  if (typeof guard === 'function') {
    if (!('check' in guard)) throw new Unsupported('an inline guard function has no packed twin');
    return builtinCode(machine, guard as Builtin, twins, leaves, depth);
  }
  const name = typeof guard === 'string' ? guard : (guard as { type?: unknown } | null)?.type;
  if (typeof name !== 'string') throw new Unsupported('a guard without a name has no packed twin');
  const params = typeof guard === 'object' && guard !== null && 'params' in guard ? (guard as { params: unknown }).params : undefined;
  const twin = twins.guards[name];
  if (twin) {
    if (typeof params === 'function') throw new Unsupported(`guard '${name}' has computed params`);
    leaves.push(twin(params));
    return `g${leaves.length - 1}(s, AT, e)`;
  }
  const resolved = (machine.implementations.guards as Record<string, unknown>)[name];
  if (typeof resolved === 'function' && 'check' in resolved) return builtinCode(machine, resolved as Builtin, twins, leaves, depth + 1);
  throw new Unsupported(`guard '${name}' has no packed twin`);
}

function builtinCode(machine: AnyStateMachine, builtin: Builtin, twins: PackedContext, leaves: PackedGuard[], depth: number): string {
  const kind = builtinGuardKind(builtin);
  if (kind === 'other') throw new Unsupported('a builtin guard other than and/or/not has no packed twin');
  const parts = (builtin.guards ?? []).map((g) => twinGuardCode(machine, g, twins, leaves, depth + 1));
  if (kind === 'not') return `!(${parts[0]})`;
  if (parts.length === 0) return kind === 'and' ? 'true' : 'false';
  return `(${parts.join(kind === 'and' ? ' && ' : ' || ')})`;
}
