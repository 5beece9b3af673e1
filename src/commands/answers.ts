// The seed case study's answers to Brauner's two questions (lifetime-races.md §1.2), derived from check results.
import type { CheckResult, OutcomeRecord } from '../litmus/index.ts';

/** One test checked on its variants, as the case study ran it. */
export interface SeedCheck {
  readonly file: string;
  readonly test: string;
  readonly label: string;
  readonly results: readonly CheckResult[];
}

/** A result that backs an answer: what it shows and the token that replays it. */
export interface Evidence {
  readonly test: string;
  readonly variant: string;
  readonly what: string;
  readonly token: string;
}

export interface Answer {
  readonly question: string;
  /** The short verdict, e.g. `yes, but ...`; chosen from the results, never typed in. */
  readonly verdict: string;
  readonly lines: readonly string[];
  readonly evidence: readonly Evidence[];
}

type Lookup = (test: string, variant: string) => CheckResult | undefined;

function lookup(checks: readonly SeedCheck[]): Lookup {
  return (test, variant) => checks.find((c) => c.test === test)?.results.find((r) => r.variant === variant);
}

/** The first state of `r` satisfying `pred`. */
function first(r: CheckResult | undefined, pred: (o: OutcomeRecord) => boolean): OutcomeRecord | undefined {
  return r?.outcomes.find(pred);
}

const withKind =
  (k: string) =>
  (o: OutcomeRecord): boolean =>
    o.state.kinds.has(k as never);
const satisfies = (o: OutcomeRecord): boolean => o.satisfies === true;

/** `v6.9, v6.13 and v7.1`. */
function list(vs: readonly string[]): string {
  if (vs.length <= 1) return vs.join('');
  return `${vs.slice(0, -1).join(', ')} and ${vs.at(-1) ?? ''}`;
}

/** `(exhaustive)` or `(bounded)` for a claim that something never happens. */
function coverage(rs: readonly (CheckResult | undefined)[]): string {
  return rs.every((r) => r?.complete === true) ? 'exhaustive' : 'bounded: not every interleaving was explored';
}

/** The lines and evidence an answer collects, part by part. */
interface Notes {
  readonly lines: string[];
  readonly ev: Evidence[];
}

/** Question 1: do dying files now silently lose events userspace used to see? */
export function answerDyingEvents(checks: readonly SeedCheck[], presets: readonly string[]): Answer {
  const get = lookup(checks);
  const notes: Notes = { lines: [], ev: [] };
  const { fromDying, dropped } = dyingPipe(get, presets, notes);
  const same = dyingOutcomes(get, presets, notes);
  dyingFifo(get, { fromDying, dropped }, notes);
  dmabufTells(get, presets, notes);
  const verdict =
    dropped.length > 0 && fromDying.includes('v6.8')
      ? same
        ? 'yes, but only events of files already past their last reference, and no userspace-visible outcome is lost'
        : 'yes, and the visible outcomes differ'
      : 'no: the model finds no dropped event';
  return {
    question: 'Do dying files now silently lose events userspace used to see?',
    verdict,
    lines: notes.lines,
    evidence: notes.ev,
  };
}

/** I3-dying-pipe: the variants that report an event from a dying pipe, and those that drop it. */
function dyingPipe(
  get: Lookup,
  presets: readonly string[],
  { lines, ev }: Notes,
): { fromDying: string[]; dropped: string[] } {
  const T = 'I3-dying-pipe';
  const fromDying = presets.filter((v) => first(get(T, v), withKind('event-from-dying-file')) !== undefined);
  const dropped = presets.filter((v) => first(get(T, v), withKind('event-dropped-dying-file')) !== undefined);
  const old = first(get(T, 'v6.8'), withKind('event-from-dying-file'));
  const now = first(get(T, 'v6.9'), withKind('event-dropped-dying-file'));
  if (old !== undefined) {
    ev.push({
      test: T,
      variant: 'v6.8',
      what: 'EPOLLIN reported for a pipe after close() dropped its last reference',
      token: old.token,
    });
    lines.push(
      `v6.8 reports EPOLLIN for a pipe whose close() has already removed the fd and dropped the last reference (${T}, v6.8).`,
    );
  }
  if (now !== undefined) {
    ev.push({
      test: T,
      variant: 'v6.9',
      what: 'the same ready pipe skipped: the inc-not-zero pin failed',
      token: now.token,
    });
    lines.push(
      `v6.9 skips that file without a word: the inc-not-zero pin fails and no event is reported (${T}, v6.9).`,
    );
  }
  if (dropped.length > 0) lines.push(`Variants that drop the event: ${list(dropped)}.`);
  if (fromDying.length > 0) lines.push(`Variants that report it from the dying file: ${list(fromDying)}.`);
  return { fromDying, dropped };
}

/** I3-dying-pipe-outcomes: can userspace see the difference? True when the final states are the same everywhere. */
function dyingOutcomes(get: Lookup, presets: readonly string[], { lines, ev }: Notes): boolean {
  const O = 'I3-dying-pipe-outcomes';
  const sets = presets.map((v) => (get(O, v)?.outcomes ?? []).map((o) => o.outcome).join('\n'));
  const same = sets.length > 0 && sets.every((s) => s === sets[0]);
  const base = get(O, 'v6.8');
  if (base === undefined) return same;
  if (!same) {
    lines.push(`The final states differ between variants (${O}): see the table.`);
    return same;
  }
  lines.push(
    `Userspace cannot tell: the final states of the race are the same ${base.outcomes.length} on every variant (${O}, ${coverage(presets.map((v) => get(O, v)))}), ` +
      'because "no event" was always possible when close() won the race; what changed is only which interleavings give it.',
  );
  const none = first(get(O, 'v6.8'), (o) => o.outcome.includes('r0=0'));
  if (none !== undefined)
    ev.push({ test: O, variant: 'v6.8', what: 'v6.8 also ends with no event', token: none.token });
  return same;
}

/** I3-dying-fifo-nouser: Brauner's SB_NOUSER variant on a FIFO of a mountable filesystem. */
function dyingFifo(
  get: Lookup,
  pipe: { readonly fromDying: readonly string[]; readonly dropped: readonly string[] },
  { lines, ev }: Notes,
): void {
  const F = 'I3-dying-fifo-nouser';
  const nouserFrom = first(get(F, 'brauner-nouser'), withKind('event-from-dying-file'));
  const nouserDrop = first(get(F, 'brauner-nouser'), withKind('event-dropped-dying-file'));
  const nouserLikeP1 = pipe.dropped.includes('brauner-nouser') && !pipe.fromDying.includes('brauner-nouser');
  if (!nouserLikeP1 || nouserFrom === undefined || nouserDrop === undefined) return;
  lines.push(
    `Brauner's SB_NOUSER variant behaves like v6.9 on pipes (pipefs is SB_NOUSER) and does both on a FIFO of a mountable filesystem: it drops the event when it sees count 0, and reports it from a file that died during ->poll otherwise (${F}).`,
  );
  ev.push({
    test: F,
    variant: 'brauner-nouser',
    what: 'FIFO polled unpinned, event from a dying file',
    token: nouserFrom.token,
  });
  ev.push({ test: F, variant: 'brauner-nouser', what: 'FIFO seen at count 0 and skipped', token: nouserDrop.token });
}

/** I1-dmabuf-sync: only the dma-buf-side fix answers EPOLLERR for a dying dma-buf. */
function dmabufTells(get: Lookup, presets: readonly string[], { lines, ev }: Notes): void {
  const hasErr = (v: string): boolean =>
    first(get('I1-dmabuf-sync', v), (o) => o.outcome.includes('EPOLLERR')) !== undefined;
  const err = first(get('I1-dmabuf-sync', 'dmabuf-active'), (o) => o.outcome.includes('EPOLLERR'));
  if (err === undefined || presets.filter(hasErr).length !== 1) return;
  lines.push(
    'Only the dma-buf-side fix (dmabuf-active) tells userspace: a dying dma-buf answers EPOLLERR (I1-dmabuf-sync).',
  );
  ev.push({
    test: 'I1-dmabuf-sync',
    variant: 'dmabuf-active',
    what: 'EPOLLERR for the dying dma-buf',
    token: err.token,
  });
}

/** Question 2: does epoll's transient pin make umount fail with a spurious EBUSY, and does SB_NOUSER fix it? */
export function answerSpuriousEbusy(checks: readonly SeedCheck[], presets: readonly string[]): Answer {
  const get = lookup(checks);
  const ev: Evidence[] = [];
  const lines: string[] = [];
  const T = 'I4-close-umount-ebusy';
  const busy = presets.filter((v) => first(get(T, v), satisfies) !== undefined);
  const never = presets.filter((v) => get(T, v) !== undefined && !busy.includes(v));
  for (const v of busy.slice(0, 1)) {
    const o = first(get(T, v), satisfies);
    if (o !== undefined)
      ev.push({ test: T, variant: v, what: 'close() returned 0, then umount() failed with EBUSY', token: o.token });
  }
  if (busy.length > 0)
    lines.push(
      `On ${list(busy)} a thread that closed its only fd on a FIFO gets EBUSY from the following umount(): epoll_wait in another thread held the transient pin, so the close was not the last put (${T}).`,
    );
  if (never.length > 0) lines.push(`Never on ${list(never)} (${coverage(never.map((v) => get(T, v)))}).`);
  const nouser = never.includes('brauner-nouser');
  if (nouser)
    lines.push(
      'SB_NOUSER pinning fixes this case: tmpfs is not SB_NOUSER, so the FIFO is polled unpinned and the close stays the last put, at the price of polling a file that can die during ->poll (question 1).',
    );
  const W = 'I10-ebusy-window';
  const v71 = first(get(W, 'v7.1'), satisfies);
  const v71n = first(get(W, 'v7.1,item_poll_pin=sb_nouser'), satisfies);
  if (v71 !== undefined) {
    ev.push({
      test: W,
      variant: 'v7.1',
      what: "EBUSY from ep_remove's pin (close of the epoll racing close + umount)",
      token: v71.token,
    });
    lines.push(
      `v7.1's ep_remove pin (a6dc643c6931, the Bad Epoll fix) opens a second window: closing the epoll while another thread closes the FIFO and unmounts gives EBUSY (${W}).`,
    );
    if (v71n !== undefined) {
      ev.push({
        test: W,
        variant: 'v7.1,item_poll_pin=sb_nouser',
        what: 'the same EBUSY with the SB_NOUSER rule on v7.1',
        token: v71n.token,
      });
      lines.push(
        'The SB_NOUSER rule only changes ep_item_poll, so it does not close that window (v7.1 with item_poll_pin=sb_nouser).',
      );
    }
  }
  const H = 'I5-deferred-release-hang';
  const hang = first(get(H, 'v6.9'), satisfies);
  if (hang !== undefined) {
    ev.push({
      test: H,
      variant: 'v6.9',
      what: 'the deferred final put waits for the sleeping epoll_wait',
      token: hang.token,
    });
    lines.push(
      `The pin's final put is deferred to the epoll_wait caller's return to user mode; if it sleeps again the release waits indefinitely (${H}), so such an EBUSY can last.`,
    );
  }
  const verdict =
    busy.length > 0
      ? nouser
        ? `yes on ${list(busy)}; SB_NOUSER fixes the ep_item_poll case${v71n !== undefined ? " but not v7.1's ep_remove window" : ''}`
        : `yes on ${list(busy)}; SB_NOUSER does not fix it`
      : 'no: the model finds no spurious EBUSY';
  return {
    question: "Does epoll's transient pin make umount fail with a spurious EBUSY, and does SB_NOUSER pinning fix it?",
    verdict,
    lines,
    evidence: ev,
  };
}
