/**
 * The state-graph neighbourhood of a counterexample as SVG. Positions are computed in
 * Node with graphology's circular layout as a seed and ForceAtlas2 to settle it, so
 * the report needs no script or network to draw the graph; the drawing is then scaled
 * into a fixed box. Trace edges are blue with their step number, the lasso's cycle
 * red, the initial state ringed, stuck states red, truncated states dashed.
 */
import * as circularModule from 'graphology-layout/circular.js';
import * as forceAtlas2Module from 'graphology-layout-forceatlas2';
import type { NeighbourhoodGraph } from '../neighbourhood.ts';
import { esc } from './escape.ts';

// Both packages are CommonJS whose .d.ts say `export default`: under nodenext the
// types put the function at `.default`, while Node's ESM loader may hand over
// module.exports itself. Take whichever is the function.
interface CircularLayout {
  assign(graph: NeighbourhoodGraph, options?: { scale?: number }): void;
}
interface ForceAtlas2Layout {
  assign(graph: NeighbourhoodGraph, params: { iterations: number; settings?: Record<string, unknown> }): void;
  inferSettings(graph: NeighbourhoodGraph): Record<string, unknown>;
}
const circular = interop<CircularLayout>(circularModule);
const forceAtlas2 = interop<ForceAtlas2Layout>(forceAtlas2Module);

function interop<T>(m: unknown): T {
  const d = (m as { default?: unknown }).default;
  return (typeof d === 'function' ? d : ((d as { default?: unknown } | undefined)?.default ?? m)) as T;
}

export interface GraphSvgOptions {
  width?: number;
  height?: number;
  /** ForceAtlas2 iterations (default 200: a neighbourhood has at most a few hundred nodes). */
  iterations?: number;
}

/** Assigns x and y to every node (deterministic: circular seed, then ForceAtlas2). */
export function layoutNeighbourhood(graph: NeighbourhoodGraph, iterations = 200): void {
  circular.assign(graph, { scale: 100 });
  if (graph.order > 2) {
    const settings = forceAtlas2.inferSettings(graph);
    forceAtlas2.assign(graph, { iterations, settings: { ...settings, gravity: 1, scalingRatio: 10 } });
  }
}

export function renderGraphSvg(graph: NeighbourhoodGraph, options: GraphSvgOptions = {}): string {
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const pad = 36;
  if (graph.order > 0 && graph.getNodeAttribute(graph.nodes()[0], 'x') === undefined) layoutNeighbourhood(graph, options.iterations);
  const xs: number[] = [];
  const ys: number[] = [];
  graph.forEachNode((_k, a) => (xs.push(a.x ?? 0), ys.push(a.y ?? 0)));
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (width - 2 * pad) / Math.max(maxX - minX, 1e-9);
  const sy = (height - 2 * pad) / Math.max(maxY - minY, 1e-9);
  const pos = (k: string) => {
    const a = graph.getNodeAttributes(k);
    return { x: maxX === minX ? width / 2 : pad + ((a.x ?? 0) - minX) * sx, y: maxY === minY ? height / 2 : pad + ((a.y ?? 0) - minY) * sy };
  };
  const r = 9;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="state-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="state-graph neighbourhood" data-nodes="${graph.order}" data-edges="${graph.size}">`,
  );
  out.push('<defs>');
  for (const [id, colour] of [['sg-a', '#999'], ['sg-t', '#1f5fbf'], ['sg-l', '#c0392b']]) {
    out.push(`<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`);
  }
  out.push('</defs>');
  // Off-trace edges first, so the trace is drawn on top.
  const edges: string[] = [];
  graph.forEachEdge((_k, a, s, t) => edges.push(`${a.onTrace ? 1 : 0}|${s}|${t}`));
  edges.sort();
  for (const e of edges) {
    const [, s, t] = e.split('|');
    const a = graph.getEdgeAttributes(s, t);
    const p = pos(s);
    const q = pos(t);
    const cls = a.loop ? 'edge loop' : a.onTrace ? 'edge trace' : 'edge';
    const marker = a.loop ? 'sg-l' : a.onTrace ? 'sg-t' : 'sg-a';
    const title = `<title>${esc(a.traceStep !== undefined ? `step ${a.traceStep}: ` : '')}${esc(`[${a.process}] ${a.label}`)}</title>`;
    if (s === t) {
      out.push(`<path d="M ${p.x - 5} ${p.y - r} C ${p.x - 25} ${p.y - 40}, ${p.x + 25} ${p.y - 40}, ${p.x + 5} ${p.y - r}" class="${cls}" marker-end="url(#${marker})">${title}</path>`);
      continue;
    }
    // Curve slightly so that the two directions of a pair do not overlap; stop at the node's rim.
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const len = Math.hypot(dx, dy) || 1;
    const ex = q.x - (dx / len) * (r + 2);
    const ey = q.y - (dy / len) * (r + 2);
    const mx = (p.x + q.x) / 2 - (dy / len) * 12;
    const my = (p.y + q.y) / 2 + (dx / len) * 12;
    out.push(`<path d="M ${f(p.x)} ${f(p.y)} Q ${f(mx)} ${f(my)} ${f(ex)} ${f(ey)}" class="${cls}" marker-end="url(#${marker})">${title}</path>`);
    if (a.traceStep !== undefined) out.push(`<text x="${f(mx)}" y="${f(my)}" class="edge-label${a.loop ? ' loop' : ''}">${a.traceStep}</text>`);
  }
  graph.forEachNode((k, a) => {
    const p = pos(k);
    const cls = ['node', a.traceIndex !== undefined ? 'trace' : '', a.loop ? 'loop' : '', a.stuck ? 'stuck' : '', a.truncated ? 'truncated' : '', a.final ? 'final' : '']
      .filter(Boolean)
      .join(' ');
    const title = `${a.traceIndex !== undefined ? `step ${a.traceIndex}` : a.label}\n${Object.entries(a.view)
      .map(([key, v]) => `${key} = ${JSON.stringify(v)}`)
      .join('\n')}`;
    out.push(`<g class="${cls}" data-node="${esc(k)}"><title>${esc(title)}</title>`);
    if (a.initial) out.push(`<circle cx="${f(p.x)}" cy="${f(p.y)}" r="${r + 4}" class="ring"/>`);
    out.push(`<circle cx="${f(p.x)}" cy="${f(p.y)}" r="${r}"/>`);
    if (a.traceIndex !== undefined) out.push(`<text x="${f(p.x)}" y="${f(p.y + 3.5)}" text-anchor="middle" class="node-label">${a.traceIndex}</text>`);
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}

function f(n: number): string {
  return n.toFixed(1);
}
