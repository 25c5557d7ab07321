/**
 * xstate's composed guards (and, or, not) are functions whose `check` is one shared
 * function per kind and whose parts are in `guards`: which kind a guard is, by that
 * identity (their names are minified away in some builds).
 */
import { and, not, or } from 'xstate';

export type BuiltinGuard = { check?: unknown; guards?: unknown[]; stateValue?: unknown };

const CHECK_AND = (and([]) as unknown as BuiltinGuard).check;
const CHECK_OR = (or([]) as unknown as BuiltinGuard).check;
const CHECK_NOT = (not(() => true) as unknown as BuiltinGuard).check;

export function builtinGuardKind(builtin: BuiltinGuard): 'and' | 'or' | 'not' | 'other' {
  if (builtin.check === CHECK_AND) return 'and';
  if (builtin.check === CHECK_OR) return 'or';
  if (builtin.check === CHECK_NOT) return 'not';
  return 'other';
}
