// Explorer (stateful): a 128-bit streaming hash of 32-bit words — four murmur3-style lanes with distinct seeds.

const SEEDS = [0x9747b28c, 0x2f1d6a53, 0x6c8e9cf5, 0x1b873593] as const;

/** fmix32 of murmur3: the final avalanche of one lane. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Feeds 32-bit words into four independent lanes (each a murmur3_32 body with its own seed and lane constant), and
 * finishes them into a 128-bit value (four int32). With `words` set, every word is also recorded: the debug mode
 * compares full encodings to count hash collisions.
 */
export class Hash128 {
  a: number = SEEDS[0];
  b: number = SEEDS[1];
  c: number = SEEDS[2];
  d: number = SEEDS[3];
  len = 0;
  words: number[] | null = null;

  reset(): void {
    this.a = SEEDS[0];
    this.b = SEEDS[1];
    this.c = SEEDS[2];
    this.d = SEEDS[3];
    this.len = 0;
    if (this.words !== null) this.words.length = 0;
  }

  /** One 32-bit word. */
  int(x: number): void {
    let k = Math.imul(x | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let a = this.a ^ k;
    a = (a << 13) | (a >>> 19);
    this.a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    let b = this.b ^ Math.imul(k ^ 0x5bd1e995, 0x27d4eb2f);
    b = (b << 17) | (b >>> 15);
    this.b = (Math.imul(b, 9) + 0x165667b1) | 0;
    let c = this.c ^ Math.imul((k << 7) | (k >>> 25), 0x85ebca77);
    c = (c << 11) | (c >>> 21);
    this.c = (Math.imul(c, 7) + 0x3c6ef372) | 0;
    let d = this.d ^ Math.imul(x ^ 0x7f4a7c15, 0xc2b2ae3d);
    d = (d << 19) | (d >>> 13);
    this.d = (Math.imul(d, 3) + 0x94d049bb) | 0;
    this.len++;
    this.words?.push(x | 0);
  }

  /** Finishes the lanes into `out[at..at+4)`. The hasher can go on being fed afterwards. */
  finish(out: Int32Array, at: number): void {
    const n = this.len;
    out[at] = fmix(this.a ^ n);
    out[at + 1] = fmix(this.b ^ Math.imul(n, 0x9e3779b1));
    out[at + 2] = fmix(this.c ^ (n << 3));
    out[at + 3] = fmix(this.d ^ ~n);
  }
}

/** Interned strings: a string is hashed as one word (its index), strings repeat (field and function names). */
const interned = new Map<string, number>();

export function internString(s: string): number {
  let i = interned.get(s);
  if (i === undefined) {
    i = interned.size + 1;
    interned.set(s, i);
  }
  return i;
}
