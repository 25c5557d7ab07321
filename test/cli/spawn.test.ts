/**
 * The real executable, spawned: what a user and CI run. Few runs, because each costs
 * about half a second; everything else is tested in-process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  // A model file in a project of the user's own, outside this repository: node's errors for
  // the two usual mistakes name neither cause, so the message adds what to do.
  describe('a model file outside this repository', () => {
    const model = "import { setup } from 'xstate';\nexport default setup({}).createMachine({});\n";
    const inTempDir = (name: string, packageJson: object | undefined, run: (file: string) => void) => {
      const dir = mkdtempSync(join(tmpdir(), 'oomcheck-outside-'));
      try {
        if (packageJson) writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
        writeFileSync(join(dir, name), model);
        run(join(dir, name));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    it('says to install a package its imports miss (no node_modules there)', () => {
      inTempDir('model.mts', undefined, (file) => {
        const run = oomcheck('check', file);
        expect(run.status).toBe(150);
        expect(run.stderr).toMatch(/^oomcheck: error 2001: cannot load .*model\.mts: .*'xstate'.*\(a model file imports from its own project's node_modules: install xstate there/);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
      });
    });

    it('says to name it .mts or set "type": "module" when it was loaded as CommonJS', () => {
      inTempDir('model.ts', { name: 'outside' }, (file) => {
        const run = oomcheck('check', file);
        expect(run.status).toBe(150);
        expect(run.stderr).toMatch(/^oomcheck: error 2001: cannot load .*model\.ts: .*\(the file was loaded as CommonJS: name it \.mts, or add "type": "module"/);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
      });
    });
  });
});
