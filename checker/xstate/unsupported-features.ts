/**
 * What the XState front end cannot check, found before exploring. The checker
 * explores xstate's pure transition function; invoked or spawned actors and timers
 * (`after`, delayed raise/sendTo) live outside it, in an actor system that never runs
 * here, so a machine using them would be checked wrongly without a word. The CLI maps
 * UnsupportedMachineError to exit 150 (bad input).
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

export class UnsupportedMachineError extends Error {
  constructor(readonly machineId: string, readonly problems: readonly string[]) {
    super(`machine '${machineId}' uses what oomcheck cannot check: ${problems.join('; ')}`);
    this.name = 'UnsupportedMachineError';
  }
}

/** Throws UnsupportedMachineError naming every unsupported use, or returns. */
export function assertMachineSupported(machine: AnyStateMachine): void {
  const problems: string[] = [];
  for (const node of allStateNodes(machine.root)) {
    const where = `state '${node.id}'`;
    if (node.invoke.length > 0) problems.push(`${where} invokes actors (invoke: ${node.invoke.map((i: { src: unknown }) => String(typeof i.src === 'string' ? i.src : 'inline')).join(', ')})`);
    if (node.config.after) problems.push(`${where} has delayed transitions (after: ${Object.keys(node.config.after).join(', ')})`);
    for (const [label, actions] of actionListsOf(node)) {
      for (const raw of actions) {
        const problem = describeUnsupportedAction(machine, raw);
        if (problem) problems.push(`${where} ${label} ${problem}`);
      }
    }
  }
  if (problems.length > 0) throw new UnsupportedMachineError(machine.id, problems);
}

/** A spawned child seen during exploration (spawn inside assign cannot be seen statically). */
export function spawnedChildError(machine: AnyStateMachine, childIds: readonly string[]): UnsupportedMachineError {
  return new UnsupportedMachineError(machine.id, [`a transition spawned child actors (${childIds.join(', ')})`]);
}

function* allStateNodes(node: AnyStateNode): Generator<AnyStateNode> {
  yield node;
  for (const key of Object.keys(node.states)) yield* allStateNodes(node.states[key]);
}

type ActionList = readonly unknown[];

function actionListsOf(node: AnyStateNode): Array<[string, ActionList]> {
  const lists: Array<[string, ActionList]> = [
    ['entry', node.entry],
    ['exit', node.exit],
  ];
  for (const [descriptor, transitions] of node.transitions) {
    for (const t of transitions) lists.push([`on '${descriptor}'`, t.actions]);
  }
  for (const t of node.always ?? []) lists.push(['always', t.actions]);
  return lists;
}

interface BuiltInAction {
  type?: string;
  delay?: unknown;
}

function describeUnsupportedAction(machine: AnyStateMachine, raw: unknown): string | undefined {
  const action = resolveAction(machine, raw);
  if (!action) return undefined;
  if (action.type === 'xstate.spawnChild') return 'spawns a child actor (spawnChild)';
  if ((action.type === 'xstate.raise' || action.type === 'xstate.sendTo') && action.delay !== undefined) {
    return `sends a delayed event (${action.type.slice('xstate.'.length)} with delay)`;
  }
  return undefined;
}

// Named actions (`entry: 'x'` or `{ type: 'x', params }`) are looked up in the
// machine's implementations, as xstate does when it runs them.
function resolveAction(machine: AnyStateMachine, raw: unknown): BuiltInAction | undefined {
  if (typeof raw === 'function') return raw as BuiltInAction;
  const name = typeof raw === 'string' ? raw : (raw as { type?: unknown } | null)?.type;
  if (typeof name !== 'string') return undefined;
  const implementation = (machine.implementations.actions as Record<string, unknown>)[name];
  return typeof implementation === 'function' ? (implementation as BuiltInAction) : undefined;
}
