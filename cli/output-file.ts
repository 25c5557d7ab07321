/**
 * Files a command writes (--junit, --write-expect, synthesize --out): checked before the
 * run, so that a typo in a path costs a second rather than the whole matrix, and a write
 * that fails anyway is bad input (exit 150) naming the file, not an internal error.
 */
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError } from './cli-error.ts';
import { ExitCode } from './exit-codes.ts';
import { message } from './messages.ts';

/** Throws the command's one-line error when `file` cannot be a file written later. */
export function assertWritable(file: string): void {
  const refuse = (reason: string) => new CliError(ExitCode.BadInput, message('fileUnwritable', { file: file === '' ? '""' : file, reason }));
  if (file.trim() === '') throw refuse('the path is empty');
  if (/[\\/]$/.test(file)) throw refuse('the path ends with a separator, so it names a directory');
  const existing = statOrUndefined(file);
  if (existing?.isDirectory()) throw refuse('it is a directory');
  const parent = dirname(resolve(file));
  const dir = statOrUndefined(parent);
  if (dir === undefined) throw refuse(`its directory ${parent} does not exist`);
  if (!dir.isDirectory()) throw refuse(`${parent} is not a directory`);
}

/** writeFile, with a failure reported as assertWritable does. */
export async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new CliError(ExitCode.BadInput, message('fileUnwritable', { file, reason: code ?? (e instanceof Error ? e.message : String(e)) }), e);
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
