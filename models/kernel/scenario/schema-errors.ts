/**
 * From Ajv's error list to the single most useful ScenarioError. Ajv runs with allErrors off, so
 * the list is short; the one chosen is the deepest concrete complaint (a wrapper such as oneOf says
 * less than the branch error under it). Ops are a oneOf with Ajv's `discriminator` on "op", so an
 * op is checked only against the branch its "op" names, and an unknown op lists the valid ones.
 */
import type { ErrorObject } from 'ajv';
import { describeSchema, jsonTypeOf, listValues, opNames, resolveRef, type SchemaNode } from './describe-schema.ts';
import { didYouMean } from './nearest-name.ts';
import { ScenarioError, renderValue } from './scenario-error.ts';

const WRAPPERS = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'not']);

export function pickError(errors: readonly ErrorObject[]): ErrorObject {
  const concrete = errors.filter((e) => !WRAPPERS.has(e.keyword));
  const pool = concrete.length > 0 ? concrete : errors;
  // Deepest first; among equals, Ajv's own order (schema order, which follows document order).
  let best = pool[0];
  for (const e of pool) if (depth(e.instancePath) > depth(best.instancePath)) best = e;
  return best;
}

function depth(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length - 1;
}

/** Append one key to a JSON pointer, escaping as RFC 6901 says. */
export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function schemaErrorToScenarioError(
  file: string,
  root: SchemaNode,
  errors: readonly ErrorObject[],
): ScenarioError {
  const e = pickError(errors);
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const path = e.instancePath;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const field = String(params.missingProperty);
      const props = resolveRef(root, parent)?.properties as SchemaNode | undefined;
      // The op object's tag is required by the oneOf wrapper, which has no "properties" of its own.
      const isOpTag = field === 'op' && parent.discriminator !== undefined;
      return new ScenarioError({
        file,
        jsonPath: childPointer(path, field),
        expected: isOpTag ? `one of ${opNames(root).join(', ')}` : describeSchema(root, props?.[field]),
        got: 'nothing',
        hint: `the field "${field}" is required`,
      });
    }
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const allowed = Object.keys((resolveRef(root, parent)?.properties as SchemaNode | undefined) ?? {});
      const shown = path === '' ? allowed : allowed.filter((k) => k !== '$schema');
      return new ScenarioError({
        file,
        jsonPath: childPointer(path, field),
        expected: `no field "${field}" here (fields allowed: ${shown.join(', ')})`,
        got: renderValue(valueAt(e.data, field)),
        hint: didYouMean(field, shown),
      });
    }
    case 'discriminator': {
      const ops = opNames(root);
      const tagValue = params.tagValue;
      return new ScenarioError({
        file,
        jsonPath: childPointer(path, 'op'),
        expected: `one of ${ops.join(', ')}`,
        got: renderValue(tagValue),
        hint: typeof tagValue === 'string' ? didYouMean(tagValue, ops) : undefined,
      });
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return new ScenarioError({
        file,
        jsonPath: path,
        expected: `one of ${listValues(allowed)}`,
        got: renderValue(e.data),
        hint: typeof e.data === 'string' ? didYouMean(e.data, allowed.map(String)) : undefined,
      });
    }
    case 'type':
      return new ScenarioError({
        file,
        jsonPath: path,
        expected: describeSchema(root, parent),
        got: `${renderValue(e.data)} (${jsonTypeOf(e.data)})`,
      });
    case 'uniqueItems': {
      const j = Number(params.j);
      const i = Number(params.i);
      const list = Array.isArray(e.data) ? e.data : [];
      return new ScenarioError({
        file,
        jsonPath: childPointer(path, Math.max(i, j)),
        expected: 'no duplicate in this list',
        got: renderValue(list[Math.max(i, j)]),
        hint: `item ${Math.min(i, j)} is the same`,
      });
    }
    case 'minItems':
    case 'maxItems': {
      const limit = Number(params.limit);
      const word = e.keyword === 'minItems' ? 'at least' : 'at most';
      return new ScenarioError({
        file,
        jsonPath: path,
        expected: `${word} ${limit} item${limit === 1 ? '' : 's'} (${describeSchema(root, parent)})`,
        got: `${Array.isArray(e.data) ? e.data.length : '?'} items`,
        hint: e.keyword === 'maxItems' ? 'a bound that keeps the state space small' : undefined,
      });
    }
    default:
      // minimum, maximum, pattern, minLength, maxLength, const, and anything unforeseen:
      // the schema node says what is expected better than Ajv's generic sentence.
      return new ScenarioError({
        file,
        jsonPath: path,
        expected: describeSchema(root, parent),
        got: renderValue(e.data),
      });
  }
}

function valueAt(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
}
