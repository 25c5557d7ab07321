/**
 * HOOK for the kernel model (issue 3, item 5): `oomcheck check --scenario NAME|FILE
 * --policy POLICY`. The check command calls this whenever --scenario is given; the
 * kernel replaces the body with: load and validate the scenario, resolve the policy,
 * check, and render with checker/report (adding `scenario` and `policy` to the JSON).
 */
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { message } from '../messages.ts';
import type { CheckCommandOptions } from './check.ts';

export async function checkScenario(options: CheckCommandOptions, _ctx: CommandContext): Promise<ExitCode> {
  throw new CliError(ExitCode.BadInput, message('scenarioUnavailable', { scenario: options.scenario ?? '' }));
}
