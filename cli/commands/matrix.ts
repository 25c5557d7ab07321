/**
 * `oomcheck matrix`, also what `oomcheck` with no arguments runs: every built-in
 * scenario under every preset (columns in PRESET_NAMES order), printed as a verdict
 * matrix, then the shortest counterexample of up to three of the most instructive
 * violations, then a reading of the matrix generated from its cells (issue 3, item 7).
 * `--scenario` and `--policy` narrow it (repeatable or comma lists), `--format json`
 * serialises it. Progress ("cell i/n") goes to stderr.
 */
import { Option, type Command } from 'commander';
import { toJsonReport } from '../../checker/report/json.ts';
import { renderCounterexample } from '../../checker/report/text.ts';
import { type MatrixResult, runMatrix as runKernelMatrix } from '../../models/kernel/matrix.ts';
import { PRESET_NAMES } from '../../models/kernel/policy.ts';
import type { ResolvedPolicy } from '../../models/kernel/policy-types.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';
import type { CommandContext, GlobalOptions } from '../context.ts';
import { ExitCode, mostSevere } from '../exit-codes.ts';
import { collectList } from '../parse-options.ts';
import { exitCodeFor } from '../verdict.ts';
import { runWithProgressAndInterrupts } from './check.ts';
import { loadScenarioOption, resolvePolicyOption } from './check-scenario.ts';

export interface MatrixOptions extends GlobalOptions {
  scenario?: string[];
  policy?: string[];
  format: 'text' | 'json';
}

export function registerMatrix(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  program
    .command('matrix')
    .description('check every built-in kernel scenario under every policy preset (the default command)')
    .option('-s, --scenario <names>', 'only these scenarios: built-in names or JSON files (repeatable, or a comma list)', collectList)
    .option('--policy <policies>', `only these policies, e.g. rfc,v4.0+nofsFail (default: ${PRESET_NAMES.join(', ')})`, collectList)
    .addOption(new Option('--format <format>', 'report format on stdout').choices(['text', 'json']).default('text'))
    .action(async (_opts: unknown, cmd: Command) => done(await runMatrix(cmd.optsWithGlobals<MatrixOptions>(), ctx)));
}

export async function runMatrix(options: MatrixOptions, ctx: CommandContext): Promise<ExitCode> {
  const scenarios: Scenario[] | undefined = options.scenario?.length ? options.scenario.map(loadScenarioOption) : undefined;
  const policies: ResolvedPolicy[] | undefined = options.policy?.length ? options.policy.map(resolvePolicyOption) : undefined;
  const m = await runWithProgressAndInterrupts(ctx, { ...options, quiet: true }, (runOptions) =>
    runKernelMatrix({
      ...(scenarios ? { scenarios } : {}),
      ...(policies ? { policies } : {}),
      check: { signal: runOptions.signal },
      onCell: (done, total, cell) => {
        if (!options.quiet) ctx.io.err(`matrix: ${done}/${total} ${cell.scenario} x ${cell.policy}: ${cell.violated.length === 0 ? 'all hold' : cell.violated.join(', ')}\n`);
      },
    }),
  );
  ctx.io.out(options.format === 'json' ? renderMatrixJson(m) : renderMatrixText(m));
  return matrixExitCode(m);
}

export function matrixExitCode(m: MatrixResult): ExitCode {
  if (m.cells.some((c) => c.result.stats.stoppedBy === 'interrupted')) return ExitCode.Interrupted;
  return mostSevere(m.cells.map((c) => exitCodeFor(c.result)));
}

/** How a missing reachability witness reads in a cell: not a violation, a caveat on vacuity. */
const NO_WITNESS_WORDS: Record<string, string> = { oomKillHappens: '(no kill)', allocFailureHappens: '(no failure)' };

function cellText(m: MatrixResult, s: string, p: string): string {
  const c = m.cells.find((x) => x.scenario === s && x.policy === p);
  if (!c) return '-';
  const real = c.violated.filter((id) => !c.noWitness.includes(id));
  const parts = real.length === 0 ? ['all hold'] : [...real];
  for (const id of c.noWitness) parts.push(NO_WITNESS_WORDS[id] ?? `(no witness: ${id})`);
  if (c.unknown.length > 0) parts.push(`(${c.unknown.length} unknown)`);
  return parts.join(' ');
}

/** The matrix as a table; long cells wrap onto continuation lines at property boundaries. */
export function renderMatrixText(m: MatrixResult): string {
  const out: string[] = [];
  const cols = m.policies.map((p) => p.spec);
  const rowHead = Math.max('scenario'.length, ...m.scenarios.map((s) => s.name.length));
  const width = 24;
  const wrap = (text: string): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && (line + ' ' + word).length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines;
  };
  out.push(`Verdict matrix: violated properties per scenario (rows) and policy (columns), ${m.cells.length} checks in ${(m.elapsedMs / 1000).toFixed(1)} s`);
  out.push('');
  out.push(['scenario'.padEnd(rowHead), ...cols.map((c) => c.padEnd(width))].join(' | ').trimEnd());
  out.push(['-'.repeat(rowHead), ...cols.map(() => '-'.repeat(width))].join('-+-'));
  for (const s of m.scenarios) {
    const cells = cols.map((p) => wrap(cellText(m, s.name, p)));
    const height = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < height; i++) {
      out.push([(i === 0 ? s.name : '').padEnd(rowHead), ...cells.map((c) => (c[i] ?? '').padEnd(width))].join(' | ').trimEnd());
    }
  }
  out.push('');
  out.push('(no kill) / (no failure): oomKillHappens / allocFailureHappens found no witness, so the verdicts that need a kill or a failure are vacuous there.');
  out.push('');
  if (m.highlights.length > 0) {
    out.push(`The ${m.highlights.length === 1 ? 'most instructive violation' : `${m.highlights.length} most instructive violations`}, shortest counterexample each:`);
    m.highlights.forEach((h, i) => {
      out.push('');
      out.push(`${i + 1}. ${h.cell.scenario} under ${h.cell.policy}: ${h.property.property} (${h.why})`);
      const scenario = m.scenarios.find((s) => s.name === h.cell.scenario);
      if (scenario) out.push(`   ${scenario.title}`);
      if (h.property.message) out.push(`   ${h.property.message}`);
      if (h.property.trace) out.push(...renderCounterexample(h.property, h.property.trace));
    });
    out.push('');
  }
  out.push('Reading:');
  out.push(m.reading);
  return out.join('\n') + '\n';
}

/** One JSON object: the matrix cells (violated ids and the full per-cell reports), highlights, reading. */
export function renderMatrixJson(m: MatrixResult): string {
  const doc = {
    scenarios: m.scenarios.map((s) => ({ name: s.name, title: s.title, origin: s.origin })),
    policies: m.policies.map((p) => ({ spec: p.spec, preset: p.preset })),
    cells: m.cells.map((c) => ({
      scenario: c.scenario,
      policy: c.policy,
      violated: c.violated,
      noWitness: c.noWitness,
      unknown: c.unknown,
      report: { scenario: c.result.scenario, policy: c.result.policy, ...toJsonReport(c.result) },
    })),
    highlights: m.highlights.map((h) => ({ scenario: h.cell.scenario, policy: h.cell.policy, property: h.property.property, why: h.why })),
    reading: m.reading,
    elapsedMs: m.elapsedMs,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
