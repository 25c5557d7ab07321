/** The packed reference explorer of the kernel model (README.md): what the bench and tests import. */
export { exploreReference, exploreConfig, type ReferenceOptions, type ReferenceRun } from './explore.ts';
export { referenceConfig, referenceUnsupported, ReferenceUnsupportedError, SUPPORTED_TOGGLES, type ReferenceConfig } from './config.ts';
export { decodeState, encodeReferenceState, referenceStateSet } from './decode.ts';
export { makeSuccessors, maxSuccessors } from './successors.ts';
export { referenceModel } from './model.ts';
