/**
 * `oomcheck --help` and `oomcheck check FILE` must not load the kernel model (its
 * machines, the scenario loader, Ajv, the properties): they start in about half the
 * time without them. The kernel's commands import it inside their actions. Spawned,
 * with a resolve hook that logs every module the process loads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixture } from './run-cli.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hooks = fileURLToPath(new URL('./support/log-modules.mjs', import.meta.url));

function modulesLoadedBy(args: string[]): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'oomcheck-startup-')), 'modules.log');
  const run = spawnSync(process.execPath, ['--import', hooks, 'bin/oomcheck.js', ...args], {
    cwd: root,
    env: { ...process.env, OOMCHECK_MODULE_LOG: log },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return [...new Set(readFileSync(log, 'utf8').trim().split('\n'))].map((u) => u.replace(`file://${root}`, ''));
}

/**
 * What cli/commands/synthesize.ts (the synthesis helper's) still imports at registration,
 * for its options' defaults: small, no machines and no Ajv. To go once it imports lazily.
 */
const SYNTHESIZE_STATIC = /^models\/kernel\/(policy\.ts|policy-types\.ts|scenario\/nearest-name\.ts|synthesis\/)/;

function kernelModules(modules: string[]): string[] {
  return modules.filter((m) => (/^(models\/kernel|properties)\//.test(m) && !SYNTHESIZE_STATIC.test(m)) || /node_modules\/ajv/.test(m));
}

describe('startup', () => {
  it('--help loads neither the kernel model nor Ajv', () => {
    const modules = modulesLoadedBy(['--help']);
    expect(modules.some((m) => m.startsWith('cli/program.ts'))).toBe(true); // the hook sees our modules
    expect(kernelModules(modules)).toEqual([]);
  });

  it('check FILE on a plain XState model loads neither', () => {
    const modules = modulesLoadedBy(['check', fixture('all-hold.ts'), '--quiet']);
    expect(modules.some((m) => m.startsWith('test/fixtures/all-hold.ts'))).toBe(true);
    expect(kernelModules(modules)).toEqual([]);
  });
});
