/**
 * An XState v5 machine as a Mermaid stateDiagram-v2, so that a reader sees the control
 * flow the checker explores (GitHub renders it). Generic: it walks `machine.root`'s
 * state nodes. Compound states become `state X { ... }` blocks with their initial
 * state, parallel states separate their regions with `--`, final states lead to
 * `[*]`, transitions are labelled with their event and guard (`EVENT [guard]`),
 * eventless (`always`) transitions with `always`, and targetless transitions become
 * self-loops only when they carry actions (otherwise they change nothing worth drawing).
 *
 * Mermaid state ids are global, so each node is drawn under an id made from its path
 * and labelled with its key.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

export interface MachineDiagramOptions {
  /** Draw only this node's subtree (default the root). */
  node?: AnyStateNode;
  /** Show targetless transitions (default: only those with actions). */
  allTargetless?: boolean;
  /** Direction hint (default TB). */
  direction?: 'TB' | 'LR';
}

type Transition = {
  target?: readonly AnyStateNode[];
  guard?: unknown;
  actions?: readonly unknown[];
  eventType: string;
};

export function machineToMermaid(machine: AnyStateMachine, options: MachineDiagramOptions = {}): string {
  const root = options.node ?? (machine.root as AnyStateNode);
  const lines = ['stateDiagram-v2'];
  if (options.direction === 'LR') lines.push('  direction LR');
  const idOf = (n: AnyStateNode) => mermaidId(n);
  const edges: string[] = [];

  const declare = (node: AnyStateNode, indent: string): void => {
    const children = Object.values(node.states ?? {}) as AnyStateNode[];
    const id = idOf(node);
    if (children.length === 0) {
      lines.push(`${indent}state "${label(node.key)}" as ${id}`);
    } else {
      lines.push(`${indent}state "${label(node.key)}" as ${id} {`);
      if (node.type === 'parallel') {
        children.forEach((child, i) => {
          if (i > 0) lines.push(`${indent}  --`);
          declare(child, indent + '  ');
        });
      } else {
        const initial = (node.initial?.target ?? []) as readonly AnyStateNode[];
        for (const t of initial) lines.push(`${indent}  [*] --> ${idOf(t)}`);
        for (const child of children) declare(child, indent + '  ');
      }
      lines.push(`${indent}}`);
    }
    if (node.type === 'final') edges.push(`  ${id} --> [*]`);
    for (const t of transitionsOf(node)) {
      const text = transitionLabel(t);
      const targets = t.target && t.target.length > 0 ? t.target : undefined;
      if (!targets) {
        if (options.allTargetless || (t.actions?.length ?? 0) > 0) edges.push(`  ${id} --> ${id}: ${text}`);
        continue;
      }
      for (const target of targets) edges.push(`  ${id} --> ${idOf(target)}: ${text}`);
    }
  };

  if (root === machine.root) {
    // The root itself is not drawn as a box: its children are the diagram.
    const children = Object.values(root.states ?? {}) as AnyStateNode[];
    if (root.type === 'parallel') {
      children.forEach((child, i) => {
        if (i > 0) lines.push('  --');
        declare(child, '  ');
      });
    } else {
      for (const t of (root.initial?.target ?? []) as readonly AnyStateNode[]) lines.push(`  [*] --> ${idOf(t)}`);
      for (const child of children) declare(child, '  ');
    }
    for (const t of transitionsOf(root)) {
      for (const target of t.target ?? []) edges.push(`  [*] --> ${idOf(target)}: ${transitionLabel(t)}`);
    }
  } else {
    lines.push(`  [*] --> ${idOf(root)}`);
    declare(root, '  ');
  }
  return [...lines, ...edges].join('\n') + '\n';
}

/**
 * The components of a machine: the regions of its shallowest parallel state node (each
 * task, the OOM killer, each kthread: a kernel machine may wrap them in a compound
 * `running` state beside `panic`), or the machine itself when nothing is parallel.
 * `draw` prints one diagram per component.
 */
export function machineComponents(machine: AnyStateMachine): { name: string; node: AnyStateNode }[] {
  const queue: AnyStateNode[] = [machine.root as AnyStateNode];
  while (queue.length) {
    const node = queue.shift()!;
    const children = Object.values(node.states ?? {}) as AnyStateNode[];
    if (node.type === 'parallel') return children.map((child) => ({ name: child.key, node: child }));
    queue.push(...children);
  }
  return [{ name: machine.id, node: machine.root as AnyStateNode }];
}

function transitionsOf(node: AnyStateNode): Transition[] {
  const out: Transition[] = [];
  for (const list of (node.transitions as Map<string, Transition[]>).values()) out.push(...list);
  for (const t of (node.always ?? []) as Transition[]) out.push({ ...t, eventType: 'always' });
  return out;
}

export function transitionLabel(t: Transition): string {
  const guard = guardName(t.guard);
  return label(guard ? `${t.eventType} [${guard}]` : t.eventType);
}

/** A guard's name: `'canRetry'`, `{ type: 'canRetry', params }`, `not(...)`, or a named function. */
export function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') {
    const { type, params } = guard as { type: string; params?: unknown };
    // Params read as arguments: {task: 'A', op: 'lock'} -> atOp(A, lock); long or nested ones are left out.
    const values = typeof params === 'object' && params !== null && !Array.isArray(params) ? Object.values(params) : [params];
    if (params === undefined || values.some((v) => v !== null && typeof v === 'object') || values.some((v) => typeof v === 'function')) return type;
    const args = values.map((v) => String(v)).join(', ');
    return args.length <= 24 ? `${type}(${args})` : type;
  }
  if (typeof guard === 'function') {
    const g = guard as { name?: string; guards?: unknown[]; check?: unknown };
    // xstate's and/or/not helpers carry their operands on `guards`.
    if (Array.isArray(g.guards)) {
      const parts = g.guards.map(guardName).map((s) => s ?? 'guard');
      const op = g.name?.replace(/^\w*?(and|or|not)\w*$/i, '$1') ?? '';
      return `${op || 'guard'}(${parts.join(', ')})`;
    }
    return g.name && g.name !== 'guard' && g.name !== 'anonymous' ? g.name : 'guard';
  }
  return 'guard';
}

/** A Mermaid id from a node's path: letters, digits and underscores only, never starting with a digit. */
export function mermaidId(node: AnyStateNode): string {
  const path = (node.path as string[]).length ? (node.path as string[]).join('__') : node.key;
  return 's_' + path.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Text in a label: Mermaid reads ':' ';' '#' '"' specially; entity codes keep them literal. */
function label(text: string): string {
  const codes: Record<string, string> = { '#': '#35;', ';': '#59;', '"': '#quot;', ':': '#58;' };
  return text.replace(/\r?\n/g, ' ').replace(/[#;":]/g, (c) => codes[c]);
}
