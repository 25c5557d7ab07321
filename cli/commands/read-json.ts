/** Reading a JSON file a report command was given: exit 150 with one line when it is missing or not JSON. */
import { readFile } from 'node:fs/promises';
import { CliError } from '../cli-error.ts';
import { ExitCode } from '../exit-codes.ts';
import { message } from '../messages.ts';

export async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(ExitCode.BadInput, message('fileUnreadable', { file, reason: (e as { code?: string }).code === 'ENOENT' ? 'no such file' : String(e) }), e);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(ExitCode.BadInput, message('fileUnreadable', { file, reason: `not JSON: ${(e as Error).message}` }), e);
  }
}
