/**
 * A counterexample's neighbourhood in the state graph: the trace's states plus the
 * states a bounded breadth-first search reaches from them, re-explored through the
 * Model (actions, nextState, encode) into a graphology graph. The checker's store
 * keeps only fingerprints, so this is a fresh, small exploration, bounded by `radius`
 * and `maxNodes`; graphology is the right tool at this size (ARCHITECTURE.md: "for
 * exporting bounded subgraphs").
 *
 * Node attributes say what a drawing needs: the step index on the trace, whether the
 * state is initial, on the lasso's cycle, final or stuck; edge attributes say whether
 * the edge is a step of the trace or of its cycle.
 */
import { DirectedGraph } from 'graphology';
import type { Model } from '../model.ts';
import type { Trace } from '../result.ts';
import { replay } from '../trace.ts';
import { eventLabel } from './text.ts';
import { valuesText } from './mermaid.ts';

export interface NodeAttributes {
  /** Short label: "0", "1", ... for trace states, "n17" for others. */
  label: string;
  /** The flat view of the state. */
  view: Record<string, unknown>;
  /** The fields that differ from the state it was first reached from (all fields for a root). */
  detail: string;
  /** Step index on the trace (the first one, when the trace revisits the state). */
  traceIndex?: number;
  initial: boolean;
  /** On the lasso's cycle. */
  loop: boolean;
  final: boolean;
  /** Explored and found without successors, and not final. */
  stuck: boolean;
  /** BFS distance from the nearest trace state (0 on the trace). */
  distance: number;
  /** Successors exist that were left out by the bounds. */
  truncated: boolean;
  x?: number;
  y?: number;
}

export interface EdgeAttributes {
  label: string;
  process: string;
  /** A step of the trace (its step index), when it is one. */
  traceStep?: number;
  onTrace: boolean;
  /** A step of the lasso's cycle. */
  loop: boolean;
}

export type NeighbourhoodGraph = DirectedGraph<NodeAttributes, EdgeAttributes>;

export interface NeighbourhoodOptions {
  /** How many steps off the trace to explore (default 1). */
  radius?: number;
  /** Stop adding states beyond this many (default 60; the trace's own states always count). */
  maxNodes?: number;
}

export function buildNeighbourhood<S, A>(model: Model<S, A>, trace: Trace, options: NeighbourhoodOptions = {}): NeighbourhoodGraph {
  const radius = options.radius ?? 1;
  const maxNodes = Math.max(options.maxNodes ?? 60, trace.steps.length);
  const graph: NeighbourhoodGraph = new DirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: true });
  const { states, actions } = replay(model, trace.path);
  const keyOf = new Map<string, string>();
  const stateOf = new Map<string, S>();
  const initialCodes = new Set(model.initialStates().map((s) => model.encode(s)));
  let others = 0;

  const addNode = (state: S, from: Record<string, unknown> | undefined, distance: number, traceIndex?: number): string => {
    const code = model.encode(state);
    const existing = keyOf.get(code);
    if (existing !== undefined) return existing;
    const key = traceIndex !== undefined ? `t${traceIndex}` : `n${others++}`;
    keyOf.set(code, key);
    stateOf.set(key, state);
    const view = model.view(state);
    const attrs: NodeAttributes = {
      label: traceIndex !== undefined ? String(traceIndex) : key,
      view,
      detail: valuesText(from ? changedFields(from, view) : view),
      initial: initialCodes.has(code),
      loop: false,
      final: model.isFinal(state),
      stuck: false,
      distance,
      truncated: false,
    };
    if (traceIndex !== undefined) attrs.traceIndex = traceIndex;
    graph.addNode(key, attrs);
    return key;
  };

  const addEdge = (from: string, to: string, action: A, source: S, traceStep?: number, loop = false): void => {
    const existing = graph.edge(from, to);
    if (existing !== undefined) {
      if (traceStep !== undefined) graph.mergeEdgeAttributes(existing, { traceStep, onTrace: true, loop: loop || graph.getEdgeAttribute(existing, 'loop') });
      return;
    }
    const attrs: EdgeAttributes = { label: eventLabel(model.actionJson(action)), process: model.process(action, source), onTrace: traceStep !== undefined, loop };
    if (traceStep !== undefined) attrs.traceStep = traceStep;
    graph.addDirectedEdgeWithKey(`${from}->${to}`, from, to, attrs);
  };

  // The trace itself first, so its states get the short labels and its edges their step numbers.
  const traceKeys = states.map((s, i) => addNode(s, i > 0 ? model.view(states[i - 1]) : undefined, 0, i));
  const loopFrom = trace.loop;
  for (let i = 1; i < states.length; i++) {
    const inLoop = loopFrom !== undefined && i > loopFrom;
    addEdge(traceKeys[i - 1], traceKeys[i], actions[i - 1], states[i - 1], i, inLoop);
    if (inLoop) {
      graph.setNodeAttribute(traceKeys[i - 1], 'loop', true);
      graph.setNodeAttribute(traceKeys[i], 'loop', true);
    }
  }

  // Then a bounded BFS around every trace state.
  let frontier = [...new Set(traceKeys)];
  for (let depth = 1; depth <= radius + 1 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const key of frontier) {
      const state = stateOf.get(key)!;
      const view = graph.getNodeAttribute(key, 'view');
      let successors = 0;
      for (const action of model.actions(state)) {
        const to = model.nextState(state, action);
        if (to === undefined) continue;
        successors++;
        const code = model.encode(to);
        if (!keyOf.has(code) && (depth > radius || graph.order >= maxNodes)) {
          graph.setNodeAttribute(key, 'truncated', true);
          continue;
        }
        const isNew = !keyOf.has(code);
        const toKey = addNode(to, view, depth);
        addEdge(key, toKey, action, state);
        if (isNew) next.push(toKey);
      }
      if (successors === 0 && !graph.getNodeAttribute(key, 'final')) graph.setNodeAttribute(key, 'stuck', true);
    }
    frontier = next;
  }
  return graph;
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(after)) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = after[k];
  return out;
}
