/**
 * JSON.parse with a position on failure. V8's messages give "at position N" only for some errors
 * ("Unexpected token 'x', ... is not valid JSON" has none), so on failure a small scanner walks the
 * text to find where it stops being JSON, and the error names line and column.
 */
import { ScenarioError, oneLine } from './scenario-error.ts';

export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors may write a BOM
  try {
    return JSON.parse(body);
  } catch (err) {
    const offset = syntaxErrorOffset(body);
    const { line, column } = lineColumn(body, offset);
    const near = offset >= body.length ? 'end of file' : JSON.stringify(body.slice(offset, offset + 12));
    throw new ScenarioError({
      file,
      jsonPath: '',
      expected: 'valid JSON',
      got: near,
      hint: oneLine(err instanceof Error ? err.message : String(err)),
      line,
      column,
    });
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Offset of the first character at which `text` stops being valid JSON (text.length when it ends
 * too early). Iterative, so deeply nested input cannot overflow the stack.
 */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  // Each frame: 'a' array, 'o' object; with what the container expects next.
  const stack: Array<{ kind: 'a' | 'o'; expect: 'first' | 'value' | 'key' | 'colon' | 'sep' }> = [];
  const ws = () => {
    while (i < n && ' \t\n\r'.includes(text[i])) i++;
  };
  const scanString = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const scanScalar = (): boolean => {
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // Scan one value start; containers push a frame. Returns false on error.
  const scanValueStart = (): boolean => {
    ws();
    if (i >= n) return false;
    const c = text[i];
    if (c === '{') {
      i++;
      stack.push({ kind: 'o', expect: 'first' });
      return true;
    }
    if (c === '[') {
      i++;
      stack.push({ kind: 'a', expect: 'first' });
      return true;
    }
    if (c === '"') return scanString();
    return scanScalar();
  };
  if (!scanValueStart()) return i;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    ws();
    if (i >= n) return i;
    const c = text[i];
    if (top.kind === 'a') {
      if ((top.expect === 'first' && c === ']') || (top.expect === 'sep' && c === ']')) {
        i++;
        stack.pop();
        continue;
      }
      if (top.expect === 'sep') {
        if (c !== ',') return i;
        i++;
        top.expect = 'value';
        continue;
      }
      top.expect = 'sep';
      if (!scanValueStart()) return i;
      continue;
    }
    // object
    if ((top.expect === 'first' || top.expect === 'sep') && c === '}') {
      i++;
      stack.pop();
      continue;
    }
    if (top.expect === 'sep') {
      if (c !== ',') return i;
      i++;
      top.expect = 'key';
      continue;
    }
    if (top.expect === 'first' || top.expect === 'key') {
      if (c !== '"' || !scanString()) return i;
      top.expect = 'colon';
      continue;
    }
    if (top.expect === 'colon') {
      if (c !== ':') return i;
      i++;
      top.expect = 'value';
      continue;
    }
    top.expect = 'sep';
    if (!scanValueStart()) return i;
  }
  ws();
  return i; // trailing garbage starts here (or the text was valid after all)
}
