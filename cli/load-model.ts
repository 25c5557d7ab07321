/**
 * Loading a user's model file: a .ts or .js module whose default export is
 * `defineModel({...})`. tsx's loader (registered by bin/oomcheck.js) makes .ts work.
 * Every way this can fail is bad input (exit 150) with one line naming the file;
 * the import's stack is kept as the cause, for --debug.
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { whyNotModelDefinition, type ModelDefinition } from '../checker/xstate/define-model.ts';
import { CliError } from './cli-error.ts';
import { ExitCode } from './exit-codes.ts';
import { message } from './messages.ts';

export async function loadModelFile(file: string): Promise<ModelDefinition> {
  const path = resolve(file);
  try {
    await access(path);
  } catch (e) {
    throw new CliError(ExitCode.BadInput, message('fileUnreadable', { file, reason: reasonOf(e) }), e);
  }
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (e) {
    throw new CliError(ExitCode.BadInput, message('importFailed', { file, reason: firstLine(e) }), e);
  }
  const exported = module.default;
  const why = whyNotModelDefinition(exported);
  if (why !== undefined) throw new CliError(ExitCode.BadInput, message('notAModel', { file, why }));
  return exported as ModelDefinition;
}

/** The first line of an error, e.g. "SyntaxError: Unexpected token (3:7)". */
export function firstLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;
}

function reasonOf(e: unknown): string {
  const code = (e as { code?: string }).code;
  return code === 'ENOENT' ? 'no such file' : firstLine(e);
}
