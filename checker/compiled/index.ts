/** Compiled machines: XState machines as successor functions over packed states (performance issue, item 1). */
export { compileMachine, type CompiledMachine, type CompiledModel, type CompileOptions, type CompiledStats, type UnpackedSnapshot } from './compile-machine.ts';
export { onPacked } from './packed-properties.ts';
export { explorePacked, type PackedRun } from './explore-packed.ts';
export { benchCompiled, type CompiledBenchResult, type ThroughputFigure } from './bench-compiled.ts';
export { ValueInterner } from './intern.ts';
export { Layout } from './layout.ts';
export { encodePacked } from './packed-fingerprint.ts';
