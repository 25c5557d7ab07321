/**
 * Turns a JSON Schema node into the words of an error message ("an integer from 0 to 4",
 * "one of GFP_KERNEL, GFP_NOFS, ..."). The schema is the single source of truth for what a field
 * accepts, so messages are derived from it rather than written twice.
 */

export type SchemaNode = Record<string, unknown>;

/** Follow a local "#/definitions/x" reference; the scenario schema uses no other kind. */
export function resolveRef(root: SchemaNode, node: unknown): SchemaNode | undefined {
  let current = node;
  for (let guard = 0; guard < 8 && isNode(current) && typeof current.$ref === 'string'; guard++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#/')) return undefined;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = isNode(target) ? target[part] : undefined;
    current = target;
  }
  return isNode(current) ? current : undefined;
}

function isNode(x: unknown): x is SchemaNode {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Enum values as the user would type them: bare words, as in "one of GFP_KERNEL, GFP_NOFS". */
export function listValues(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

/** The op names of the op schema's oneOf, in schema order. */
export function opNames(root: SchemaNode): string[] {
  const op = resolveRef(root, { $ref: '#/definitions/op' });
  const branches = Array.isArray(op?.oneOf) ? op.oneOf : [];
  const names: string[] = [];
  for (const b of branches) {
    const branch = resolveRef(root, b);
    const props = branch?.properties;
    const tag = isNode(props) ? resolveRef(root, props.op) : undefined;
    if (tag && typeof tag.const === 'string') names.push(tag.const);
  }
  return names;
}

/** A short noun phrase for what `node` accepts. */
export function describeSchema(root: SchemaNode, node: unknown): string {
  const s = resolveRef(root, node);
  if (!s) return 'a valid value';
  if (Array.isArray(s.enum)) return `one of ${listValues(s.enum)}`;
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.oneOf) && isNode(s.discriminator)) {
    return `an op object {"op": one of ${opNames(root).join(', ')}, ...}`;
  }
  switch (s.type) {
    case 'integer':
    case 'number': {
      const noun = s.type === 'integer' ? 'an integer' : 'a number';
      const lo = typeof s.minimum === 'number' ? s.minimum : undefined;
      const hi = typeof s.maximum === 'number' ? s.maximum : undefined;
      if (lo !== undefined && hi !== undefined) return `${noun} from ${lo} to ${hi}`;
      if (lo !== undefined) return `${noun} >= ${lo}`;
      if (hi !== undefined) return `${noun} <= ${hi}`;
      return noun;
    }
    case 'string': {
      if (typeof s.pattern === 'string') {
        const max = typeof s.maxLength === 'number' ? ` of at most ${s.maxLength} characters` : '';
        return `a name matching /${s.pattern}/${max}`;
      }
      return typeof s.minLength === 'number' && s.minLength > 0 ? 'a non-empty string' : 'a string';
    }
    case 'array': {
      const items = describeSchema(root, s.items);
      const n = typeof s.minItems === 'number' ? s.minItems : 0;
      const min = n > 0 ? ` of at least ${n} item${n === 1 ? '' : 's'}` : '';
      return `a list${min}, each ${items}`;
    }
    case 'object': {
      const props = isNode(s.properties) ? Object.keys(s.properties).filter((k) => k !== '$schema') : [];
      return props.length > 0 ? `an object with fields ${props.join(', ')}` : 'an object';
    }
    default:
      return 'a valid value';
  }
}

/** The JSON type of a value in the words of a message. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}
