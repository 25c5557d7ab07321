/**
 * Where each part of a snapshot lives in a packed state (an Int32Array):
 *
 *   [ region slots | history slots | context fields ]
 *
 * - A REGION SLOT per exclusive region: the root when it is compound, and every compound
 *   child of a parallel node. It holds the index of the active PATH in that region (the
 *   chain of nodes from the region's active child down to an atomic node or to a parallel
 *   node, whose own regions have slots of their own), or -1 when the region is inactive.
 *   One int per region keeps the regions apart (symmetry reduction permutes them).
 * - A HISTORY SLOT per history node: -1 (nothing recorded) or the index of the recorded
 *   node set in that history node's own table.
 * - A CONTEXT FIELD per top-level context key, as an intern code (intern.ts). Keys met
 *   after the start are appended; trailing absent fields are trimmed when packing, so
 *   one state has one packing however many keys were discovered since.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

export interface RegionSlot {
  /** The compound node whose active child the slot records. */
  readonly owner: AnyStateNode;
  /** Each path: the nodes from the owner's child down to its end (atomic, final or parallel). */
  readonly paths: readonly (readonly AnyStateNode[])[];
  /** Path index by its end node (an end node determines its path). */
  readonly pathOfEnd: ReadonlyMap<AnyStateNode, number>;
}

export interface HistorySlot {
  readonly node: AnyStateNode;
  /** Recorded node sets, each sorted by document order. */
  readonly sets: AnyStateNode[][];
  readonly setIndex: Map<string, number>;
}

export class Layout {
  /** Every state node in document order (xstate's `order`), the root first. */
  readonly nodes: readonly AnyStateNode[];
  readonly regions: readonly RegionSlot[];
  readonly slotOfOwner: ReadonlyMap<AnyStateNode, number>;
  readonly histories: readonly HistorySlot[];
  readonly historySlotOf: ReadonlyMap<string, number>;
  /**
   * When a node is active, in slot terms: active iff slot `slot` holds one of the paths
   * marked in `paths` (the node lies on that path, or below its parallel end without a
   * region of its own in between). Nodes without an entry (the root, and the regions of
   * a parallel root) are always active.
   */
  readonly activation: ReadonlyMap<AnyStateNode, { readonly slot: number; readonly paths: Uint8Array }>;
  /** Per region slot and path: the region's active child is a final state (xstate's isInFinalState for the region). */
  readonly finalPath: readonly Uint8Array[];
  /** Context keys in slot order (grows when a step adds a key). */
  readonly contextKeys: string[] = [];
  readonly contextSlotOf = new Map<string, number>();

  constructor(readonly machine: AnyStateMachine) {
    const nodes: AnyStateNode[] = [];
    const visit = (node: AnyStateNode) => {
      nodes.push(node);
      for (const key of Object.keys(node.states)) visit(node.states[key]);
    };
    visit(machine.root);
    nodes.sort((a, b) => a.order - b.order);
    this.nodes = nodes;

    const regions: RegionSlot[] = [];
    const slotOfOwner = new Map<AnyStateNode, number>();
    const histories: HistorySlot[] = [];
    const historySlotOf = new Map<string, number>();
    for (const node of nodes) {
      if (node.type === 'history') {
        historySlotOf.set(node.id, histories.length);
        histories.push({ node, sets: [], setIndex: new Map() });
      }
      if (node.type === 'compound' && (node.parent === undefined || node.parent.type === 'parallel')) {
        const paths: AnyStateNode[][] = [];
        const collect = (prefix: AnyStateNode[], at: AnyStateNode) => {
          const path = [...prefix, at];
          if (at.type === 'compound') for (const child of childrenOf(at)) collect(path, child);
          else paths.push(path);
        };
        for (const child of childrenOf(node)) collect([], child);
        const pathOfEnd = new Map<AnyStateNode, number>();
        paths.forEach((p, i) => pathOfEnd.set(p[p.length - 1], i));
        slotOfOwner.set(node, regions.length);
        regions.push({ owner: node, paths, pathOfEnd });
      }
    }
    this.regions = regions;
    this.slotOfOwner = slotOfOwner;
    const activation = new Map<AnyStateNode, { slot: number; paths: Uint8Array }>();
    regions.forEach((region, r) => {
      region.paths.forEach((path, p) => {
        const mark = (n: AnyStateNode) => {
          let entry = activation.get(n);
          if (!entry) activation.set(n, (entry = { slot: r, paths: new Uint8Array(region.paths.length) }));
          entry.paths[p] = 1;
        };
        const below = (n: AnyStateNode) => {
          mark(n);
          if (n.type === 'parallel') for (const c of childrenOf(n)) below(c);
          // A compound child of a parallel node is a region of its own: its descendants belong to its slot.
        };
        for (let i = 0; i < path.length - 1; i++) mark(path[i]);
        below(path[path.length - 1]);
      });
    });
    this.activation = activation;
    this.finalPath = regions.map((region) => Uint8Array.from(region.paths, (path) => (path[0].type === 'final' ? 1 : 0)));
    this.histories = histories;
    this.historySlotOf = historySlotOf;
  }

  get regionCount(): number {
    return this.regions.length;
  }
  get historyBase(): number {
    return this.regions.length;
  }
  get contextBase(): number {
    return this.regions.length + this.histories.length;
  }

  /** The context slot of a key, appending it when new. */
  contextSlot(key: string): number {
    let slot = this.contextSlotOf.get(key);
    if (slot === undefined) {
      slot = this.contextKeys.length;
      this.contextKeys.push(key);
      this.contextSlotOf.set(key, slot);
    }
    return slot;
  }

  /** Region slot values of a set of active nodes. */
  regionValues(active: ReadonlySet<AnyStateNode>, out: Int32Array): void {
    for (let r = 0; r < this.regions.length; r++) {
      const region = this.regions[r];
      if (!active.has(region.owner)) {
        out[r] = -1;
        continue;
      }
      let at: AnyStateNode | undefined = activeChild(region.owner, active);
      while (at && at.type === 'compound') at = activeChild(at, active);
      const path = at === undefined ? undefined : region.pathOfEnd.get(at);
      if (path === undefined) throw new Error(`internal: region '${region.owner.id}' has no active path`);
      out[r] = path;
    }
  }

  /** The active nodes (document order) of region slot values. */
  activeNodes(values: ArrayLike<number>): AnyStateNode[] {
    const active: AnyStateNode[] = [];
    const add = (node: AnyStateNode) => {
      active.push(node);
      if (node.type === 'parallel') {
        for (const child of childrenOf(node)) add(child);
      } else if (node.type === 'compound') {
        const slot = this.slotOfOwner.get(node);
        if (slot === undefined) return; // inside a path: added with it
        const index = values[slot];
        if (index < 0) throw new Error(`internal: region '${node.id}' active but its slot is empty`);
        const path = this.regions[slot].paths[index];
        for (let i = 0; i < path.length - 1; i++) active.push(path[i]);
        add(path[path.length - 1]);
      }
    };
    add(this.machine.root);
    return active.sort((a, b) => a.order - b.order);
  }

  /** The history slot value for a recorded node set (interning it). */
  historyValueIndex(slot: number, recorded: readonly AnyStateNode[]): number {
    const table = this.histories[slot];
    const sorted = [...recorded].sort((a, b) => a.order - b.order);
    const key = sorted.map((n) => n.order).join(',');
    let index = table.setIndex.get(key);
    if (index === undefined) {
      index = table.sets.length;
      table.sets.push(sorted);
      table.setIndex.set(key, index);
    }
    return index;
  }
}

const childrenCache = new WeakMap<AnyStateNode, readonly AnyStateNode[]>();

/** Non-history children, in document order (xstate's getChildren); cached, do not change. */
export function childrenOf(node: AnyStateNode): readonly AnyStateNode[] {
  let children = childrenCache.get(node);
  if (!children) {
    children = Object.keys(node.states)
      .map((k) => node.states[k])
      .filter((n) => n.type !== 'history');
    childrenCache.set(node, children);
  }
  return children;
}

function activeChild(node: AnyStateNode, active: ReadonlySet<AnyStateNode>): AnyStateNode | undefined {
  for (const key of Object.keys(node.states)) {
    const child = node.states[key];
    if (child.type !== 'history' && active.has(child)) return child;
  }
  return undefined;
}
