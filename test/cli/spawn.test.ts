/**
 * The real executable, spawned: what a user and CI run. Few runs, because each costs
 * about half a second; everything else is tested in-process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixture, modelsReady } from './run-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const oomcheck = (...args: string[]) => spawnSync(process.execPath, ['bin/oomcheck.js', ...args], { cwd: root, encoding: 'utf8' });

// Generous timeouts: a cold start transpiles the CLI and the kernel model through tsx,
// which takes seconds on a loaded 2-core CI machine.
describe('bin/oomcheck.js', { timeout: 30_000 }, () => {
  it('answers --help with exit 0', () => {
    const run = oomcheck('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: oomcheck \[options\] \[command\]/);
    expect(run.stdout).toMatch(/check \[options\] \[file\]/);
  });

  it.skipIf(!modelsReady)('loads a .ts model importing oomcheck, and exits with the verdict', () => {
    const run = oomcheck('check', fixture('invariant.ts'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(12);
    expect(run.stdout).toMatch(/below-three +VIOLATED/);
  });
});
