/**
 * The HTML report: one self-contained file (inline CSS, SVG and a few lines of
 * script; nothing fetched from the network) with the verdict matrix, every
 * counterexample drawn as a swimlane of processes over time with the shared values
 * beside it, and, when given, its neighbourhood in the state graph. Pure: input in,
 * string out; the CLI's `report` command gathers the input.
 */
import type { PropertyKind } from '../../property.ts';
import type { CheckResult, Trace } from '../../result.ts';
import type { Model } from '../../model.ts';
import { buildNeighbourhood, type NeighbourhoodGraph, type NeighbourhoodOptions } from '../neighbourhood.ts';
import { renderCounterexample, renderStats } from '../text.ts';
import { esc } from './escape.ts';
import { counterexampleAnchor, renderMatrixTable, type MatrixCell, type VerdictMatrix } from './matrix.ts';
import { renderGraphSvg } from './state-graph.ts';
import { REPORT_CSS } from './styles.ts';
import { renderSwimlaneSvg } from './swimlane.ts';

export type { MatrixCell, VerdictMatrix } from './matrix.ts';

export interface HtmlCounterexample {
  /** The anchor; default derived from row, column and property. */
  id?: string;
  property: string;
  kind?: PropertyKind;
  meaning?: string;
  /** Where it was found, e.g. "scenario nofs-livelock under v4.0". */
  context?: string;
  trace: Trace;
  graph?: NeighbourhoodGraph;
}

export interface HtmlReportInput {
  title?: string;
  /** A line under the title (what was checked, with which version). */
  subtitle?: string;
  /** Paragraphs of plain text after the matrix (e.g. the matrix's reading). */
  notes?: string[];
  matrix?: VerdictMatrix;
  /** Counterexamples besides those of the matrix's cells. */
  counterexamples?: HtmlCounterexample[];
  /** Printed in the footer; left out by default so that the output is reproducible. */
  generatedAt?: string;
  /** A line of plain text in the footer (e.g. how long the checks took). */
  footer?: string;
  /** Statistics lines (e.g. from renderStats) for a single run. */
  stats?: string[];
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const title = input.title ?? 'oomcheck report';
  const counterexamples = [...matrixCounterexamples(input.matrix), ...(input.counterexamples ?? [])];
  const body: string[] = [];
  body.push(`<header><h1>${esc(title)}</h1>`);
  if (input.subtitle) body.push(`<div class="subtitle">${esc(input.subtitle)}</div>`);
  body.push('</header>');
  if (input.stats?.length) body.push(`<pre class="meta">${esc(input.stats.join('\n'))}</pre>`);
  if (input.matrix) {
    body.push('<section id="matrix"><h2>Verdict matrix</h2>');
    body.push('<p class="legend">Each cell lists the violated properties (linked to their counterexample), or "all hold". <span class="unknown">id?</span> is unknown (a bound was hit).</p>');
    body.push(`<div class="scroll">${renderMatrixTable(input.matrix)}</div></section>`);
  }
  for (const note of input.notes ?? []) body.push(`<p class="note">${esc(note)}</p>`);
  body.push(`<section id="counterexamples"><h2>Counterexamples (${counterexamples.length})</h2>`);
  if (counterexamples.length === 0) body.push('<p>No counterexample: nothing was violated.</p>');
  counterexamples.forEach((cx, i) => body.push(renderCounterexampleSection(cx, i)));
  body.push('</section>');
  body.push(`<footer class="meta"><p>${input.footer ? `${esc(input.footer)} ` : ''}Made by oomcheck${input.generatedAt ? ` on ${esc(input.generatedAt)}` : ''}. Self-contained: no network access needed.</p></footer>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body.join('\n')}
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function renderCounterexampleSection(cx: HtmlCounterexample, i: number): string {
  const id = cx.id ?? `cx-${i}`;
  const steps = cx.trace.steps.length - 1;
  const out: string[] = [`<article class="counterexample" id="${esc(id)}" data-property="${esc(cx.property)}">`];
  out.push(`<h3>${esc(cx.property)}${cx.kind ? ` <span class="meta">(${esc(cx.kind)})</span>` : ''}${cx.context ? ` — ${esc(cx.context)}` : ''}</h3>`);
  const shape =
    cx.trace.loop !== undefined ? `a lasso: ${steps} steps, then back to step ${cx.trace.loop} forever` : cx.trace.stutters ? `${steps} steps, then stuck forever` : `${steps} steps`;
  out.push(`<p class="meta">${cx.meaning ? `${esc(cx.meaning)}. ` : ''}Counterexample: ${esc(shape)}.</p>`);
  out.push('<div class="drawings">');
  out.push(`<div class="scroll">${renderSwimlaneSvg(cx.trace, { title: `counterexample to ${cx.property}` })}</div>`);
  if (cx.graph && cx.graph.order > 0) {
    out.push(`<figure><figcaption class="legend">Neighbourhood in the state graph: ${cx.graph.order} states, ${cx.graph.size} transitions; the trace in blue, its cycle in red, the initial state ringed.</figcaption>${renderGraphSvg(cx.graph)}</figure>`);
  }
  out.push('</div>');
  const text = renderCounterexample({ property: cx.property, kind: cx.kind ?? 'invariant', status: 'violated' }, cx.trace);
  out.push(`<details><summary>as text</summary><pre class="text-trace">${esc(text.join('\n'))}</pre></details>`);
  out.push('</article>');
  return out.join('\n');
}

function matrixCounterexamples(matrix: VerdictMatrix | undefined): HtmlCounterexample[] {
  if (!matrix) return [];
  const out: HtmlCounterexample[] = [];
  for (const row of matrix.rows) {
    for (const column of matrix.columns) {
      const cell = matrix.cells[row]?.[column];
      for (const [property, trace] of Object.entries(cell?.traces ?? {})) {
        const cx: HtmlCounterexample = {
          id: counterexampleAnchor(row, column, property),
          property,
          context: `${matrix.rowLabel ?? 'scenario'} ${row} under ${matrix.columnLabel ?? 'policy'} ${column}`,
          trace,
        };
        const graph = cell?.graphs?.[property];
        if (graph) cx.graph = graph;
        const kind = cell?.kinds?.[property];
        if (kind) cx.kind = kind;
        const meaning = cell?.meanings?.[property];
        if (meaning) cx.meaning = meaning;
        out.push(cx);
      }
    }
  }
  return out;
}

/**
 * A matrix cell from one run's result: violated, unknown and vacuous ids, each
 * counterexample, and (given the model) each counterexample's neighbourhood.
 */
export function cellFromResult(result: CheckResult, model?: Model<any, any>, neighbourhood: NeighbourhoodOptions = {}): MatrixCell {
  const cell: MatrixCell = { violated: [], unknown: [], vacuous: [], noWitness: [], traces: {}, graphs: {}, kinds: {}, meanings: {} };
  for (const r of result.results) {
    cell.kinds![r.property] = r.kind;
    if (r.meaning) cell.meanings![r.property] = r.meaning;
    if (r.status === 'violated' && r.kind === 'reachability') cell.noWitness!.push(r.property);
    else if (r.status === 'violated') cell.violated.push(r.property);
    if (r.status === 'unknown') cell.unknown!.push(r.property);
    if (r.status === 'vacuous') cell.vacuous!.push(r.property);
    if (r.trace) {
      cell.traces![r.property] = r.trace;
      if (model) {
        try {
          cell.graphs![r.property] = buildNeighbourhood(model, r.trace, neighbourhood);
        } catch {
          // A trace that does not replay is reported by the checker itself; draw it without its graph.
        }
      }
    }
  }
  return cell;
}

/** The report of a single run (a user's model file): a one-cell matrix plus statistics. */
export function singleRunReport(label: string, result: CheckResult, model?: Model<any, any>, extra: Partial<HtmlReportInput> = {}): HtmlReportInput {
  return {
    title: `oomcheck report: ${label}`,
    stats: renderStats(result.stats),
    matrix: { rowLabel: 'model', columnLabel: 'run', rows: [label], columns: ['check'], cells: { [label]: { check: cellFromResult(result, model) } } },
    ...extra,
  };
}

/**
 * Inline behaviour, kept small: clicking a step of a swimlane highlights the same
 * step's state in the neighbourhood graph next to it, and the matrix cell of the
 * counterexample in view is outlined.
 */
const REPORT_SCRIPT = `
document.querySelectorAll('article.counterexample').forEach(function (article) {
  article.querySelectorAll('svg.swimlane g.step').forEach(function (step) {
    step.style.cursor = 'pointer';
    step.addEventListener('click', function () {
      article.querySelectorAll('svg.state-graph g.node').forEach(function (n) { n.style.opacity = ''; });
      var node = article.querySelector('svg.state-graph g.node[data-node="t' + step.getAttribute('data-step') + '"]');
      if (node) { article.querySelectorAll('svg.state-graph g.node').forEach(function (n) { if (n !== node) n.style.opacity = '0.35'; }); }
    });
  });
});
`;
