/**
 * Checks that JSON Schema cannot express, run on the loaded scenario (defaults applied). Each throws
 * the first violation as a ScenarioError pointing at the field to change. The order is the document
 * order (zone, then tasks), so that a user fixing errors one by one meets them top to bottom.
 */
import { ScenarioError, renderValue } from './scenario-error.ts';
import type { Op, Scenario, TaskSpec } from './types.ts';

/** Names the trace uses for the kernel threads; a task named so would make traces ambiguous. */
const RESERVED_TASK_NAMES = ['kswapd', 'oom_reaper'];

/**
 * Task and lock names are keys of the model's context objects (`tasks`, `locks`), where
 * `__proto__` would set the object's prototype instead of adding a key: the task or lock
 * would silently vanish. The name pattern allows it, so it is refused here.
 */
const OBJECT_KEY_TRAP = '__proto__';

export function checkSemantics(s: Scenario, file: string): void {
  checkWatermarks(s, file);
  checkFreePages(s, file);
  checkTaskNames(s, file);
  checkLockNames(s, file);
  checkInitialLocks(s, file);
  s.tasks.forEach((t, i) => checkProgram(t, i, file));
}

function checkWatermarks(s: Scenario, file: string): void {
  const { oom, min, low, high } = s.zone.watermarks;
  const at = (mark: string) => `/zone/watermarks/${mark}`;
  if (oom > min) {
    // Only reachable when oom was given: the default is never above min.
    throw new ScenarioError({
      file,
      jsonPath: at('oom'),
      expected: `at most min (${min})`,
      got: String(oom),
      hint: 'the OOM reserve lies below min (RFC patch 9)',
    });
  }
  if (low < min) {
    throw new ScenarioError({ file, jsonPath: at('low'), expected: `at least min (${min})`, got: String(low) });
  }
  if (high < low) {
    throw new ScenarioError({ file, jsonPath: at('high'), expected: `at least low (${low})`, got: String(high) });
  }
}

function checkFreePages(s: Scenario, file: string): void {
  if (s.initialFree >= 0) return;
  const rss = s.tasks.reduce((sum, t) => sum + t.rss, 0);
  const needed = rss + s.zone.clean + s.zone.dirty;
  throw new ScenarioError({
    file,
    jsonPath: '/zone/managed',
    expected: `at least ${needed} pages (sum of rss ${rss} + clean ${s.zone.clean} + dirty ${s.zone.dirty})`,
    got: String(s.zone.managed),
    hint: `free pages would start at ${s.initialFree}`,
  });
}

function checkTaskNames(s: Scenario, file: string): void {
  const seen = new Map<string, number>();
  s.tasks.forEach((t, i) => {
    const earlier = seen.get(t.name);
    if (earlier !== undefined) {
      throw new ScenarioError({
        file,
        jsonPath: `/tasks/${i}/name`,
        expected: 'a task name not used by another task',
        got: renderValue(t.name),
        hint: `task ${earlier} has the same name`,
      });
    }
    if (t.name === OBJECT_KEY_TRAP) throw keyTrap(file, `/tasks/${i}/name`, 'task');
    if (RESERVED_TASK_NAMES.includes(t.name)) {
      throw new ScenarioError({
        file,
        jsonPath: `/tasks/${i}/name`,
        expected: `a name other than ${RESERVED_TASK_NAMES.join(' or ')}`,
        got: renderValue(t.name),
        hint: 'those name kernel threads in traces; list them under "kthreads"',
      });
    }
    seen.set(t.name, i);
  });
}

function checkLockNames(s: Scenario, file: string): void {
  s.tasks.forEach((t, i) => {
    t.holds.forEach((lock, k) => {
      if (lock === OBJECT_KEY_TRAP) throw keyTrap(file, `/tasks/${i}/holds/${k}`, 'lock');
    });
    t.program.forEach((op, j) => {
      if ('lock' in op && op.lock === OBJECT_KEY_TRAP) throw keyTrap(file, `/tasks/${i}/program/${j}/lock`, 'lock');
    });
  });
}

function keyTrap(file: string, jsonPath: string, what: 'task' | 'lock'): ScenarioError {
  return new ScenarioError({
    file,
    jsonPath,
    expected: `a ${what} name other than ${OBJECT_KEY_TRAP}`,
    got: renderValue(OBJECT_KEY_TRAP),
    hint: `${what} names are keys of the model's context objects, where ${OBJECT_KEY_TRAP} is not an ordinary key`,
  });
}

/** Two tasks cannot both hold a mutex at the start: that state does not exist. */
function checkInitialLocks(s: Scenario, file: string): void {
  const owner = new Map<string, string>();
  s.tasks.forEach((t, i) => {
    t.holds.forEach((lock, k) => {
      const other = owner.get(lock);
      if (other !== undefined) {
        throw new ScenarioError({
          file,
          jsonPath: `/tasks/${i}/holds/${k}`,
          expected: 'a lock that no other task holds at the start',
          got: renderValue(lock),
          hint: `task ${other} holds it already; mutexes have one owner`,
        });
      }
      owner.set(lock, t.name);
    });
  });
}

/**
 * Walks the program tracking what the task holds (locks from `holds`, lock/lockKillable, unlock)
 * and the most pages it can own (rss + every earlier allocation's pages - earlier frees).
 */
function checkProgram(t: TaskSpec, i: number, file: string): void {
  const held = new Set(t.holds);
  let maxOwned = t.rss;
  t.program.forEach((op: Op, j) => {
    const at = `/tasks/${i}/program/${j}`;
    if (j > 0 && t.program[j - 1].op === 'hold') {
      throw new ScenarioError({
        file,
        jsonPath: at,
        expected: 'no op after "hold"',
        got: renderValue(op.op),
        hint: 'a task stays at hold until it is killed, so later ops would never run',
      });
    }
    switch (op.op) {
      case 'lock':
      case 'lockKillable':
        if (held.has(op.lock)) {
          throw new ScenarioError({
            file,
            jsonPath: `${at}/lock`,
            expected: `a lock that ${t.name} does not hold already`,
            got: renderValue(op.lock),
            hint: 'self-deadlock: kernel mutexes are not recursive',
          });
        }
        held.add(op.lock);
        break;
      case 'unlock':
        if (!held.has(op.lock)) {
          throw new ScenarioError({
            file,
            jsonPath: `${at}/lock`,
            expected: `a lock that ${t.name} holds at this point (${held.size > 0 ? [...held].join(', ') : 'it holds none'})`,
            got: renderValue(op.lock),
            hint: 'mutex_unlock by a non-owner is a kernel bug',
          });
        }
        held.delete(op.lock);
        break;
      case 'alloc':
        checkGfpCombination(op, `${at}/flags`, file);
        maxOwned += 2 ** op.order;
        break;
      case 'free':
        if (op.pages > maxOwned) {
          throw new ScenarioError({
            file,
            jsonPath: `${at}/pages`,
            expected: `at most ${maxOwned} pages (the most ${t.name} can own here: rss + earlier allocations - earlier frees)`,
            got: String(op.pages),
          });
        }
        maxOwned -= op.pages;
        break;
      case 'oomDisable':
      case 'oomEnable':
      case 'hold':
        break;
    }
  });
}

/** Flag combinations the kernel treats as caller bugs; a scenario using them checks nothing real. */
function checkGfpCombination(op: Extract<Op, { op: 'alloc' }>, at: string, file: string): void {
  if (!op.flags.includes('__GFP_NOFAIL')) return;
  if (op.gfp === 'GFP_ATOMIC') {
    throw new ScenarioError({
      file,
      jsonPath: at,
      expected: 'no __GFP_NOFAIL with GFP_ATOMIC',
      got: renderValue(op.flags),
      hint: 'an atomic allocation cannot sleep, so it cannot loop until it succeeds; the kernel WARNs',
    });
  }
  if (op.flags.includes('__GFP_NORETRY')) {
    throw new ScenarioError({
      file,
      jsonPath: at,
      expected: 'not both __GFP_NOFAIL and __GFP_NORETRY',
      got: renderValue(op.flags),
      hint: 'they contradict each other; the slowpath would test NORETRY first and fail',
    });
  }
}
