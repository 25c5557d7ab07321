/**
 * Growable storage for small non-negative integers (action indices: almost always below
 * 255): one byte each until a value needs more, then two, then four. Keeps the store
 * near its bytes-per-state budget without limiting how many actions a state may offer.
 */
type Backing = Uint8Array | Uint16Array | Int32Array;

export class GrowableSmallUint {
  private data: Backing = new Uint8Array(1024);
  private max = 0xff;
  length = 0;

  push(value: number): void {
    if (value > this.max || value < 0) this.widen(value);
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  get byteLength(): number {
    return this.data.byteLength;
  }

  /** A view of exactly the used part (one, two or four bytes per value). */
  view(): Uint8Array | Uint16Array | Int32Array {
    return this.data.subarray(0, this.length);
  }

  private grow(): void {
    const next = new (this.data.constructor as new (n: number) => Backing)(Math.ceil(this.data.length * 1.5));
    next.set(this.data);
    this.data = next;
  }

  private widen(value: number): void {
    const wide: Backing = value >= 0 && value <= 0xffff && this.max < 0xffff ? new Uint16Array(this.data.length) : new Int32Array(this.data.length);
    wide.set(this.data.subarray(0, this.length));
    this.data = wide;
    this.max = wide instanceof Uint16Array ? 0xffff : 0x7fffffff;
  }
}
