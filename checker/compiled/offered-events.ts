/**
 * The events a compiled machine offers in a packed state: the model's candidate events
 * (its packed events function, its events function on the unpacked snapshot, or its
 * list), less those no active state node handles, as fromMachine filters them, but
 * tested on the region slots by code generated once per event type.
 *
 * Why: offering an event no node handles costs a whole step to find it changes nothing,
 * and this filter runs for every event of every state.
 */
import type { EventObject } from 'xstate';
import type { EventSource } from '../xstate/from-machine.ts';
import { HandledEventsCache, isHandled } from '../xstate/handled-events.ts';
import type { Layout } from './layout.ts';
import type { UnpackedSnapshot } from './unpacked-snapshot.ts';

export function offeredEvents(parts: {
  layout: Layout;
  events: EventSource<any, any>;
  /** As fromMachine's skipUnhandledEvents: with false, every candidate is offered. */
  skipUnhandled: boolean;
  /** The PackedContext's events function, when the context is packed. */
  packedEvents: ((state: Int32Array, at: number) => readonly EventObject[]) | undefined;
  unpack: (state: Int32Array) => UnpackedSnapshot;
}): (state: Int32Array) => readonly EventObject[] {
  const { layout, events, skipUnhandled, packedEvents, unpack } = parts;
  const CB = layout.contextBase;
  const handledCache = new HandledEventsCache();
  // Per event type, whether a configuration handles it, as generated code: a test of the
  // slots whose paths reach a node that handles the type (one call per offered event).
  const handlers = new Map<string, (state: ArrayLike<number>) => boolean>();
  const handlerFor = (type: string) => {
    let handler = handlers.get(type);
    if (!handler) {
      let always = false;
      const masks = new Map<number, Uint8Array>();
      for (const node of layout.nodes) {
        if (!isHandled(handledCache.forConfiguration([node]), { type })) continue;
        const at = layout.activation.get(node);
        if (!at) always = true;
        else {
          let mask = masks.get(at.slot);
          if (!mask) masks.set(at.slot, (mask = new Uint8Array(at.paths.length)));
          for (let p = 0; p < at.paths.length; p++) mask[p] |= at.paths[p];
        }
      }
      const slots = [...masks.keys()];
      const test = always ? 'true' : slots.length === 0 ? 'false' : slots.map((slot, i) => `(s[${slot}] >= 0 && M${i}[s[${slot}]] === 1)`).join(' || ');
      handler = new Function('M', `"use strict";\n${slots.map((_, i) => `const M${i} = M[${i}];`).join('\n')}\nreturn function handles(s) { return ${test}; };`)([...masks.values()]) as (state: ArrayLike<number>) => boolean;
      handlers.set(type, handler);
    }
    return handler;
  };
  const handles = (state: ArrayLike<number>, event: EventObject): boolean => handlerFor(event.type)(state);
  const offeredByMask = new Map<string, readonly EventObject[]>();
  const offered = (state: Int32Array): readonly EventObject[] => {
    if (packedEvents) {
      const all = packedEvents(state, CB);
      if (!skipUnhandled) return all;
      let handled = 0;
      while (handled < all.length && handles(state, all[handled])) handled++;
      return handled === all.length ? all : all.filter((e) => handles(state, e));
    }
    if (typeof events === 'function') {
      const all = events(unpack(state)) as readonly EventObject[];
      return skipUnhandled ? all.filter((e) => handles(state, e)) : all;
    }
    const list = events as readonly EventObject[];
    if (!skipUnhandled) return list;
    let key = '';
    for (let i = 0; i < list.length; i++) key += handles(state, list[i]) ? '1' : '0';
    let out = offeredByMask.get(key);
    if (!out) {
      out = list.filter((_, i) => key[i] === '1');
      offeredByMask.set(key, out);
    }
    return out;
  };
  return offered;
}
