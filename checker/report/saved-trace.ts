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
    (o.results as Record<string, unknown>[]).forEach((r, i) => {
      const t = fromJsonTrace(r?.trace, source ?? (isTraceSource(r?.source) ? r.source : undefined), typeof r?.property === 'string' ? r.property : undefined, `results[${i}].trace`);
      if (t) out.push(t);
    });
    return out;
  }
  const single = fromJsonTrace(o, source, typeof o.property === 'string' ? o.property : undefined, 'the trace');
  return single ? [single] : [];
}

/**
 * A trace as `--format json` writes it. Its recorded steps are what replay compares the
 * model against, so a trace whose steps are missing or damaged is refused here, naming
 * where (`at`): replayed, it would "reproduce" with nothing compared, or fail with exit 15,
 * which says the model changed.
 */
function fromJsonTrace(x: unknown, source: TraceSource | undefined, property: string | undefined, at: string): SavedTrace | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const t = x as Record<string, unknown>;
  if (!isIndexPath(t.path)) return undefined;
  const path = { ...t.path };
  if (Number.isInteger(t.loop) && path.loop === undefined) path.loop = t.loop as number;
  const expected = path.actions.length + 1;
  if (!Array.isArray(t.steps) || t.steps.length !== expected) {
    const got = Array.isArray(t.steps) ? `${t.steps.length} steps` : t.steps === undefined ? 'nothing' : typeof t.steps;
    throw new SavedTraceError(`${at}.steps: expected ${expected} recorded steps (the initial state and one per action of its path), got ${got}`);
  }
  if (path.loop !== undefined && (!Number.isInteger(path.loop) || path.loop < 0 || path.loop > path.actions.length)) {
    throw new SavedTraceError(`${at}.loop: expected a step index from 0 to ${path.actions.length}, got ${JSON.stringify(path.loop)}`);
  }
  const steps: SavedStep[] = (t.steps as unknown[]).map((s, i) => {
    const step = s as Record<string, unknown> | null;
    if (typeof step !== 'object' || step === null || typeof step.state !== 'object' || step.state === null) {
      throw new SavedTraceError(`${at}.steps[${i}]: expected a recorded step with its "state" object, got ${step === null ? 'null' : typeof step !== 'object' ? typeof step : 'no state'}`);
    }
    return {
      event: step.event ?? undefined,
      process: typeof step.process === 'string' ? step.process : undefined,
      description: typeof step.description === 'string' ? step.description : undefined,
      state: step.state as Record<string, unknown>,
    };
  });
  const saved: SavedTrace = { path, steps };
  if (source) saved.source = source;
  if (property) saved.property = property;
  return saved;
}
