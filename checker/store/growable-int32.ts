/** An Int32Array that doubles when full: typed storage without a JS array of boxed numbers. */
export class GrowableInt32 {
  data: Int32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Int32Array(initialCapacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  get byteLength(): number {
    return this.data.byteLength;
  }

  /** A view of exactly the used part. */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }

  // 1.5x, not 2x: the unused tail counts in bytes per state, and growth is rare.
  private grow(): void {
    const next = new Int32Array(Math.ceil(this.data.length * 1.5));
    next.set(this.data);
    this.data = next;
  }
}
