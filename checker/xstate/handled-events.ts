/**
 * Which candidate events can possibly change a snapshot: those whose type some active
 * state node (the configuration includes every ancestor) has a transition for. The
 * others are certain to be ignored, and offering them costs a full xstate transition
 * each (about 4 us on a 6-region parallel machine), so they are skipped. This only
 * saves time: test/xstate/handled-events.test.ts checks that results do not change.
 *
 * Conservative on purpose: a wildcard '*' transition, or a guarded eventless (`always`)
 * transition, which xstate re-evaluates with the new event even when no node handles
 * it, make the configuration accept every event.
 */
import type { AnyStateNode, EventObject } from 'xstate';

/** What one active configuration handles. */
export interface HandledEvents {
  readonly all: boolean;
  /**
   * Some active node has a guarded eventless transition: xstate may then move on an
   * event no transition selects, so "no transition for this event" proves nothing.
   */
  readonly eventlessMayReadEvent: boolean;
  readonly exact: ReadonlySet<string>;
  /** Prefix descriptors like 'timer.*', stored as 'timer.'. */
  readonly prefixes: readonly string[];
}

export class HandledEventsCache {
  // Keyed by the snapshot's node list: xstate reuses that array across snapshots whose
  // configuration did not change (targetless transitions), so lookups usually hit.
  private readonly byConfiguration = new WeakMap<readonly AnyStateNode[], HandledEvents>();
  private readonly byNode = new Map<AnyStateNode, readonly string[]>();

  forConfiguration(nodes: readonly AnyStateNode[]): HandledEvents {
    let handled = this.byConfiguration.get(nodes);
    if (!handled) {
      handled = this.compute(nodes);
      this.byConfiguration.set(nodes, handled);
    }
    return handled;
  }

  private compute(nodes: readonly AnyStateNode[]): HandledEvents {
    const exact = new Set<string>();
    const prefixes: string[] = [];
    let all = false;
    let eventlessMayReadEvent = false;
    for (const node of nodes) {
      if (node.always?.some((t) => t.guard !== undefined)) all = eventlessMayReadEvent = true;
      for (const descriptor of this.descriptorsOf(node)) {
        if (descriptor === '*') all = true;
        else if (descriptor.endsWith('.*')) prefixes.push(descriptor.slice(0, -1));
        else exact.add(descriptor);
      }
    }
    return { all, eventlessMayReadEvent, exact, prefixes };
  }

  /**
   * The node's own event descriptors, leaving out "forbidden" transitions (no target,
   * no actions, no reenter): taking one returns the snapshot unchanged, exactly as if
   * the event were not handled.
   */
  private descriptorsOf(node: AnyStateNode): readonly string[] {
    const known = this.byNode.get(node);
    if (known) return known;
    const descriptors: string[] = [];
    for (const [descriptor, transitions] of node.transitions) {
      if (transitions.some((t) => Boolean(t.target) || t.actions.length > 0 || t.reenter)) descriptors.push(descriptor);
    }
    this.byNode.set(node, descriptors);
    return descriptors;
  }
}

export function isHandled(handled: HandledEvents, event: EventObject): boolean {
  if (handled.all || handled.exact.has(event.type)) return true;
  const type = event.type;
  for (const prefix of handled.prefixes) {
    // xstate's 'timer.*' matches 'timer' itself as well as 'timer.x.y'.
    if (type.startsWith(prefix) || (type.length === prefix.length - 1 && prefix.startsWith(type))) return true;
  }
  return false;
}
