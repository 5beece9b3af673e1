// Explorer: replay tokens — variant, scenario hash and the compact choice list that reproduces one execution.

/**
 * A decoded token. `choices[i]` is the index, in the list of enabled threads ordered as `machine.tasks`, of the thread
 * run at the i-th scheduling point that had two or more enabled threads (forced steps are not recorded).
 */
export interface TokenData {
  readonly variant: string;
  readonly hash: string;
  readonly choices: readonly number[];
}

/** Result of decoding a token: a value, never an exception. */
export type TokenParse =
  { readonly ok: true; readonly data: TokenData } | { readonly ok: false; readonly message: string };

const PREFIX = 'el1';

/** LEB128 varints, then base64url. */
function packChoices(choices: ArrayLike<number>, n: number): string {
  const bytes: number[] = [];
  for (let i = 0; i < n; i++) {
    let v = choices[i] ?? 0;
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
  }
  return toBase64url(bytes);
}

/** base64url without padding, through btoa/atob (in Node and in browsers alike: the playground bundles this file). */
function toBase64url(bytes: readonly number[]): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(s: string): number[] | null {
  try {
    const bin = atob(s.replaceAll('-', '+').replaceAll('_', '/'));
    return Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function unpackChoices(s: string): number[] | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  const bytes = fromBase64url(s);
  if (bytes === null) return null;
  const out: number[] = [];
  let v = 0;
  let shift = 0;
  for (const b of bytes) {
    v |= (b & 0x7f) << shift;
    if ((b & 0x80) !== 0) {
      shift += 7;
      if (shift > 28) return null;
      continue;
    }
    out.push(v);
    v = 0;
    shift = 0;
  }
  return shift === 0 ? out : null;
}

/** `el1:<variant>:<hash>:<choices>`; the variant name is URI-encoded so the token stays one printable word. */
export function encodeToken(variant: string, hash: string, choices: ArrayLike<number>, n = choices.length): string {
  return `${PREFIX}:${encodeURIComponent(variant)}:${hash}:${packChoices(choices, n)}`;
}

export function decodeToken(token: string): TokenParse {
  const parts = token.trim().split(':');
  if (parts.length !== 4 || parts[0] !== PREFIX)
    return { ok: false, message: `not an epoll-lab replay token: '${token}'` };
  const [, variant = '', hash = '', packed = ''] = parts;
  const choices = unpackChoices(packed);
  if (choices === null) return { ok: false, message: `corrupt choice list in token '${token}'` };
  let name: string;
  try {
    name = decodeURIComponent(variant);
  } catch {
    return { ok: false, message: `corrupt variant in token '${token}'` };
  }
  return { ok: true, data: { variant: name, hash, choices } };
}
