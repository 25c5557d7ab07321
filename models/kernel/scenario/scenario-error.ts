/**
 * The one error a malformed scenario produces. Every way a scenario can be wrong (unreadable file,
 * invalid JSON, schema violation, semantic check) ends here, so that the CLI has one thing to catch
 * and map to exit code 150, and the user always sees one line: file, JSON path, what was expected.
 */

export interface ScenarioErrorFields {
  /** The file (or origin such as "built-in:NAME") the document came from. */
  file: string;
  /** JSON Pointer (RFC 6901) into the document, e.g. "/tasks/1/program/0/gfp"; "" is the whole document. */
  jsonPath: string;
  /** What was expected there, e.g. 'one of GFP_KERNEL, GFP_NOFS, GFP_NOIO, GFP_ATOMIC'. */
  expected: string;
  /** What was found, already rendered for people (JSON for values), or undefined when nothing was. */
  got?: string;
  /** Optional extra sentence: a suggestion or the reason behind a semantic rule. */
  hint?: string;
  /** For JSON syntax errors: 1-based position in the file. */
  line?: number;
  column?: number;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly file: string;
  readonly jsonPath: string;
  readonly expected: string;
  readonly got: string | undefined;
  readonly hint: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(fields: ScenarioErrorFields) {
    super(renderMessage(fields));
    this.file = fields.file;
    this.jsonPath = fields.jsonPath;
    this.expected = fields.expected;
    this.got = fields.got;
    this.hint = fields.hint;
    this.line = fields.line;
    this.column = fields.column;
  }
}

/** `file: /path: expected X, got Y (hint)`, always a single line. */
function renderMessage(f: ScenarioErrorFields): string {
  const where = f.line !== undefined ? `${f.file}:${f.line}:${f.column ?? 1}` : f.file;
  const path = f.jsonPath === '' ? '(document)' : f.jsonPath;
  let text = `${where}: ${path}: expected ${f.expected}`;
  if (f.got !== undefined) text += `, got ${f.got}`;
  if (f.hint) text += ` (${f.hint})`;
  return oneLine(text);
}

/** Values from user input may contain newlines; a message never does. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Render a JSON value found in the document, shortened so that a message stays one readable line. */
export function renderValue(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What the CLI prints for a scenario error (it exits with 150 afterwards). */
export function formatScenarioError(error: unknown): string {
  if (error instanceof ScenarioError) return error.message;
  return oneLine(`scenario: ${error instanceof Error ? error.message : String(error)}`);
}

export function isScenarioError(error: unknown): error is ScenarioError {
  return error instanceof ScenarioError;
}
