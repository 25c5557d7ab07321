/**
 * The Informal Trace Format (ITF) of Apalache and Quint (Apalache ADR-015), so that a
 * counterexample can be read by the tools that read theirs (Quint's and the Rust `itf`
 * crate's readers). Shape:
 *
 *   { "#meta": {...}, "vars": ["x", ...],
 *     "states": [ { "#meta": { "index": 0 }, "x": <value>, ... }, ... ],
 *     "loop": 3 }                       // only for a lasso: the state the last one returns to
 *
 * Values: integers are plain JSON numbers when safe, otherwise {"#bigint": "123"};
 * strings and booleans as JSON; arrays as ITF lists; plain objects as ITF records;
 * Map as {"#map": [[k, v], ...]}; Set as {"#set": [...]}; what ITF has no form for
 * (null, undefined, a non-integer number) as {"#unserializable": "<text>"}.
 *
 * oomcheck's own extra information (where the trace came from, its index path, the
 * step descriptions) lives in `#meta`, which ITF readers ignore: the top-level
 * `#meta.oomcheck` and each state's `#meta` (action, process, description).
 */
import type { CheckResult, PropertyResult, Trace } from '../result.ts';
import type { SavedTrace, TraceSource } from './trace-source.ts';
import { isIndexPath, isTraceSource } from './trace-source.ts';

export type ItfValue =
  | number
  | string
  | boolean
  | ItfValue[]
  | { '#bigint': string }
  | { '#map': [ItfValue, ItfValue][] }
  | { '#set': ItfValue[] }
  | { '#unserializable': string }
  | { [field: string]: ItfValue };

export interface ItfStateMeta {
  index: number;
  /** The event that led to this state (absent for the initial state), as JSON. */
  action?: unknown;
  process?: string;
  description?: string;
}

export type ItfState = { '#meta': ItfStateMeta } & { [variable: string]: ItfValue | ItfStateMeta };

export interface ItfMeta {
  format: 'ITF';
  'format-description': string;
  /** Quint's convention: a one-word name of what was checked (a file or scenario). */
  source?: string;
  description: string;
  /** What oomcheck needs to replay the trace. */
  oomcheck: {
    property: string;
    kind: PropertyResult['kind'];
    status: PropertyResult['status'];
    traceSource?: TraceSource;
    path: Trace['path'];
    stutters?: boolean;
  };
  [extra: string]: unknown;
}

export interface ItfTrace {
  '#meta': ItfMeta;
  vars: string[];
  states: ItfState[];
  loop?: number;
}

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

/** An ITF value from a JSON-like JavaScript value. */
export function toItfValue(v: unknown): ItfValue {
  switch (typeof v) {
    case 'number':
      if (Number.isSafeInteger(v)) return v;
      if (Number.isInteger(v)) return { '#bigint': BigInt(v).toString() };
      return { '#unserializable': String(v) };
    case 'bigint':
      return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : { '#bigint': v.toString() };
    case 'string':
    case 'boolean':
      return v;
    case 'object': {
      if (v === null) return { '#unserializable': 'null' };
      if (Array.isArray(v)) return v.map(toItfValue);
      if (v instanceof Map) return { '#map': [...v.entries()].map(([k, x]) => [toItfValue(k), toItfValue(x)] as [ItfValue, ItfValue]) };
      if (v instanceof Set) return { '#set': [...v].map(toItfValue) };
      const out: Record<string, ItfValue> = {};
      for (const [k, x] of Object.entries(v)) out[k] = toItfValue(x);
      return out;
    }
    default:
      return { '#unserializable': String(v) };
  }
}

/**
 * Back from ITF to a JSON-like value, as the views were: #bigint to a number when
 * safe (else a bigint), #map to a Map, #set to a Set, #unserializable "null" to null.
 */
export function fromItfValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromItfValue);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if (typeof o['#bigint'] === 'string') {
    const b = BigInt(o['#bigint']);
    return Number.isSafeInteger(Number(b)) ? Number(b) : b;
  }
  if (Array.isArray(o['#map'])) return new Map((o['#map'] as [unknown, unknown][]).map(([k, x]) => [fromItfValue(k), fromItfValue(x)]));
  if (Array.isArray(o['#set'])) return new Set((o['#set'] as unknown[]).map(fromItfValue));
  if (Array.isArray(o['#tup'])) return (o['#tup'] as unknown[]).map(fromItfValue);
  if ('#unserializable' in o) {
    const text = String(o['#unserializable']);
    return text === 'null' ? null : text === 'undefined' ? undefined : text;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) if (k !== '#meta') out[k] = fromItfValue(x);
  return out;
}

export interface ItfOptions {
  source?: TraceSource;
  /** Extra `#meta` fields, e.g. a timestamp (left out by default so that output is reproducible). */
  meta?: Record<string, unknown>;
}

/** One counterexample (or witness) as an ITF document. */
export function traceToItf(result: Pick<PropertyResult, 'property' | 'kind' | 'status'>, trace: Trace, options: ItfOptions = {}): ItfTrace {
  const vars: string[] = [];
  const seen = new Set<string>();
  for (const step of trace.steps) {
    for (const k of Object.keys(step.state)) if (!seen.has(k)) (seen.add(k), vars.push(k));
  }
  const states = trace.steps.map((step) => {
    const meta: ItfStateMeta = { index: step.index };
    if (step.event !== undefined) meta.action = step.event;
    if (step.process !== undefined) meta.process = step.process;
    if (step.description !== undefined) meta.description = step.description;
    const state: ItfState = { '#meta': meta };
    for (const k of vars) state[k] = toItfValue(k in step.state ? step.state[k] : undefined);
    return state;
  });
  const oomcheck: ItfMeta['oomcheck'] = { property: result.property, kind: result.kind, status: result.status, path: trace.path };
  if (options.source) oomcheck.traceSource = options.source;
  if (trace.stutters) oomcheck.stutters = true;
  const meta: ItfMeta = {
    format: 'ITF',
    'format-description': ITF_FORMAT_DESCRIPTION,
    description: `oomcheck: ${result.status === 'violated' ? 'counterexample to' : 'witness of'} ${result.kind} property '${result.property}'`,
    oomcheck,
    ...options.meta,
  };
  if (options.source) meta.source = options.source.kind === 'model-file' ? options.source.file : `${options.source.scenario}@${options.source.policy}`;
  const doc: ItfTrace = { '#meta': meta, vars, states };
  if (trace.loop !== undefined) doc.loop = trace.loop;
  return doc;
}

/** Every counterexample of a run as ITF documents, in property order. */
export function resultToItf(result: CheckResult, options: ItfOptions = {}): ItfTrace[] {
  return result.results.filter((r) => r.trace).map((r) => traceToItf(r, r.trace!, options));
}

/**
 * `--format itf`: one counterexample prints as one ITF document (what ITF readers
 * expect); several print as a JSON array of documents; none as `[]`.
 */
export function renderItf(result: CheckResult, options: ItfOptions = {}): string {
  const docs = resultToItf(result, options);
  return JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2) + '\n';
}

export function isItfTrace(x: unknown): x is ItfTrace {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as Record<string, unknown>;
  return typeof d['#meta'] === 'object' && Array.isArray(d.vars) && Array.isArray(d.states);
}

/** Reads an ITF document back as a SavedTrace; undefined when its `#meta` lacks oomcheck's index path. */
export function savedTraceFromItf(doc: ItfTrace): SavedTrace | undefined {
  const om = (doc['#meta'] as Partial<ItfMeta>).oomcheck;
  if (!om || !isIndexPath(om.path)) return undefined;
  const path = { ...om.path };
  if (doc.loop !== undefined) path.loop = doc.loop;
  const steps = doc.states.map((s) => {
    const meta = (s['#meta'] ?? {}) as ItfStateMeta;
    const state: Record<string, unknown> = {};
    for (const v of doc.vars) state[v] = fromItfValue(s[v]);
    return { event: meta.action, process: meta.process, description: meta.description, state };
  });
  const saved: SavedTrace = { path, steps, property: om.property };
  if (isTraceSource(om.traceSource)) saved.source = om.traceSource;
  return saved;
}
