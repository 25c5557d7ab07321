/**
 * The reports issue's commands, registered together in this order (it is the order of
 * `oomcheck --help`):
 *
 *   oomcheck report --out report.html [--model FILE | --scenario S... --policy P...]   (report.ts)
 *   oomcheck replay TRACE.json [--property ID] [--model FILE | --scenario S --policy P] (replay.ts)
 *   oomcheck draw [--scenario NAME | --model FILE] [--component NAME]                   (draw.ts)
 *
 * The report options of `check` and `matrix` (`--format`, `--expect`, `--junit`) are in
 * report-options.ts. Each command imports the kernel and its heavier renderer (the HTML
 * report with graphology, replay, the machine drawings) inside its action, so that
 * `--help` and `check FILE` load neither (cli/commands/check-scenario.ts holds the
 * kernel's loaders; test/cli/startup.test.ts checks what `--help` loads).
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import type { ExitCode } from '../exit-codes.ts';
import { registerDraw } from './draw.ts';
import { registerReplay } from './replay.ts';
import { registerReport } from './report.ts';

export function registerReportCommands(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  registerReport(program, ctx, done);
  registerReplay(program, ctx, done);
  registerDraw(program, ctx, done);
}
