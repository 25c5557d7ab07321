/**
 * The verdict matrix: rows (kernel scenarios, or any first axis), columns (policies,
 * or any second axis), each cell the violated property ids or "all hold". Generic so
 * that the kernel's matrix and any user's grid of runs feed the same table.
 */
import type { PropertyKind } from '../../property.ts';
import type { Trace } from '../../result.ts';
import type { NeighbourhoodGraph } from '../neighbourhood.ts';
import { esc, slug } from './escape.ts';

export interface MatrixCell {
  /** Ids of the violated properties, in the order to show them. */
  violated: string[];
  /** Ids whose verdict is unknown (a bound was hit) or vacuous: shown, but not as failures. */
  unknown?: string[];
  vacuous?: string[];
  /**
   * Reachability properties with no witness: not failures of the system but a warning
   * that the verdicts depending on them are vacuous (the text matrix's "(no kill)").
   */
  noWitness?: string[];
  /** Counterexamples by property id: each is drawn below the table and linked from the cell. */
  traces?: Record<string, Trace>;
  /** Optional neighbourhood graphs by property id (from neighbourhood.ts), drawn beside the swimlane. */
  graphs?: Record<string, NeighbourhoodGraph>;
  /** Kinds and meanings of the properties, by id, for the counterexamples' headings. */
  kinds?: Record<string, PropertyKind>;
  meanings?: Record<string, string>;
  /** A run that failed (the model threw, a bad policy): shown instead of verdicts. */
  error?: string;
}

export interface VerdictMatrix {
  /** Header of the row axis, e.g. "scenario". */
  rowLabel?: string;
  /** Header of the column axis, e.g. "policy". */
  columnLabel?: string;
  rows: string[];
  columns: string[];
  /** cells[row][column]; a missing cell is drawn as "not run". */
  cells: Record<string, Record<string, MatrixCell | undefined>>;
  /** Optional one-line description per row (a scenario's title), shown as a tooltip and under the name. */
  rowTitles?: Record<string, string>;
}

/** The anchor of a counterexample in the report: what a cell's link points to. */
export function counterexampleAnchor(row: string, column: string, property: string): string {
  return `cx-${slug(row)}--${slug(column)}--${slug(property)}`;
}

export function renderMatrixTable(matrix: VerdictMatrix): string {
  const out: string[] = [];
  out.push('<table class="matrix" id="verdict-matrix">');
  out.push(`<thead><tr><th scope="col">${esc(matrix.rowLabel ?? 'scenario')} \\ ${esc(matrix.columnLabel ?? 'policy')}</th>`);
  for (const c of matrix.columns) out.push(`<th scope="col">${esc(c)}</th>`);
  out.push('</tr></thead><tbody>');
  for (const row of matrix.rows) {
    const title = matrix.rowTitles?.[row];
    out.push(`<tr><th scope="row"${title ? ` title="${esc(title)}"` : ''}>${esc(row)}${title ? `<div class="row-title">${esc(title)}</div>` : ''}</th>`);
    for (const column of matrix.columns) out.push(renderCell(row, column, matrix.cells[row]?.[column]));
    out.push('</tr>');
  }
  out.push('</tbody></table>');
  return out.join('\n');
}

function renderCell(row: string, column: string, cell: MatrixCell | undefined): string {
  if (!cell) return '<td class="cell not-run">not run</td>';
  if (cell.error) return `<td class="cell error" title="${esc(cell.error)}">error</td>`;
  const parts: string[] = [];
  for (const id of cell.violated) {
    const link = cell.traces?.[id] ? `<a href="#${counterexampleAnchor(row, column, id)}">${esc(id)}</a>` : esc(id);
    parts.push(`<span class="violated">${link}</span>`);
  }
  for (const id of cell.noWitness ?? []) {
    parts.push(`<span class="vacuous" title="no run reaches a witness of ${esc(id)}: the verdicts that depend on it are vacuous">(no witness: ${esc(id)})</span>`);
  }
  for (const id of cell.unknown ?? []) parts.push(`<span class="unknown" title="unknown: a bound was hit">${esc(id)}?</span>`);
  // Vacuous verdicts are many and say little at a glance: one count, the ids in its tooltip.
  const vacuous = cell.vacuous ?? [];
  if (vacuous.length) parts.push(`<span class="vacuous" title="vacuous (the premise never occurs): ${esc(vacuous.join(', '))}">+${vacuous.length} vacuous</span>`);
  const cls = cell.violated.length > 0 ? 'cell bad' : (cell.unknown?.length ?? 0) > 0 ? 'cell open' : 'cell good';
  const body = cell.violated.length === 0 && (cell.unknown?.length ?? 0) === 0 ? ['<span class="holds">all hold</span>', ...parts] : parts;
  return `<td class="${cls}" data-row="${esc(row)}" data-column="${esc(column)}">${body.join(' ')}</td>`;
}
