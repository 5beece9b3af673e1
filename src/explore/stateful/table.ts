// Explorer (stateful): the visited-state table — 128-bit fingerprints in an open-addressing typed array.

/**
 * A set of 128-bit keys (four int32) with linear probing; 16 bytes a slot, grown at 60% load. A key of four zero
 * words is stored as (1, 0, 0, 0) (zero marks an empty slot), an alias as likely as any other collision. V8's Map
 * would stop at 2^24 entries and cost 70-120 bytes each.
 */
export class StateTable {
  private keys: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 14) {
    let c = 16;
    while (c < capacity) c <<= 1;
    this.keys = new Int32Array(c * 4);
    this.mask = c - 1;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.keys.byteLength;
  }

  /** Inserts the key at `k[at..at+4)`; false when it was already present. */
  add(k: Int32Array, at: number): boolean {
    let a = k[at] as number;
    const b = k[at + 1] as number;
    const c = k[at + 2] as number;
    const d = k[at + 3] as number;
    if ((a | b | c | d) === 0) a = 1;
    if ((this.size + 1) * 5 > (this.mask + 1) * 3) this.grow();
    const keys = this.keys;
    let i = (a ^ Math.imul(d, 0x9e3779b1)) & this.mask;
    for (;;) {
      const p = i * 4;
      const ka = keys[p] as number;
      if ((ka | (keys[p + 1] as number) | (keys[p + 2] as number) | (keys[p + 3] as number)) === 0) {
        keys[p] = a;
        keys[p + 1] = b;
        keys[p + 2] = c;
        keys[p + 3] = d;
        this.size++;
        return true;
      }
      if (ka === a && keys[p + 1] === b && keys[p + 2] === c && keys[p + 3] === d) return false;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Int32Array(old.length * 2);
    this.mask = this.keys.length / 4 - 1;
    this.size = 0;
    for (let p = 0; p < old.length; p += 4)
      if (((old[p] as number) | (old[p + 1] as number) | (old[p + 2] as number) | (old[p + 3] as number)) !== 0)
        this.add(old, p);
  }
}
