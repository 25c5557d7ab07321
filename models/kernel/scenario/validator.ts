/**
 * The compiled JSON Schema validator for scenarios, compiled once per process (Ajv turns the schema
 * into JavaScript, so each later validation is cheap; the fuzz test runs 10,000 of them).
 * Options: `discriminator` makes the op oneOf report only the branch named by "op"; `verbose`
 * gives each error its schema node and data, from which messages are written; allErrors stays off
 * so that validation stops at the first problem, the one reported.
 */
import { Ajv } from 'ajv';
import schemaJson from './schema.json' with { type: 'json' };
import type { SchemaNode } from './describe-schema.ts';

export const scenarioSchema: SchemaNode = schemaJson as SchemaNode;

const ajv = new Ajv({ discriminator: true, verbose: true, allErrors: false, strict: true, strictRequired: false });

export const validateScenarioDoc = ajv.compile(scenarioSchema);
