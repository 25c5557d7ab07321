/**
 * A counterexample as an SVG swimlane: one lane (column) per process in order of
 * appearance, time from top to bottom, a box per step in its process's lane with the
 * step's description, and the shared values that changed beside it in a last column.
 * A lasso's cycle is a red bracket along the left edge, labelled "back to step i",
 * with an arrow from the last step up to where the cycle returns.
 *
 * Pure: a Trace in, an SVG string out; sizes are estimated from character counts
 * (SVG has no text flow), so the drawing is the same in every browser.
 */
import type { Trace } from '../../result.ts';
import { eventLabel } from '../text.ts';
import { participantsOf, ANONYMOUS_PROCESS } from '../mermaid.ts';
import { esc, wrap } from './escape.ts';

export interface SwimlaneOptions {
  /** Width of a process lane in pixels (default 210). */
  laneWidth?: number;
  /** Width of the shared-values column (default 300). */
  valuesWidth?: number;
  /** Title attribute / accessible name. */
  title?: string;
}

const LINE = 14;
const CHAR = 6.6; // average width of a 11px sans-serif character, for wrapping
const GUTTER = 70; // left margin: step numbers and the lasso bracket
const HEAD = 34;

export function renderSwimlaneSvg(trace: Trace, options: SwimlaneOptions = {}): string {
  const laneWidth = options.laneWidth ?? 210;
  const valuesWidth = options.valuesWidth ?? 300;
  const lanes = participantsOf(trace);
  const laneX = (i: number) => GUTTER + i * laneWidth;
  const valuesX = GUTTER + lanes.length * laneWidth + 10;
  const width = valuesX + valuesWidth + 10;
  const textChars = Math.floor((laneWidth - 20) / CHAR);
  const valueChars = Math.floor((valuesWidth - 12) / CHAR);

  // Rows: step 0 (the initial state, full values) then each step.
  interface Row {
    index: number;
    lane: number | undefined;
    text: string[];
    values: string[];
    y: number;
    h: number;
  }
  const rows: Row[] = [];
  let y = HEAD + 8;
  for (const step of trace.steps) {
    const lane = step.index === 0 ? undefined : lanes.indexOf(step.process ?? ANONYMOUS_PROCESS);
    const label = step.index === 0 ? 'initial state' : describe(step.description, step.event);
    const text = wrap(label, textChars, 6);
    const fields = step.index === 0 ? step.state : step.changed;
    const entries = Object.entries(fields);
    const values = entries.length === 0 ? ['(nothing changed)'] : entries.flatMap(([k, v]) => wrap(`${k} = ${v === undefined ? 'undefined' : JSON.stringify(v)}`, valueChars, 3));
    const shown = values.slice(0, 12);
    if (values.length > 12) shown.push(`… ${values.length - 12} more lines`);
    const h = Math.max(text.length, shown.length) * LINE + 14;
    rows.push({ index: step.index, lane, text, values: shown, y, h });
    y += h + 10;
  }
  const height = y + (trace.stutters ? 30 : 10) + (trace.loop !== undefined ? 14 : 0);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="swimlane" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(options.title ?? 'counterexample swimlane')}" data-steps="${trace.steps.length}" data-lanes="${lanes.length}">`,
  );
  out.push(
    '<defs><marker id="sl-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c0392b"/></marker></defs>',
  );
  // Lane headers and lifelines.
  lanes.forEach((name, i) => {
    const cx = laneX(i) + laneWidth / 2;
    out.push(`<g class="lane" data-process="${esc(name)}">`);
    out.push(`<rect x="${laneX(i) + 4}" y="4" width="${laneWidth - 8}" height="${HEAD - 8}" rx="4" class="lane-head"/>`);
    out.push(`<text x="${cx}" y="${HEAD / 2 + 4}" text-anchor="middle" class="lane-name">${esc(name)}</text>`);
    out.push(`<line x1="${cx}" y1="${HEAD}" x2="${cx}" y2="${height - 4}" class="lifeline"/>`);
    out.push('</g>');
  });
  out.push(`<text x="${valuesX + 6}" y="${HEAD / 2 + 4}" class="values-head">shared values that changed</text>`);

  // Lasso: bracket over the cycle's rows and an arrow back.
  if (trace.loop !== undefined) {
    const first = rows.find((r) => r.index === trace.loop! + 1) ?? rows[rows.length - 1];
    const back = rows.find((r) => r.index === trace.loop)!;
    const last = rows[rows.length - 1];
    const top = first.y - 4;
    const bottom = last.y + last.h + 18;
    out.push(`<g class="lasso" data-loop="${trace.loop}">`);
    out.push(`<rect x="4" y="${top}" width="${width - 8}" height="${bottom - top}" class="cycle-band"/>`);
    out.push(`<path d="M 40 ${last.y + last.h / 2} C 14 ${last.y + last.h / 2}, 14 ${back.y + back.h / 2}, 36 ${back.y + back.h / 2}" class="cycle-arrow" marker-end="url(#sl-arrow)"/>`);
    out.push(`<text x="${valuesX + valuesWidth}" y="${bottom - 6}" text-anchor="end" class="cycle-label">cycle: back to step ${trace.loop}, forever</text>`);
    out.push('</g>');
  }

  for (const row of rows) {
    out.push(`<g class="step" data-step="${row.index}">`);
    out.push(`<text x="${GUTTER - 10}" y="${row.y + 16}" text-anchor="end" class="step-no">${row.index}</text>`);
    const x = row.lane === undefined ? GUTTER + 4 : laneX(row.lane) + 6;
    const w = row.lane === undefined ? lanes.length * laneWidth - 8 : laneWidth - 12;
    const cls = row.lane === undefined ? 'box initial' : 'box';
    out.push(`<rect x="${x}" y="${row.y}" width="${w}" height="${row.h}" rx="5" class="${cls}"/>`);
    row.text.forEach((line, i) => out.push(`<text x="${x + 8}" y="${row.y + 17 + i * LINE}" class="box-text">${esc(line)}</text>`));
    out.push(`<rect x="${valuesX}" y="${row.y}" width="${valuesWidth}" height="${row.h}" rx="3" class="values"/>`);
    row.values.forEach((line, i) => out.push(`<text x="${valuesX + 6}" y="${row.y + 17 + i * LINE}" class="value-text">${esc(line)}</text>`));
    out.push('</g>');
  }
  if (trace.stutters) {
    out.push(`<text x="${GUTTER}" y="${height - 12}" class="stutter">no further step: the last state stays forever</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

function describe(description: string | undefined, event: unknown): string {
  const e = eventLabel(event);
  return description && description !== e ? description : e;
}
