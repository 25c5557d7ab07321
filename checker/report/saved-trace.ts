/**
 * Reading a saved trace back, whatever wrote it:
 *   - the JSON report (`--format json`): `{ source?, results: [{ property, trace: { path, steps } }] }`;
 *   - one JSON trace: `{ path, steps, source? }`;
 *   - an ITF document, or an array of them (`--format itf`), with oomcheck's `#meta`.
 * With several counterexamples in a file, `property` picks one (default: the first).
 */
import { isItfTrace, savedTraceFromItf } from './itf.ts';
import type { SavedStep, SavedTrace, TraceSource } from './trace-source.ts';
import { isIndexPath, isTraceSource } from './trace-source.ts';

export class SavedTraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SavedTraceError';
  }
}

export function readSavedTrace(doc: unknown, property?: string): SavedTrace {
  const all = readSavedTraces(doc);
  if (all.length === 0) throw new SavedTraceError('the file holds no trace with an index path (a JSON report, a JSON trace or an ITF document from oomcheck)');
  if (property === undefined) return all[0];
  const found = all.find((t) => t.property === property);
  if (!found) throw new SavedTraceError(`no trace for property '${property}' in the file; it has: ${all.map((t) => t.property ?? '(unnamed)').join(', ')}`);
  return found;
}

export function readSavedTraces(doc: unknown): SavedTrace[] {
  if (Array.isArray(doc)) return doc.flatMap((d) => readSavedTraces(d));
  if (typeof doc !== 'object' || doc === null) return [];
  if (isItfTrace(doc)) {
    const t = savedTraceFromItf(doc);
    return t ? [t] : [];
  }
  const o = doc as Record<string, unknown>;
  const source = isTraceSource(o.source) ? o.source : undefined;
  if (Array.isArray(o.results)) {
    const out: SavedTrace[] = [];
    for (const r of o.results as Record<string, unknown>[]) {
      const t = fromJsonTrace(r?.trace, source ?? (isTraceSource(r?.source) ? r.source : undefined), typeof r?.property === 'string' ? r.property : undefined);
      if (t) out.push(t);
    }
    return out;
  }
  const single = fromJsonTrace(o, source, typeof o.property === 'string' ? o.property : undefined);
  return single ? [single] : [];
}

function fromJsonTrace(x: unknown, source: TraceSource | undefined, property: string | undefined): SavedTrace | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const t = x as Record<string, unknown>;
  if (!isIndexPath(t.path)) return undefined;
  const path = { ...t.path };
  if (Number.isInteger(t.loop) && path.loop === undefined) path.loop = t.loop as number;
  const steps: SavedStep[] = Array.isArray(t.steps)
    ? (t.steps as Record<string, unknown>[]).map((s) => ({
        event: s?.event ?? undefined,
        process: typeof s?.process === 'string' ? s.process : undefined,
        description: typeof s?.description === 'string' ? s.description : undefined,
        state: typeof s?.state === 'object' && s.state !== null ? (s.state as Record<string, unknown>) : {},
      }))
    : [];
  const saved: SavedTrace = { path, steps };
  if (source) saved.source = source;
  if (property) saved.property = property;
  return saved;
}
