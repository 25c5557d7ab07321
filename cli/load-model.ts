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
  // A scenario file passed where a model module goes: say which option takes it.
  if (/\.json$/i.test(file)) throw new CliError(ExitCode.BadInput, message('usage', { reason: `${file} is JSON, not a model module (.ts or .js): a kernel scenario file is checked with --scenario ${file}` }));
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
    const hint = importHint(path, e);
    throw new CliError(ExitCode.BadInput, message('importFailed', { file, reason: hint === undefined ? firstLine(e) : `${firstLine(e)} (${hint})` }), e);
  }
  const exported = module.default;
  const why = whyNotModelDefinition(exported);
  if (why !== undefined) throw new CliError(ExitCode.BadInput, message('notAModel', { file, why }));
  return exported as ModelDefinition;
}

/**
 * What to do about the two failures a first model file outside this repository meets;
 * node's own words for them name neither cause.
 */
function importHint(path: string, e: unknown): string | undefined {
  const code = (e as { code?: string }).code;
  const text = e instanceof Error ? e.message : String(e);
  const loadedAsCommonJs =
    code === 'ERR_REQUIRE_CYCLE_MODULE' || code === 'ERR_REQUIRE_ESM' || /Cannot require\(\) ES Module|Cannot use import statement outside a module/.test(text);
  if (loadedAsCommonJs && !/\.m[jt]s$/.test(path)) {
    return 'the file was loaded as CommonJS: name it .mts, or add "type": "module" to the package.json of its project';
  }
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(text);
  if (code === 'ERR_MODULE_NOT_FOUND' && missing && !missing[1].startsWith('.') && !missing[1].startsWith('/')) {
    const name = missing[1].split('/').slice(0, missing[1].startsWith('@') ? 2 : 1).join('/');
    return `a model file imports from its own project's node_modules: install ${name} there (README, "Check your own XState machine")`;
  }
  return undefined;
}

/**
 * The first line of an error, e.g. "SyntaxError: Unexpected token (3:7)"; when that line
 * only announces what follows (esbuild's "Transform failed with 1 error:"), the next one
 * too, which says where and what ("m.ts:52:0: ERROR: Expected identifier ...").
 */
export function firstLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return text;
  return lines[0].endsWith(':') && lines.length > 1 ? `${lines[0]} ${lines[1]}` : lines[0];
}

function reasonOf(e: unknown): string {
  const code = (e as { code?: string }).code;
  return code === 'ENOENT' ? 'no such file' : firstLine(e);
}
