/**
 * Coverage (checker/coverage.ts) as text: a table of actions, one of the model's declared
 * transitions when it has them, one of fields. Actions and transitions never taken are
 * marked, and the first line counts them and the fields that kept one value: those are
 * what a reader looks for (a kill that never happened, a guard that never held, a zone
 * whose free count never moved).
 */
import type { ActionCoverage, Coverage, FieldCoverage, TransitionCoverage } from '../coverage.ts';
import { FIELD_VALUE_CAP } from '../coverage.ts';
// text.ts imports this file too; `count` is a function declaration, so the cycle is safe.
import { count } from './text.ts';

/** Numbers a field lists in full; past this it shows their range. */
const LISTED_VALUES = 8;

export function renderCoverage(coverage: Coverage): string[] {
  const never = coverage.actions.filter((a) => a.taken === 0).length;
  const fixed = coverage.fields.filter((f) => f.distinct === 1 && !f.capped).length;
  const transitions = coverage.transitions;
  const untaken = transitions?.filter((t) => t.taken === 0).length ?? 0;
  const declared = transitions ? `, ${plural(transitions.length, 'transition')} (${untaken} never taken)` : '';
  const lines = [
    `coverage: ${plural(coverage.actions.length, 'action')} (${never} never taken)${declared}, ${plural(coverage.fields.length, 'field')} (${fixed} with one value)`,
  ];
  if (coverage.actions.length > 0) lines.push(...actionTable(coverage.actions));
  if (transitions && transitions.length > 0) lines.push(...transitionTable(transitions));
  if (coverage.fields.length > 0) lines.push(...fieldTable(coverage.fields));
  return lines;
}

function actionTable(actions: readonly ActionCoverage[]): string[] {
  const rows = actions.map((a) => [a.action, count(a.offered), count(a.taken), count(a.newStates), a.taken === 0 ? 'never taken' : '']);
  return table(['action', 'offered', 'taken', 'new states', ''], rows, [false, true, true, true, false]);
}

function transitionTable(transitions: readonly TransitionCoverage[]): string[] {
  const rows = transitions.map((t) => [t.transition, count(t.taken), count(t.newStates), t.taken === 0 ? 'never taken' : '']);
  return table(['transition', 'taken', 'new states', ''], rows, [false, true, true, false]);
}

function fieldTable(fields: readonly FieldCoverage[]): string[] {
  const rows = fields.map((f) => [f.field, describeValues(f)]);
  return table(['field', 'values'], rows, [false, false]);
}

/** "0..12 (13 values)", `"run", "alloc"` (every value, when not all numbers), or "64+ values, 0..1000". */
export function describeValues(f: FieldCoverage): string {
  const range = f.min !== undefined && f.max !== undefined ? `${f.min}..${f.max}` : undefined;
  if (f.capped) return `${FIELD_VALUE_CAP}+ values${range ? `, ${range}` : ''}`;
  const values = f.values ?? [];
  // Named values (a task's states, its flags) are what the reader came for: all of them.
  if (values.length <= LISTED_VALUES || range === undefined) return values.map((v) => JSON.stringify(v)).join(', ');
  return `${range} (${values.length} values)`;
}

/** Columns padded to their widest cell; `right` columns (numbers) aligned right. */
function table(header: string[], rows: string[][], right: boolean[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  return all.map((r) => '  ' + r.map((cell, c) => (right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}
