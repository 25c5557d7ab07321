/**
 * The README stays true: its command reference is what the CLI's help says, every option
 * `--help` prints appears in it, and the tour's outputs (matrix rows, the trace, the
 * user's scenario, the expectations diff, the error line, the test suite example) are
 * what the commands print today.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BEGIN_MARKER, commandReference, END_MARKER } from '../../cli/help-reference.ts';
import { cli } from './run-cli.ts';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'oomcheck-readme-'));

/** The fenced blocks of the README with their language. */
const blocks = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] }));
const consoleBlock = (command: string) => {
  const b = blocks.find((x) => x.lang === 'console' && x.text.startsWith(`$ ${command}\n`));
  if (!b) throw new Error(`no console block for "${command}" in the README`);
  return b.text;
};

describe('README: commands and options', () => {
  it('holds the reference generated from the command tree (regenerate: node bin/run-ts.js cli/help-reference.ts README.md)', () => {
    const begin = readme.indexOf(BEGIN_MARKER);
    const end = readme.indexOf(END_MARKER);
    expect(begin).toBeGreaterThan(0);
    expect(readme.slice(begin + BEGIN_MARKER.length, end).trim()).toBe(commandReference().trim());
  });

  it.each(['', 'matrix', 'check', 'list', 'report', 'replay', 'draw', 'synthesize', 'merge'])('lists every option that `oomcheck %s --help` prints', async (command) => {
    const help = await cli(command ? [command, '--help'] : ['--help']);
    expect(help.code).toBe(0);
    const options = [...help.stdout.matchAll(/^ {2}((?:-\w, )?--[\w-]+)/gm)].map((m) => m[1]);
    expect(options.length).toBeGreaterThan(2);
    for (const option of options) expect(readme, `README lacks ${option}`).toContain(option);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+) (?:\[options\]|<|\[command)/gm)].map((m) => m[1]);
    for (const c of commands) if (c !== 'help') expect(readme).toContain(`oomcheck ${c}`);
  });
});

describe('README: the tour', () => {
  it('shows real rows of the matrix', async () => {
    const shown = consoleBlock('npx oomcheck');
    const rows = shown.split('\n').filter((l) => / \| /.test(l) && !l.startsWith('scenario'));
    const names = [...new Set(rows.map((l) => l.split('|')[0].trim()).filter(Boolean))];
    expect(names.length).toBeGreaterThanOrEqual(3);
    const run = await cli(['matrix', '-q', '-s', names.join(',')]);
    const cells = (l: string) => l.split('|').map((c) => c.trim()).join(' | ');
    const actual = new Set(run.stdout.split('\n').map(cells));
    for (const row of rows) expect(actual, row).toContain(cells(row));
  });

  it('shows the real trace of the v4.0 retry loop, with its exit code', async () => {
    const shown = consoleBlock('npx oomcheck check --scenario victim-behind-imutex --policy v4.0 --property nofsReturns');
    const run = await cli(['check', '--scenario', 'victim-behind-imutex', '--policy', 'v4.0', '--property', 'nofsReturns']);
    expect(shown).toMatch(new RegExp(`\\$ echo \\$\\?\\n${run.code}\\n$`));
    const trace = shown.slice(shown.indexOf('Counterexample for'), shown.indexOf('$ echo'));
    expect(trace).toMatch(/back to step 5/);
    expect(run.stdout).toContain(trace);
    expect(run.stdout).toContain(shown.split('\n').slice(1, 4).join('\n')); // scenario and policy lines
  });

  it("checks the user's scenario as shown, and the policy variants as described", async () => {
    const json = blocks.find((b) => b.lang === 'json' && b.text.includes('"journal-writeback"'));
    expect(json).toBeDefined();
    const file = join(dir, 'my-scenario.json');
    writeFileSync(file, json!.text);
    const shown = consoleBlock('npx oomcheck check --scenario my-scenario.json --policy rfc');
    const rfc = await cli(['check', '--scenario', file, '--policy', 'rfc']);
    expect(shown).toMatch(new RegExp(`\\$ echo \\$\\?\\n${rfc.code}\\n$`));
    const lines = shown.split('\n').filter((l) => /^ {2}\w+ +(holds|VIOLATED)|^Step 7|^ {4}F\.|^Counterexample|^\d+ distinct/.test(l));
    for (const l of lines) expect(rfc.stdout).toContain(l);
    const warning = shown.split('\n').find((l) => l.startsWith('oomcheck: warning'))!;
    expect(rfc.stderr).toContain(warning);
    // "Under v4.0 it loops like the trace above"; rfc-v2+nofsFail fails as under rfc.
    const v40 = await cli(['check', '--scenario', file, '--policy', 'v4.0', '-q']);
    expect(v40.code).toBe(12);
    expect(v40.stdout).toMatch(/nofsReturns +VIOLATED/);
    expect(v40.stdout).toMatch(/back to step \d+/);
    const v2fail = await cli(['check', '--scenario', file, '--policy', 'rfc-v2+nofsFail', '-q']);
    expect(v2fail.stdout).toMatch(/noPrematureFailure +VIOLATED/);
    expect(v2fail.stdout).toMatch(/nofsReturns +holds/);
  });

  it('shows the real error line for a broken scenario', async () => {
    const shown = consoleBlock('npx oomcheck check --scenario broken.json --policy rfc');
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "name": "broken" }\n');
    const run = await cli(['check', '--scenario', file, '--policy', 'rfc']);
    expect(run.code).toBe(150);
    expect(run.stderr.replace(file, 'broken.json').trim()).toBe(shown.split('\n')[1]);
  });

  it('shows the real expectations diff', async () => {
    const expected = JSON.parse(readFileSync(new URL('docs/expected-matrix.json', root), 'utf8'));
    expected['victim-behind-imutex'].rfc.nofsReturns = 'violated';
    const file = join(dir, 'expected.json');
    writeFileSync(file, JSON.stringify(expected));
    const run = await cli(['check', '--scenario', 'victim-behind-imutex', '--policy', 'rfc', '--expect', file, '-q']);
    expect(run.code).toBe(10);
    const shown = blocks.find((b) => b.lang === 'console' && b.text.startsWith('expectations: '))!.text;
    expect(run.stderr).toContain(shown.trim());
  });

  it('shows test/report/readme-kernel.test.ts as the test suite example', () => {
    const file = readFileSync(new URL('test/report/readme-kernel.test.ts', root), 'utf8');
    const code = file.slice(file.indexOf("import { expect, it } from 'vitest';"));
    expect(blocks.some((b) => b.lang === 'ts' && b.text === code)).toBe(true);
  });

  it('shows the screenshot the browser test makes, and says how CI gets Chromium', () => {
    expect(readme).toContain('](docs/report-screenshot.png)');
    expect(readme).toMatch(/apt-get install -y chromium/);
    const ci = readFileSync(new URL('.ci/run', root), 'utf8');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/npm test/);
  });
});
