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
    const need = state.length + 3;
    if (this.used() + need > this.words.length) this.grow(need);
    this.write(state.length);
    this.write(id);
    this.write(depth);
    const mask = this.words.length - 1;
    const at = this.tail & mask;
    if (at + state.length <= this.words.length) this.words.set(state, at);
    else for (let i = 0; i < state.length; i++) this.words[(at + i) & mask] = state[i];
    this.tail += state.length;
    this.count++;
  }

  pop(): boolean {
    if (this.count === 0) return false;
    const length = this.read();
    this.id = this.read();
    this.depth = this.read();
    let state = this.buffers.get(length);
    if (state === undefined) this.buffers.set(length, (state = new Int32Array(length)));
    const mask = this.words.length - 1;
    const at = this.head & mask;
    if (at + length <= this.words.length) state.set(this.words.subarray(at, at + length));
    else for (let i = 0; i < length; i++) state[i] = this.words[(at + i) & mask];
    this.head += length;
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
  private write(value: number): void {
    this.words[this.tail++ & (this.words.length - 1)] = value;
  }

  private read(): number {
    return this.words[this.head++ & (this.words.length - 1)];
  }

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
