/**
 * Loading valid scenarios: the MODEL.md example as written, defaults, and every built-in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_SCENARIO_NAMES,
  builtinScenarios,
  findScenario,
  formatScenarioList,
  parseScenario,
  parseScenarioText,
  ScenarioError,
} from '../../models/kernel/scenario/index.ts';
import { builtinScenarioPath, BUILTIN_SCENARIO_DIR } from '../../models/kernel/scenario/builtin.ts';
import { readdirSync } from 'node:fs';
import { MODEL_MD_EXAMPLE } from './model-md-example.ts';

/** The contract as shipped (docs/MODEL.md) and, next to a working copy, as the team keeps it. */
const SHIPPED_MODEL_MD = new URL('../../docs/MODEL.md', import.meta.url);
const SHARED_MODEL_MD = new URL('../../../shared/MODEL.md', import.meta.url);

/** The example of MODEL.md section 6, character for character (it must load as written). */
function modelMdExample(): string {
  const model = readFileSync(SHIPPED_MODEL_MD, 'utf8');
  const m = /## 6\. Scenarios[\s\S]*?```json\n([\s\S]*?)```/.exec(model);
  if (!m) throw new Error('MODEL.md section 6 example not found');
  return m[1];
}

const EXAMPLE_INLINE = MODEL_MD_EXAMPLE;

// docs/MODEL.md is the contract users read; a copy that drifted from the team's would
// make the docs cite rules the model no longer follows. (A clean clone has no ../shared.)
it.runIf(existsSync(SHARED_MODEL_MD))('docs/MODEL.md is the shared contract, unchanged', () => {
  expect(readFileSync(SHIPPED_MODEL_MD, 'utf8')).toBe(readFileSync(SHARED_MODEL_MD, 'utf8'));
});

describe('the MODEL.md example', () => {
  it('loads as written in docs/MODEL.md, and equals the inline copy the other tests use', () => {
    const text = modelMdExample();
    expect(JSON.parse(text)).toEqual(EXAMPLE_INLINE);
    const s = parseScenarioText(text, 'MODEL.md');
    expect(s.name).toBe('victim-behind-imutex');
    expect(s.initialFree).toBe(1);
    expect(s.zone.reclaimBatch).toBe(1);
  });

  it('gets every default: oomScoreAdj 0, holds [], flags [], onFail unwind, maxNoProgress 2', () => {
    const s = parseScenario(EXAMPLE_INLINE, 'x.json');
    const [a, v] = s.tasks;
    expect(a.oomScoreAdj).toBe(0);
    expect(v.holds).toEqual([]);
    expect(a.program[0]).toEqual({ op: 'alloc', order: 0, gfp: 'GFP_NOFS', flags: [], onFail: 'unwind' });
    expect(s.zone.maxNoProgress).toBe(2);
    expect(s.origin).toBe('x.json');
  });

  it('defaults oom to min - max(1, floor(min/8)), clamped at 0, and leaves reclaimBatch absent', () => {
    const doc = structuredClone(EXAMPLE_INLINE) as any;
    delete doc.zone.watermarks.oom;
    delete doc.zone.reclaimBatch;
    delete doc.zone.clean;
    delete doc.zone.dirty;
    delete doc.kthreads;
    const s = parseScenario(doc, 'x.json');
    expect(s.zone.watermarks.oom).toBe(1); // 2 - max(1, 0)
    expect('reclaimBatch' in s.zone).toBe(false);
    expect(s.zone.clean).toBe(0);
    expect(s.kthreads).toEqual([]);
    doc.zone.watermarks = { min: 16, low: 16, high: 16 };
    expect(parseScenario(doc, 'x.json').zone.watermarks.oom).toBe(14); // 16 - 16/8
    doc.zone.watermarks = { min: 0, low: 0, high: 0 };
    expect(parseScenario(doc, 'x.json').zone.watermarks.oom).toBe(0); // clamped, not -1
  });

  it('does not modify the document it is given', () => {
    const doc = structuredClone(EXAMPLE_INLINE);
    parseScenario(doc, 'x.json');
    expect(doc).toEqual(EXAMPLE_INLINE);
  });
});

describe('built-in scenarios', () => {
  it('has at least the nine of MODEL.md section 6, each with title, source and lesson', () => {
    const all = builtinScenarios();
    expect(all.length).toBeGreaterThanOrEqual(9);
    for (const s of all) {
      expect(s.title.length).toBeGreaterThan(10);
      expect(s.source?.length ?? 0).toBeGreaterThan(20);
      expect(s.lesson?.length ?? 0).toBeGreaterThan(100);
      expect(s.origin).toBe(`built-in:${s.name}`);
    }
  });

  it('lists exactly the JSON files of models/kernel/scenarios', () => {
    const files = readdirSync(BUILTIN_SCENARIO_DIR).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...BUILTIN_SCENARIO_NAMES].sort());
  });

  it('stays small: managed <= 20 pages, 2-3 tasks, programs of at most 4 ops', () => {
    for (const s of builtinScenarios()) {
      expect(s.zone.managed).toBeLessThanOrEqual(20);
      expect(s.tasks.length).toBeGreaterThanOrEqual(2);
      expect(s.tasks.length).toBeLessThanOrEqual(3);
      for (const t of s.tasks) expect(t.program.length).toBeLessThanOrEqual(4);
    }
  });

  it('covers what MODEL.md section 6 asks for', () => {
    const by = new Map(builtinScenarios().map((s) => [s.name, s]));
    const allocs = (name: string) =>
      by.get(name)!.tasks.flatMap((t) => t.program.filter((o) => o.op === 'alloc')) as Array<
        Extract<import('../../models/kernel/scenario/types.ts').Op, { op: 'alloc' }>
      >;
    expect(allocs('victim-behind-imutex')[0].gfp).toBe('GFP_NOFS');
    expect(allocs('victim-behind-imutex-kernel')[0].gfp).toBe('GFP_KERNEL');
    expect(allocs('nofail-holding-lock')[0].flags).toContain('__GFP_NOFAIL');
    expect(allocs('costly-order')[0].order).toBe(4);
    expect(allocs('xfs-retry')[0].onFail).toBe('retry');
    expect(by.get('mmap-sem-sibling')!.tasks.some((t) => t.holds.includes('mmap_sem'))).toBe(true);
    const disabled = by.get('nofail-oom-disabled')!;
    expect(disabled.tasks.some((t) => t.program.some((o) => o.op === 'oomDisable'))).toBe(true);
    expect(allocs('nofail-oom-disabled').some((a) => a.flags.includes('__GFP_NOFAIL'))).toBe(true);
    // S5: nobody killable besides the allocator.
    const nobody = by.get('nofs-nobody-to-kill')!;
    expect(nobody.tasks.every((t) => t.oomScoreAdj === -1000 || t.program.some((o) => o.op === 'alloc'))).toBe(true);
    expect(by.has('kill-stolen-by-concurrent-alloc')).toBe(true);
  });

  it('nofail-holding-lock asks for more than the reserves below min hold', () => {
    const s = findScenario('nofail-holding-lock');
    const alloc = s.tasks[0].program[0];
    expect(alloc.op).toBe('alloc');
    if (alloc.op === 'alloc') expect(2 ** alloc.order).toBeGreaterThan(s.initialFree);
  });

  it('findScenario accepts a built-in name or a file path', () => {
    expect(findScenario('costly-order').name).toBe('costly-order');
    const viaPath = findScenario(builtinScenarioPath('xfs-retry'));
    expect(viaPath.name).toBe('xfs-retry');
    expect(viaPath.origin).toBe(builtinScenarioPath('xfs-retry'));
  });

  it('findScenario rejects an unknown name, listing the built-ins and suggesting the nearest', () => {
    try {
      findScenario('costly-ordr');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      const msg = (e as ScenarioError).message;
      for (const n of BUILTIN_SCENARIO_NAMES) expect(msg).toContain(n);
      expect(msg).toContain('did you mean "costly-order"?');
    }
  });

  it('formatScenarioList prints name, title and source of each', () => {
    const text = formatScenarioList();
    for (const s of builtinScenarios()) {
      expect(text).toContain(s.name);
      expect(text).toContain(s.title);
      expect(text).toContain(s.source!);
    }
  });
});
