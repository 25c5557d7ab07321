/**
 * Loading a scenario: JSON text -> schema check (Ajv, schema.json) -> defaults -> semantic checks.
 * Every failure on the way is a ScenarioError with file, JSON path and what was expected; nothing
 * else escapes (the CLI turns a ScenarioError into exit 150).
 */
import { readFileSync, statSync } from 'node:fs';
import { applyDefaults, type ScenarioDoc } from './defaults.ts';
import { checkSemantics } from './semantic-checks.ts';
import { parseJsonText } from './parse-json.ts';
import { ScenarioError, oneLine } from './scenario-error.ts';
import { schemaErrorToScenarioError } from './schema-errors.ts';
import { scenarioSchema, validateScenarioDoc } from './validator.ts';
import type { Scenario } from './types.ts';

/** Scenario files are a few KiB; a larger file is almost surely the wrong file. */
const MAX_FILE_BYTES = 1 << 20;

/** Validate an already-parsed JSON document. `origin` names it in messages (a path, or "built-in:x"). */
export function parseScenario(doc: unknown, origin: string): Scenario {
  return guard(origin, () => {
    if (!validateScenarioDoc(doc)) {
      throw schemaErrorToScenarioError(origin, scenarioSchema, validateScenarioDoc.errors ?? []);
    }
    const scenario = applyDefaults(doc as ScenarioDoc, origin);
    checkSemantics(scenario, origin);
    return scenario;
  });
}

/** Parse JSON text (as read from `origin`) and validate it. */
export function parseScenarioText(text: string, origin: string): Scenario {
  return guard(origin, () => parseScenario(parseJsonText(text, origin), origin));
}

export function loadScenarioFile(path: string): Scenario {
  return guard(path, () => parseScenarioText(readScenarioText(path), path));
}

function readScenarioText(path: string): string {
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      throw new ScenarioError({
        file: path,
        jsonPath: '',
        expected: `a scenario file of at most ${MAX_FILE_BYTES} bytes`,
        got: `${size} bytes`,
      });
    }
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScenarioError({
      file: path,
      jsonPath: '',
      expected: 'a readable scenario file',
      got: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? 'an unreadable file'),
    });
  }
}

/**
 * Last line of defence for "never a crash": anything that is not already a ScenarioError (a bug in
 * the loader) is still reported as one, and marked so that tests can tell it apart.
 */
function guard<T>(file: string, body: () => T): T {
  try {
    return body();
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new ScenarioError({
      file,
      jsonPath: '',
      expected: 'a scenario the loader can read',
      hint: oneLine(`internal loader error: ${err instanceof Error ? err.message : String(err)}`),
    });
  }
}
