// Playground: what a share link carries (test, variants, bounds, replay token) in its fragment, and the CLI line.
import lz from 'lz-string';
import { KNOWN_KINDS } from '../../src/litmus/kinds.ts';
import { LITMUS_FILE, PLAYGROUND_MODES, SCRIPT_FILE, type RunOptions } from '../protocol.ts';

/** Everything a link restores. */
export interface ShareState {
  readonly kind: 'litmus' | 'script';
  readonly source: string;
  /** A `--variant` list, e.g. `v6.8,v6.9` or `v6.9,item_poll_pin=sb_nouser`. */
  readonly variants: string;
  readonly options: RunOptions;
  /** A replay token to open after the run; null: none. */
  readonly replay: string | null;
}

/** The fragment's prefix: a format version, so that old links can be told apart. */
const PREFIX = 's1:';
/** Longest fragment accepted: lz-string's output can grow quadratically, so the input is capped before decoding. */
export const MAX_FRAGMENT = 16_384;
/** Longest test source (after decompression). */
export const MAX_SOURCE = 65_536;

export type ShareParse =
  { readonly ok: true; readonly state: ShareState } | { readonly ok: false; readonly message: string };

/** The fragment (without `#`) of a state. */
export function encodeShare(s: ShareState): string {
  const o = s.options;
  const wire = [s.kind, s.source, s.variants, o.mode, o.maxExecutions, o.timeoutMs, o.bound, o.stopOn, s.replay];
  return PREFIX + lz.compressToEncodedURIComponent(JSON.stringify(wire));
}

/** Is the fragment a share link (rather than an anchor inside the page)? */
export function isShareFragment(fragment: string): boolean {
  return fragment.startsWith(PREFIX);
}

const SPEC = /^[A-Za-z0-9._=,-]{1,400}$/;
const TOKEN = /^[A-Za-z0-9._~:+/=-]{1,4000}$/;

function optInt(v: unknown, min: number, what: string): number | null | string {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) return `${what} must be an integer >= ${min}`;
  return v;
}

/** Decodes and checks a fragment; anything unexpected is a message for the page, never an exception. */
export function decodeShare(fragment: string): ShareParse {
  const bad = (why: string): ShareParse => ({ ok: false, message: `this link cannot be opened: ${why}` });
  if (!isShareFragment(fragment)) return bad('it is not a playground link');
  if (fragment.length > MAX_FRAGMENT)
    return bad(`its fragment has ${fragment.length} characters (at most ${MAX_FRAGMENT})`);
  let text: string | null;
  try {
    text = lz.decompressFromEncodedURIComponent(fragment.slice(PREFIX.length));
  } catch {
    text = null;
  }
  if (text === null || text === '') return bad('its data does not decompress');
  if (text.length > MAX_SOURCE * 2) return bad('its data is too large');
  let wire: unknown;
  try {
    wire = JSON.parse(text);
  } catch {
    return bad('its data is not JSON');
  }
  if (!Array.isArray(wire) || wire.length !== 9) return bad('its data has the wrong shape');
  const [kind, source, variants, mode, max, timeout, bound, stopOn, replay] = wire as unknown[];
  if (kind !== 'litmus' && kind !== 'script') return bad('unknown kind');
  if (typeof source !== 'string' || source.length > MAX_SOURCE) return bad('the test is missing or too long');
  if (typeof variants !== 'string' || !SPEC.test(variants)) return bad('the variant list is malformed');
  if (typeof mode !== 'string' || !(PLAYGROUND_MODES as readonly string[]).includes(mode))
    return bad(`unknown mode (known: ${PLAYGROUND_MODES.join(', ')})`);
  const m = optInt(max, 1, 'max executions');
  const t = optInt(timeout, 1, 'the timeout');
  const b = optInt(bound, 0, 'the preemption bound');
  for (const x of [m, t, b]) if (typeof x === 'string') return bad(x);
  if (stopOn !== null && stopOn !== 'any' && (typeof stopOn !== 'string' || !KNOWN_KINDS.includes(stopOn)))
    return bad('unknown stop-on kind');
  if (replay !== null && (typeof replay !== 'string' || !TOKEN.test(replay)))
    return bad('the replay token is malformed');
  return {
    ok: true,
    state: {
      kind,
      source,
      variants,
      options: {
        mode,
        maxExecutions: m as number | null,
        timeoutMs: t as number | null,
        bound: b as number | null,
        stopOn: stopOn as string | null,
      },
      replay: replay as string | null,
    },
  };
}

/** A POSIX-shell word. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9._=,/:+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** A here-document delimiter that no line of the text equals. */
function delimiter(text: string): string {
  const lines = new Set(text.split('\n'));
  let d = 'EOF';
  for (let i = 1; lines.has(d); i++) d = `EOF${i}`;
  return d;
}

/** The shell commands that run the same thing with the CLI: write the test to a file, then check (or run) it. */
export function cliCommand(s: ShareState): string {
  const file = s.kind === 'litmus' ? LITMUS_FILE : SCRIPT_FILE;
  const body = s.source.endsWith('\n') ? s.source : `${s.source}\n`;
  const d = delimiter(body);
  const write = `cat > ${file} <<'${d}'\n${body}${d}\n`;
  if (s.kind === 'script') return `${write}npx epoll-lab run ${file} --variant ${shellWord(s.variants)}\n`;
  const o = s.options;
  const args = [`check ${file}`, `--variant ${shellWord(s.variants)}`, `--mode ${shellWord(o.mode)}`];
  if (o.maxExecutions !== null) args.push(`--max-executions ${o.maxExecutions}`);
  if (o.timeoutMs !== null) args.push(`--timeout ${o.timeoutMs}`);
  if (o.bound !== null) args.push(`--bound ${o.bound}`);
  if (o.stopOn !== null) args.push(`--stop-on ${o.stopOn === 'any' ? 'violation' : `violation=${o.stopOn}`}`);
  const replay = s.replay === null ? '' : `npx epoll-lab replay ${shellWord(s.replay)} --trace --file ${file}\n`;
  return `${write}npx epoll-lab ${args.join(' ')}\n${replay}`;
}
