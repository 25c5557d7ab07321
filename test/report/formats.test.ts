/**
 * Each trace format, parsed back: ITF against its documented shape (ADR-015: #meta,
 * vars, states[i]['#meta'].index, loop), Mermaid by its header and participant lines,
 * DOT with a DOT parser (node and edge counts), on real results of check().
 */
import { describe, expect, it } from 'vitest';
import dotparser from 'dotparser';
import { check } from '../../checker/check.ts';
import { traceToDot, graphToDot } from '../../checker/report/dot.ts';
import { FORMAT_NAMES, renderFormat } from '../../checker/report/formats.ts';
import { fromItfValue, renderItf, resultToItf, toItfValue, traceToItf, type ItfTrace } from '../../checker/report/itf.ts';
import { renderMermaid, renderMermaidTrace } from '../../checker/report/mermaid.ts';
import { buildNeighbourhood } from '../../checker/report/neighbourhood.ts';
import { counterModel, counterProperties, lockModel, lockProperties } from './fixtures.ts';

const counter = await check(counterModel, counterProperties);
const racy = await check(lockModel(true), lockProperties);
const atomic = await check(lockModel(false), lockProperties);
const get = (r: typeof racy, id: string) => r.results.find((x) => x.property === id)!;

/** The documented ITF shape, checked field by field. */
function assertItfShape(doc: ItfTrace): void {
  expect(doc['#meta'].format).toBe('ITF');
  expect(Array.isArray(doc.vars)).toBe(true);
  doc.vars.forEach((v) => expect(typeof v).toBe('string'));
  doc.states.forEach((s, i) => {
    expect(s['#meta'].index).toBe(i);
    for (const v of doc.vars) expect(s).toHaveProperty(v);
    for (const k of Object.keys(s)) expect(k === '#meta' || doc.vars.includes(k)).toBe(true);
  });
  if (doc.loop !== undefined) {
    expect(Number.isInteger(doc.loop)).toBe(true);
    expect(doc.loop).toBeGreaterThanOrEqual(0);
    expect(doc.loop).toBeLessThan(doc.states.length);
  }
}

describe('ITF', () => {
  it('prints one document for one counterexample, with vars, indexed states and oomcheck metadata', () => {
    const doc = JSON.parse(renderItf(counter, { source: { kind: 'model-file', file: 'counter.ts' } })) as ItfTrace;
    assertItfShape(doc);
    expect(doc.vars).toEqual(['n']);
    expect(doc.states.map((s) => s.n)).toEqual([0, 1, 2, 3]);
    expect(doc.loop).toBeUndefined();
    expect(doc['#meta'].oomcheck).toMatchObject({ property: 'below3', status: 'violated', path: { init: 0, actions: [0, 0, 0] } });
    expect(doc['#meta'].oomcheck.traceSource).toEqual({ kind: 'model-file', file: 'counter.ts' });
    expect(doc.states[2]['#meta']).toMatchObject({ index: 2, action: { type: 'inc' }, process: 'counter' });
  });

  it('marks a lasso with loop and prints an array for several counterexamples', () => {
    const docs = JSON.parse(renderItf(racy)) as ItfTrace[];
    expect(docs).toHaveLength(2);
    docs.forEach(assertItfShape);
    const lasso = docs.find((d) => d['#meta'].oomcheck.property === 'aEnters')!;
    expect(lasso.loop).toBe(get(racy, 'aEnters').trace!.loop);
    // The last state of a lasso is the state it loops back to.
    const { '#meta': _a, ...last } = lasso.states[lasso.states.length - 1];
    const { '#meta': _b, ...back } = lasso.states[lasso.loop!];
    expect(last).toEqual(back);
  });

  it('encodes values per ITF: safe integers plain, big ones #bigint, maps, sets, null unserializable', () => {
    expect(toItfValue(42)).toBe(42);
    expect(toItfValue(2 ** 60)).toEqual({ '#bigint': (2n ** 60n).toString() });
    expect(toItfValue(12345678901234567890n)).toEqual({ '#bigint': '12345678901234567890' });
    expect(toItfValue(new Map([['a', 1]]))).toEqual({ '#map': [['a', 1]] });
    expect(toItfValue(new Set([1, 2]))).toEqual({ '#set': [1, 2] });
    expect(toItfValue({ r: [1, 'x', true] })).toEqual({ r: [1, 'x', true] });
    expect(toItfValue(null)).toEqual({ '#unserializable': 'null' });
    for (const v of [0, 'x', [1, { a: null }], { deep: { n: -3 } }]) expect(fromItfValue(toItfValue(v))).toEqual(v);
  });

  it('gives no document when nothing is violated', () => {
    expect(resultToItf(atomic).filter((d) => d['#meta'].oomcheck.property === 'mutex')).toEqual([]);
    expect(traceToItf(get(counter, 'below3'), get(counter, 'below3').trace!).vars).toEqual(['n']);
  });
});

describe('Mermaid', () => {
  it('is a sequenceDiagram with one participant per process in order of appearance', () => {
    const text = renderMermaidTrace(get(racy, 'mutex').trace!);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    const participants = lines.filter((l) => /^\s*participant /.test(l));
    expect(participants.map((l) => l.trim())).toEqual(['participant P0 as A', 'participant P1 as B']);
    // Every step is an arrow between declared participants; every arrow is followed by the values that changed.
    const arrows = lines.filter((l) => /->>/.test(l));
    expect(arrows).toHaveLength(4);
    for (const a of arrows) expect(a).toMatch(/^\s*P[01]->>P[01]: \d+: /);
    expect(lines.filter((l) => /^\s*Note over P0,P1: /.test(l)).length).toBeGreaterThanOrEqual(5);
    expect(text.replace(/#\w+;/g, '')).not.toMatch(/;/); // a raw ';' would end the statement
  });

  it('puts a lasso cycle in a loop block and wraps each diagram in a fence for Markdown', () => {
    const text = renderMermaidTrace(get(atomic, 'aEnters').trace!);
    expect(text).toMatch(/^\s*loop back to step 0$/m);
    expect(text.trim().split('\n').at(-1)!.trim()).toBe('end');
    const md = renderMermaid(racy);
    expect(md.match(/^```mermaid$/gm)).toHaveLength(2);
    expect(md).toContain('### invariant property `mutex` violated');
  });
});

describe('DOT', () => {
  it('parses, with the trace states plus their neighbourhood, trace edges highlighted', () => {
    const trace = get(racy, 'mutex').trace!;
    const graph = buildNeighbourhood(lockModel(true), trace, { radius: 1 });
    const dot = graphToDot(graph, { name: 'mutex' });
    const [ast] = dotparser(dot);
    expect(ast.type).toBe('digraph');
    const nodes = ast.children.filter((c) => c.type === 'node_stmt');
    const edges = ast.children.filter((c) => c.type === 'edge_stmt');
    expect(nodes).toHaveLength(graph.order);
    expect(edges).toHaveLength(graph.size);
    expect(graph.order).toBeGreaterThan(trace.steps.length); // the neighbourhood adds states
    const traceEdges = edges.filter((e) => attrs(e).some((a) => a.id === 'penwidth' && a.eq === '2.5'));
    expect(traceEdges).toHaveLength(trace.steps.length - 1);
  });

  it('marks the lasso cycle in red, and radius 0 keeps only the trace', () => {
    const trace = get(atomic, 'aEnters').trace!;
    const graph = buildNeighbourhood(lockModel(false), trace, { radius: 0 });
    expect(graph.order).toBe(new Set(trace.steps.map((s) => JSON.stringify(s.state))).size);
    const dot = traceToDot(lockModel(false), get(atomic, 'aEnters'), trace, { radius: 0 });
    const [ast] = dotparser(dot);
    const red = ast.children.filter((c) => c.type === 'edge_stmt' && attrs(c).some((a) => a.id === 'color' && a.eq === '#c0392b'));
    expect(red).toHaveLength(trace.steps.length - 1 - trace.loop!);
  });

  it('bounds the neighbourhood by maxNodes', () => {
    const graph = buildNeighbourhood(counterModel, get(counter, 'below3').trace!, { radius: 5, maxNodes: 5 });
    expect(graph.order).toBeLessThanOrEqual(5);
  });
});

describe('format registry', () => {
  it('renders every registered format for a result', () => {
    for (const name of FORMAT_NAMES) {
      const out = renderFormat(name, racy, { model: lockModel(true), source: { kind: 'model-file', file: 'lock.ts' } });
      expect(out.length).toBeGreaterThan(10);
    }
    const json = JSON.parse(renderFormat('json', racy, { source: { kind: 'kernel', scenario: 's1', policy: 'v4.0' } }));
    expect(json.source).toEqual({ kind: 'kernel', scenario: 's1', policy: 'v4.0' });
    expect(json.results.find((r: { property: string }) => r.property === 'mutex').trace.path.actions).toHaveLength(4);
  });
});


/** A statement's attributes (dotparser's types make attr_list optional per statement kind). */
function attrs(stmt: unknown): { id: unknown; eq: unknown }[] {
  return ((stmt as { attr_list?: { id: unknown; eq: unknown }[] }).attr_list ?? []);
}
