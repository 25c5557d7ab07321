/**
 * A counterexample and its neighbourhood in the state graph, as Graphviz DOT (TLC's
 * `-dump dot` is the precedent). The graph comes from neighbourhood.ts (graphology);
 * this file only serialises it: trace edges bold and blue with their step numbers,
 * the lasso's cycle red, the initial state a double circle, stuck states a red
 * octagon, states with successors left out by the bounds dashed.
 */
import type { Model } from '../model.ts';
import type { CheckResult, PropertyResult, Trace } from '../result.ts';
import { buildNeighbourhood, type NeighbourhoodGraph, type NeighbourhoodOptions } from './neighbourhood.ts';

export interface DotOptions extends NeighbourhoodOptions {
  /** The digraph's name (default "counterexample"). */
  name?: string;
  /** A label drawn above the graph. */
  title?: string;
  /** Longest node detail before it is cut (default 80 characters). */
  maxDetailLength?: number;
}

export function graphToDot(graph: NeighbourhoodGraph, options: DotOptions = {}): string {
  const max = options.maxDetailLength ?? 80;
  const lines = [`digraph ${quote(options.name ?? 'counterexample')} {`];
  lines.push('  rankdir=TB;');
  lines.push('  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];');
  lines.push('  edge [fontname="Helvetica", fontsize=9, color="#888888"];');
  if (options.title) lines.push(`  label=${quote(options.title)}; labelloc=t;`);
  graph.forEachNode((key, a) => {
    const attrs: Record<string, string> = {
      label: `${a.traceIndex !== undefined ? `step ${a.traceIndex}` : a.label}\n${cut(a.detail, max)}`,
    };
    const style = ['rounded'];
    if (a.traceIndex !== undefined) (attrs.color = '#1f5fbf'), (attrs.penwidth = '2');
    if (a.loop) attrs.color = '#c0392b';
    if (a.initial) attrs.peripheries = '2';
    if (a.stuck) (attrs.shape = 'octagon'), (attrs.color = '#c0392b');
    if (a.final) attrs.shape = 'doubleoctagon';
    if (a.truncated) style.push('dashed');
    attrs.style = style.join(',');
    lines.push(`  ${quote(key)} [${attributes(attrs)}];`);
  });
  graph.forEachEdge((_key, a, source, target) => {
    const attrs: Record<string, string> = { label: a.traceStep !== undefined ? `${a.traceStep}: ${a.label}` : a.label };
    if (a.onTrace) (attrs.color = '#1f5fbf'), (attrs.penwidth = '2.5'), (attrs.fontcolor = '#1f5fbf');
    if (a.loop) (attrs.color = '#c0392b'), (attrs.fontcolor = '#c0392b');
    lines.push(`  ${quote(source)} -> ${quote(target)} [${attributes(attrs)}];`);
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** One property's counterexample with its neighbourhood, explored again through `model`. */
export function traceToDot<S, A>(model: Model<S, A>, result: Pick<PropertyResult, 'property'>, trace: Trace, options: DotOptions = {}): string {
  const graph = buildNeighbourhood(model, trace, options);
  return graphToDot(graph, { title: `counterexample to ${result.property}${trace.loop !== undefined ? ` (cycle back to step ${trace.loop})` : ''}`, ...options, name: options.name ?? result.property });
}

/** `--format dot`: one digraph per counterexample, separated by blank lines (`dot` reads them all). */
export function renderDot<S, A>(model: Model<S, A>, result: CheckResult, options: DotOptions = {}): string {
  const graphs = result.results.filter((r) => r.trace).map((r) => traceToDot(model, r, r.trace!, options));
  return graphs.length ? graphs.join('\n') : 'digraph "no_counterexample" {\n}\n';
}

/** A DOT ID: always a double-quoted string, with quotes, backslashes and newlines escaped. */
export function quote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n') + '"';
}

function attributes(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join(', ');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
