/**
 * The built-in scenarios (models/kernel/scenarios/*.json), in the order the matrix prints its rows:
 * first the reported hangs around the victim (S1, S6, S2), then the NOFS family (S5, XFS), the
 * reserves (kill stealing), suspend (S9), and the costly-order control row.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from './load.ts';
import { ScenarioError } from './scenario-error.ts';
import { didYouMean } from './nearest-name.ts';
import type { Scenario } from './types.ts';

export const BUILTIN_SCENARIO_NAMES = [
  'victim-behind-imutex',
  'victim-behind-imutex-kernel',
  'nofail-holding-lock',
  'mmap-sem-sibling',
  'nofs-nobody-to-kill',
  'xfs-retry',
  'kill-stolen-by-concurrent-alloc',
  'kill-stolen-by-atomic',
  'nofail-oom-disabled',
  'costly-order',
] as const;

export const BUILTIN_SCENARIO_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

export function builtinScenarioPath(name: string): string {
  return fileURLToPath(new URL(`../scenarios/${name}.json`, import.meta.url));
}

let cache: Scenario[] | undefined;

/** Every built-in scenario, loaded and validated once per process; origin is "built-in:NAME". */
export function builtinScenarios(): Scenario[] {
  cache ??= BUILTIN_SCENARIO_NAMES.map((name) => {
    const s = loadScenarioFile(builtinScenarioPath(name));
    if (s.name !== name) {
      // A renamed file that keeps its old "name" would make --scenario NAME find the wrong row.
      throw new ScenarioError({
        file: builtinScenarioPath(name),
        jsonPath: '/name',
        expected: JSON.stringify(name),
        got: JSON.stringify(s.name),
        hint: 'a built-in scenario is named after its file',
      });
    }
    return { ...s, origin: `built-in:${name}` };
  });
  return cache;
}

/**
 * `--scenario NAME|FILE`: a built-in name first, else a path to a JSON file. A word that is neither
 * (no such file, no ".json", no path separator) is reported as an unknown built-in name.
 */
export function findScenario(nameOrPath: string): Scenario {
  const builtin = builtinScenarios().find((s) => s.name === nameOrPath);
  if (builtin) return builtin;
  const looksLikePath = /[\\/]/.test(nameOrPath) || nameOrPath.endsWith('.json') || existsSync(nameOrPath);
  if (looksLikePath) return loadScenarioFile(nameOrPath);
  throw new ScenarioError({
    file: nameOrPath,
    jsonPath: '',
    expected: `a built-in scenario (${BUILTIN_SCENARIO_NAMES.join(', ')}) or a path to a .json file`,
    got: JSON.stringify(nameOrPath),
    hint: didYouMean(nameOrPath, BUILTIN_SCENARIO_NAMES),
  });
}

/** What `oomcheck list scenarios` prints: name and title, then the source, indented. */
export function formatScenarioList(scenarios: readonly Scenario[] = builtinScenarios()): string {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  const lines: string[] = [];
  for (const s of scenarios) {
    lines.push(`${s.name.padEnd(width)}  ${s.title}`);
    if (s.source) lines.push(`${' '.repeat(width)}  source: ${s.source}`);
  }
  return lines.join('\n');
}
