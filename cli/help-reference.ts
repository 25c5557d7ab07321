/**
 * The README's command reference, generated from the command tree itself (the same
 * commander objects `--help` prints), so that it cannot drift from the CLI:
 * test/cli/readme.test.ts fails when the README's generated block differs from this.
 *
 * Regenerate it with
 *
 *   node bin/run-ts.js cli/help-reference.ts README.md
 *
 * which rewrites the block between the BEGIN/END markers in place.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command, Help } from 'commander';
import { memoryIo } from './io.ts';
import { buildProgram } from './program.ts';

export const BEGIN_MARKER = '<!-- BEGIN GENERATED: node bin/run-ts.js cli/help-reference.ts README.md -->';
export const END_MARKER = '<!-- END GENERATED -->';

/** Every command with its usage, description, arguments and options, as Markdown. */
export function commandReference(): string {
  const program = buildProgram({ io: memoryIo() }, () => undefined);
  const help = program.createHelp();
  const out: string[] = [];
  const globals = help.visibleOptions(program).filter((o) => o.long !== '--help');
  out.push(`Global options (before or after the command): ${globals.map((o) => `\`${o.flags}\` (${help.optionDescription(o)})`).join(', ')}. ` + 'Every command also takes `-h, --help`.');
  for (const cmd of program.commands) {
    if (cmd.name() === 'help') continue;
    out.push('', `### \`${usage(help, cmd)}\``, '', sentence(cmd.description()));
    const args = help.visibleArguments(cmd);
    const options = help.visibleOptions(cmd).filter((o) => o.long !== '--help');
    if (args.length + options.length === 0) continue;
    out.push('', '| Argument or option | Meaning |', '|---|---|');
    for (const a of args) out.push(`| ${cell(`\`${help.argumentTerm(a)}\``)} | ${cell(help.argumentDescription(a))} |`);
    for (const o of options) out.push(`| ${cell(`\`${o.flags}\``)} | ${cell(help.optionDescription(o))} |`);
  }
  return out.join('\n') + '\n';
}

function usage(help: Help, cmd: Command): string {
  return `oomcheck ${help.commandUsage(cmd).replace(/^oomcheck /, '')}`;
}

function sentence(s: string): string {
  const t = s.replace(/\s*\n\s*/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1) + (t.endsWith('.') ? '' : '.');
}

/** A Markdown table cell: one line, pipes escaped (GitHub needs that inside code spans too). */
function cell(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** The README with its generated block replaced by the current reference. */
export function withReference(readme: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`the README has no ${BEGIN_MARKER} ... ${END_MARKER} block`);
  return readme.slice(0, begin + BEGIN_MARKER.length) + '\n\n' + commandReference() + '\n' + readme.slice(end);
}

if (process.argv[1]?.endsWith('help-reference.ts')) {
  const file = process.argv[2];
  if (!file) process.stdout.write(commandReference());
  else writeFileSync(file, withReference(readFileSync(file, 'utf8')));
}
