/** oomcheck's library API: `import { check, defineModel, always } from 'oomcheck'`. */
export type { Model, FairnessSpec } from './checker/model.ts';
export * from './checker/property.ts';
export * from './checker/result.ts';
export type { CheckOptions, Progress, Strategy } from './checker/options.ts';
export { check } from './checker/check.ts';
