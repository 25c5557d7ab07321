/**
 * Breadth-first frontier for packed states (Int32Array): their integers are copied into
 * one growable ring of words, so a queue of millions of states holds no JS object per
 * state. Entry layout: [length, id, depth, ...ints].
 *
 * The popped `state` is a buffer reused by the next pop of the same length (typed arrays
 * of a few hundred bytes cost a backing-store allocation each: that was the largest cost
 * of a packed search). It is valid until the next pop; whoever keeps a state copies it.
 */
import type { Frontier } from './frontier.ts';

export class PackedBfsFrontier implements Frontier<Int32Array> {
  private words = new Int32Array(1 << 16);
  private head = 0;
  private tail = 0;
  private count = 0;
  state: Int32Array = new Int32Array(0);
  private readonly buffers = new Map<number, Int32Array>();
  id = 0;
  depth = 0;

  get size(): number {
    return this.count;
  }

  push(state: Int32Array, id: number, depth: number): void {
    const length = state.length;
    if (this.tail - this.head + length + 3 > this.words.length) this.grow(length + 3);
    const words = this.words;
    const mask = words.length - 1;
    let at = this.tail;
    words[at++ & mask] = length;
    words[at++ & mask] = id;
    words[at++ & mask] = depth;
    // A plain loop: states are a few words, and set() would want a subarray (an object) at the wrap.
    for (let i = 0; i < length; i++) words[(at + i) & mask] = state[i];
    this.tail = at + length;
    this.count++;
  }

  pop(): boolean {
    if (this.count === 0) return false;
    const words = this.words;
    const mask = words.length - 1;
    let at = this.head;
    const length = words[at++ & mask];
    this.id = words[at++ & mask];
    this.depth = words[at++ & mask];
    let state = this.state;
    if (state.length !== length) {
      state = this.buffers.get(length) ?? new Int32Array(length);
      this.buffers.set(length, state);
    }
    for (let i = 0; i < length; i++) state[i] = words[(at + i) & mask];
    this.head = at + length;
    this.state = state;
    this.count--;
    return true;
  }

  /** Bytes the queue holds now. */
  get byteLength(): number {
    return this.words.byteLength;
  }

  private used(): number {
    return this.tail - this.head;
  }

  // head and tail grow without bound; positions wrap with the mask (capacity is a power of two).
  private grow(need: number): void {
    let capacity = this.words.length * 2;
    while (capacity < this.used() + need) capacity *= 2;
    const next = new Int32Array(capacity);
    const used = this.used();
    for (let i = 0; i < used; i++) next[i] = this.words[(this.head + i) & (this.words.length - 1)];
    this.words = next;
    this.head = 0;
    this.tail = used;
  }
}
