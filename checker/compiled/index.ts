/** Compiled machines: XState machines as successor functions over packed states (performance issue, item 1). */
export { compileMachine, type CompiledMachine, type CompiledModel, type CompileOptions, type CompiledStats, type UnpackedSnapshot } from './compile-machine.ts';
export { ValueInterner } from './intern.ts';
export { Layout } from './layout.ts';
export { fingerprintPacked, encodePacked, packedHi, packedLo } from './packed-fingerprint.ts';
