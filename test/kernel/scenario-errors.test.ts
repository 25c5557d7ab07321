/**
 * Invalid scenarios: each gives one ScenarioError naming the file, the JSON path and what was
 * expected, in one line (the CLI prints it and exits 150).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatScenarioError,
  loadScenarioFile,
  parseScenario,
  ScenarioError,
} from '../../models/kernel/scenario/index.ts';
import { MODEL_MD_EXAMPLE } from './model-md-example.ts';

const VALID = MODEL_MD_EXAMPLE;

/** Apply `mutate` to a copy of VALID and return the error parseScenario throws. */
function errorFor(mutate: (doc: any) => void): ScenarioError {
  const doc = structuredClone(VALID) as any;
  mutate(doc);
  try {
    parseScenario(doc, 'scenario.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('expected a ScenarioError, the document was accepted');
}

describe('schema errors', () => {
  it('unknown gfp: the exact message of the brief', () => {
    const e = errorFor((d) => (d.tasks[1].program[0] = { op: 'alloc', order: 0, gfp: 'GFP_FOO' }));
    expect(e.file).toBe('scenario.json');
    expect(e.jsonPath).toBe('/tasks/1/program/0/gfp');
    expect(e.expected).toBe('one of GFP_KERNEL, GFP_NOFS, GFP_NOIO, GFP_ATOMIC');
    expect(e.message).toBe(
      'scenario.json: /tasks/1/program/0/gfp: expected one of GFP_KERNEL, GFP_NOFS, GFP_NOIO, GFP_ATOMIC, got "GFP_FOO"',
    );
  });

  it('wrong type', () => {
    const e = errorFor((d) => (d.tasks[0].rss = '2'));
    expect(e.jsonPath).toBe('/tasks/0/rss');
    expect(e.expected).toMatch(/^an integer from 0 to/);
    expect(e.message).toContain('got "2" (a string)');
  });

  it('missing required field: the path names the field and what it must be', () => {
    const e = errorFor((d) => delete d.tasks[0].program[0].gfp);
    expect(e.jsonPath).toBe('/tasks/0/program/0/gfp');
    expect(e.expected).toBe('one of GFP_KERNEL, GFP_NOFS, GFP_NOIO, GFP_ATOMIC');
    expect(e.message).toContain('got nothing');
    expect(e.message).toContain('required');
  });

  it('unknown op: keyed on the op field, listing the ops, suggesting the nearest', () => {
    const e = errorFor((d) => (d.tasks[0].program[0].op = 'aloc'));
    expect(e.jsonPath).toBe('/tasks/0/program/0/op');
    expect(e.expected).toBe('one of lock, lockKillable, unlock, alloc, free, oomDisable, oomEnable, hold');
    expect(e.message).toContain('did you mean "alloc"?');
  });

  it('an op error is reported for the branch its op names, not for every oneOf branch', () => {
    const e = errorFor((d) => (d.tasks[1].program[0] = { op: 'lock', lock: 'bad name' }));
    expect(e.jsonPath).toBe('/tasks/1/program/0/lock');
    expect(e.expected).toMatch(/^a name matching/);
  });

  it('unknown gfp flag', () => {
    const e = errorFor((d) => (d.tasks[0].program[0].flags = ['__GFP_NOFAIL', '__GFP_NOWARN']));
    expect(e.jsonPath).toBe('/tasks/0/program/0/flags/1');
    expect(e.expected).toBe('one of __GFP_NOFAIL, __GFP_NORETRY, __GFP_REPEAT, __GFP_HIGH');
  });

  it('a typo in a field name is caught (additionalProperties false) with a suggestion', () => {
    const e = errorFor((d) => (d.zone.reclaimbatch = 1));
    expect(e.jsonPath).toBe('/zone/reclaimbatch');
    expect(e.message).toContain('did you mean "reclaimBatch"?');
  });

  it('order out of range', () => {
    const e = errorFor((d) => (d.tasks[0].program[0].order = 5));
    expect(e.jsonPath).toBe('/tasks/0/program/0/order');
    expect(e.expected).toBe('an integer from 0 to 4');
  });
});

describe('semantic errors', () => {
  it('negative free pages', () => {
    const e = errorFor((d) => (d.tasks[1].rss = 50));
    expect(e.jsonPath).toBe('/zone/managed');
    expect(e.expected).toContain('at least 52 pages');
    expect(e.message).toContain('free pages would start at -44');
  });

  it('unlock of a lock the task does not hold at that point', () => {
    const e = errorFor((d) => (d.tasks[1].program = [{ op: 'unlock', lock: 'i_mutex' }]));
    expect(e.jsonPath).toBe('/tasks/1/program/0/lock');
    expect(e.expected).toBe('a lock that V holds at this point (it holds none)');
  });

  it('unlock after the lock was already released', () => {
    const e = errorFor((d) => d.tasks[0].program.push({ op: 'unlock', lock: 'i_mutex' }));
    expect(e.jsonPath).toBe('/tasks/0/program/2/lock');
  });

  it('locking a lock the task already holds (self-deadlock)', () => {
    const e = errorFor((d) => (d.tasks[0].program[0] = { op: 'lockKillable', lock: 'i_mutex' }));
    expect(e.jsonPath).toBe('/tasks/0/program/0/lock');
    expect(e.message).toContain('self-deadlock');
  });

  it('two tasks holding the same lock at the start', () => {
    const e = errorFor((d) => (d.tasks[1].holds = ['i_mutex']));
    expect(e.jsonPath).toBe('/tasks/1/holds/0');
  });

  it('duplicate task names', () => {
    const e = errorFor((d) => (d.tasks[1].name = 'A'));
    expect(e.jsonPath).toBe('/tasks/1/name');
  });

  it('watermarks out of order', () => {
    expect(errorFor((d) => (d.zone.watermarks.oom = 3)).jsonPath).toBe('/zone/watermarks/oom');
    expect(errorFor((d) => (d.zone.watermarks.low = 1)).jsonPath).toBe('/zone/watermarks/low');
    expect(errorFor((d) => (d.zone.watermarks.high = 2)).jsonPath).toBe('/zone/watermarks/high');
    expect(errorFor((d) => (d.zone.watermarks.oom = -1)).jsonPath).toBe('/zone/watermarks/oom');
  });

  it('free of more pages than the task can ever own there; up to that bound is allowed', () => {
    const e = errorFor((d) => d.tasks[0].program.push({ op: 'free', pages: 4 }));
    expect(e.jsonPath).toBe('/tasks/0/program/2/pages');
    expect(e.expected).toContain('at most 3 pages');
    const ok = structuredClone(VALID) as any;
    ok.tasks[0].program.push({ op: 'free', pages: 3 });
    expect(parseScenario(ok, 'ok.json').tasks[0].program[2]).toEqual({ op: 'free', pages: 3 });
  });

  it('an op after hold', () => {
    const e = errorFor((d) => d.tasks[1].program.unshift({ op: 'hold' }));
    expect(e.jsonPath).toBe('/tasks/1/program/1');
  });

  it('__GFP_NOFAIL with GFP_ATOMIC or with __GFP_NORETRY', () => {
    const atomic = errorFor((d) => Object.assign(d.tasks[0].program[0], { gfp: 'GFP_ATOMIC', flags: ['__GFP_NOFAIL'] }));
    expect(atomic.jsonPath).toBe('/tasks/0/program/0/flags');
    const noretry = errorFor((d) => (d.tasks[0].program[0].flags = ['__GFP_NORETRY', '__GFP_NOFAIL']));
    expect(noretry.jsonPath).toBe('/tasks/0/program/0/flags');
  });

  it('a task named like a kernel thread', () => {
    expect(errorFor((d) => (d.tasks[0].name = 'kswapd')).jsonPath).toBe('/tasks/0/name');
  });

  it('a task or lock named __proto__ (the name pattern allows it; as a context key it would set the prototype)', () => {
    const task = errorFor((d) => (d.tasks[0].name = '__proto__'));
    expect(task.jsonPath).toBe('/tasks/0/name');
    expect(task.expected).toBe('a task name other than __proto__');
    expect(errorFor((d) => (d.tasks[0].holds = ['__proto__'])).jsonPath).toBe('/tasks/0/holds/0');
    expect(errorFor((d) => d.tasks[0].program.unshift({ op: 'lock', lock: '__proto__' })).jsonPath).toBe('/tasks/0/program/0/lock');
  });
});

describe('documents and files', () => {
  it('a non-object document', () => {
    for (const doc of [null, 5, 'x', [], true]) {
      try {
        parseScenario(doc, 'doc.json');
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        expect((e as ScenarioError).jsonPath).toBe('');
        expect((e as ScenarioError).message).toMatch(/^doc\.json: \(document\): expected an object with fields name, title/);
      }
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'oomcheck-scn-'));

  it('a missing file', () => {
    const path = join(dir, 'nope.json');
    expect(() => loadScenarioFile(path)).toThrow(`${path}: (document): expected a readable scenario file, got no such file`);
  });

  it('invalid JSON names line and column', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{\n  "name": "x",\n  "title": tru\n}\n');
    try {
      loadScenarioFile(path);
      expect.unreachable();
    } catch (e) {
      const err = e as ScenarioError;
      expect(err).toBeInstanceOf(ScenarioError);
      expect(err.line).toBe(3);
      expect(err.column).toBe(12);
      expect(err.message.startsWith(`${path}:3:12: (document): expected valid JSON`)).toBe(true);
      expect(err.message).not.toContain('\n');
    }
  });

  it('a trailing comma and an empty file', () => {
    const comma = join(dir, 'comma.json');
    writeFileSync(comma, '{"name": "x",\n}');
    expect(() => loadScenarioFile(comma)).toThrow(/comma\.json:2:1: /);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect(() => loadScenarioFile(empty)).toThrow(/empty\.json:1:1: .*got end of file/);
  });

  it('formatScenarioError gives the one-line message', () => {
    const e = errorFor((d) => (d.tasks[0].rss = -1));
    expect(formatScenarioError(e)).toBe(e.message);
    expect(formatScenarioError(e)).not.toContain('\n');
  });
});
