/**
 * What a user's model file exports by default: `defineModel({ machine, events,
 * properties })`. Branded so the CLI can tell a model from any other default export
 * and say in one line why it is not one.
 */
import type { AnyStateMachine, EventFromLogic, InputFrom, SnapshotFrom } from 'xstate';
import type { FairnessSpec, Model } from '../model.ts';
import type { Property } from '../property.ts';
import { fromMachine, type EventSource } from './from-machine.ts';

// Symbol.for, not Symbol(): the CLI may load this module twice (once for itself, once
// through the user's import of 'oomcheck'), and both copies must recognise the brand.
export const MODEL_DEFINITION_BRAND: unique symbol = Symbol.for('oomcheck.model-definition') as never;

export interface ModelDefinition<S = any, A = any> {
  readonly kind: 'oomcheck-model';
  readonly [MODEL_DEFINITION_BRAND]: true;
  readonly model: Model<S, A>;
  readonly properties: readonly Property<S, A>[];
  /** The machine itself, for drawing and for tools that want xstate's view. */
  readonly machine: AnyStateMachine;
  /** To pass on as CheckOptions.fairness when checking liveness. */
  readonly fairness?: FairnessSpec<S, A>;
}

/** Everything but the machine; typed by the machine (see defineModel's two forms). */
export interface ModelConfig<M extends AnyStateMachine> {
  events: EventSource<NoInfer<SnapshotFrom<M>>, NoInfer<EventFromLogic<M>>>;
  properties?: readonly Property<NoInfer<SnapshotFrom<M>>, NoInfer<EventFromLogic<M>>>[];
  input?: NoInfer<InputFrom<M>>;
  /** The fairness unit ("process") taking an event; default: the event type. */
  process?: (event: NoInfer<EventFromLogic<M>>, snapshot: NoInfer<SnapshotFrom<M>>) => string;
  fairness?: FairnessSpec<NoInfer<SnapshotFrom<M>>, NoInfer<EventFromLogic<M>>>;
}

/**
 * The one-object form's config. Its properties are typed loosely (`any` snapshots) on
 * purpose: TypeScript infers a generic call such as `always('x', (s) => ...)` inside the
 * same object literal before it has inferred the machine's type from `machine`, which
 * would make `s` `never` and reject every property. For typed predicates use
 * `defineModel(machine, { events, properties })`.
 */
export interface DefineModelConfig<M extends AnyStateMachine> extends Omit<ModelConfig<M>, 'properties'> {
  machine: M;
  properties?: readonly Property<any, any>[];
}

/**
 * `defineModel({ machine, events, properties })`, or, with predicates typed by the
 * machine's snapshot and events, `defineModel(machine, { events, properties })`.
 */
export function defineModel<M extends AnyStateMachine>(config: DefineModelConfig<M>): ModelDefinition<SnapshotFrom<M>, EventFromLogic<M>>;
export function defineModel<M extends AnyStateMachine>(machine: M, config: ModelConfig<M>): ModelDefinition<SnapshotFrom<M>, EventFromLogic<M>>;
export function defineModel<M extends AnyStateMachine>(
  machineOrConfig: M | DefineModelConfig<M>,
  rest?: ModelConfig<M>,
): ModelDefinition<SnapshotFrom<M>, EventFromLogic<M>> {
  const config = (rest ? { ...rest, machine: machineOrConfig } : machineOrConfig) as DefineModelConfig<M>;
  const why = whyNotModelConfig(config);
  // Thrown while the user's file is imported: the CLI prints it as the load error (exit 150).
  if (why !== undefined) throw new Error(`defineModel: ${why}`);
  const model = fromMachine(config.machine, { events: config.events, input: config.input, process: config.process });
  return {
    kind: 'oomcheck-model',
    [MODEL_DEFINITION_BRAND]: true,
    model,
    properties: config.properties ?? [],
    machine: config.machine,
    fairness: config.fairness,
  };
}

/** Why defineModel's config cannot make a model (one line), or undefined. */
function whyNotModelConfig(config: DefineModelConfig<AnyStateMachine> | undefined): string | undefined {
  if (typeof config !== 'object' || config === null) return 'expected { machine, events, properties }';
  const machine = config.machine as unknown as { root?: unknown; transition?: unknown } | undefined;
  if (typeof machine !== 'object' || machine === null || typeof machine.transition !== 'function' || machine.root === undefined) {
    return `\`machine\` must be an XState v5 machine (setup(...).createMachine(...)), got ${describeValue(machine)}`;
  }
  if (!Array.isArray(config.events) && typeof config.events !== 'function') return `\`events\` must be an array of events or a function from the snapshot to one, got ${describeValue(config.events)}`;
  if (config.properties !== undefined) {
    if (!Array.isArray(config.properties)) return `\`properties\` must be an array, got ${describeValue(config.properties)}`;
    const seen = new Set<string>();
    for (const [i, p] of config.properties.entries()) {
      if (typeof p !== 'object' || p === null || typeof (p as { name?: unknown }).name !== 'string') {
        return `properties[${i}] is not a property (make each with always, action, sometimes, eventually or leadsTo), got ${describeValue(p)}`;
      }
      if (seen.has(p.name)) return `two properties are named "${p.name}": names select properties (-p) and key expectations, so each must be unique`;
      seen.add(p.name);
    }
  }
  return undefined;
}

function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? 'an object' : typeof x === 'function' ? 'a function' : x === undefined ? 'undefined' : `${typeof x} ${JSON.stringify(x)}`;
}

export function isModelDefinition(x: unknown): x is ModelDefinition {
  return whyNotModelDefinition(x) === undefined;
}

/** One line saying why `x` is not a model definition, or undefined when it is one. */
export function whyNotModelDefinition(x: unknown): string | undefined {
  if (x === undefined) return 'the file has no default export; export default defineModel({ machine, events, properties })';
  if (typeof x !== 'object' || x === null) return `the default export is a ${x === null ? 'null' : typeof x}, not defineModel({ machine, events, properties })`;
  const candidate = x as Partial<ModelDefinition> & Record<PropertyKey, unknown>;
  if (candidate.kind !== 'oomcheck-model' || candidate[MODEL_DEFINITION_BRAND] !== true) {
    if (typeof (candidate as { transition?: unknown }).transition === 'function' && 'root' in candidate) {
      return 'the default export is a bare XState machine; wrap it: export default defineModel({ machine, events, properties })';
    }
    return 'the default export is not a model made by defineModel({ machine, events, properties })';
  }
  const model = candidate.model as Partial<Model<unknown, unknown>> | undefined;
  const modelMethods = ['initialStates', 'actions', 'nextState', 'encode', 'process', 'isFinal', 'describeStep', 'view', 'actionJson'] as const;
  const missing = modelMethods.filter((name) => typeof model?.[name] !== 'function');
  if (missing.length > 0) return `the model definition's model lacks ${missing.join(', ')}`;
  if (!Array.isArray(candidate.properties)) return "the model definition's properties is not an array";
  return undefined;
}
