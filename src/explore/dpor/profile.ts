// Explorer: where DPOR's executions come from — the races it reversed, by the code and kernel field on each side.
import { baseObject } from '../../kernel/object.ts';
import type { Step } from '../../kernel/step.ts';
import type { Task } from '../../kernel/task.ts';

/** One pair of sites that raced, in either order: each side `function (caller): object.field access`. */
export interface RacePair {
  readonly a: string;
  readonly b: string;
  /** Races between them that DPOR processed (in executions past the point it had already explored). */
  readonly races: number;
  /** Of those, the ones whose reversal added a new branch (an execution still to run). */
  readonly branches: number;
}

/** The race profile of an exploration: totals and the pairs by branches added, most first. */
export interface RaceProfileResult {
  readonly races: number;
  readonly branches: number;
  readonly pairs: readonly RacePair[];
}

/** Pairs kept in a result (the rest are summed into the totals only). */
export const PROFILE_PAIRS = 12;

/**
 * A site's text: the modelled function running the step, the object without its allocation number (`ep#24` is `ep`,
 * `file#23(dmabuf)` is `file(dmabuf)`: every execution allocates anew) and field, and the access kind.
 */
export function siteText(t: Pick<Task, 'comm' | 'stack'>, s: Step): string {
  const st = t.stack;
  const n = st.length;
  return siteOf(t.comm, n > 0 ? st[n - 1] : undefined, n > 1 ? st[n - 2] : undefined, s);
}

/** `siteText` of a step made by `comm` in function `fn` (undefined: no kernel frame) called from `caller`. */
function siteOf(comm: string, fn: string | undefined, caller: string | undefined, s: Step): string {
  const o = s.k === 'free' ? baseObject(s.o) : s.o;
  const obj = o.label.replace(/#\d+/g, '');
  const where = fn === undefined ? comm : `${fn}${caller === undefined ? '' : ` (${caller})`}`;
  // A lock's label already ends with its field (`ep.mtx`).
  const at = obj.endsWith(`.${s.f}`) ? obj : `${obj}.${s.f}`;
  return `${where}: ${at} ${s.k}`;
}

/**
 * Collects the race profile over an exploration (`--races`). The strategy records each event's function and step as it
 * runs (four stores per event) and reports each race it processes; texts are built only for events that race.
 */
export class RaceProfile {
  private readonly comm: string[] = [];
  private readonly fn: (string | undefined)[] = [];
  private readonly caller: (string | undefined)[] = [];
  private readonly step: Step[] = [];
  private readonly byPair = new Map<string, { a: string; b: string; races: number; branches: number }>();
  races = 0;
  branches = 0;

  /** Event `pos` is task `t`'s step `s`. */
  site(pos: number, t: Task, s: Step): void {
    const st = t.stack;
    const n = st.length;
    this.comm[pos] = t.comm;
    // Indexes checked first: reading past an array's end (index -1) leaves V8's fast path.
    this.fn[pos] = n > 0 ? st[n - 1] : undefined;
    this.caller[pos] = n > 1 ? st[n - 2] : undefined;
    this.step[pos] = s;
  }

  /** The text of event `pos`. */
  text(pos: number): string {
    const s = this.step[pos];
    return s === undefined ? '?' : siteOf(this.comm[pos] as string, this.fn[pos], this.caller[pos], s);
  }

  /** A race between two sites was processed; `added`: its reversal added a branch. */
  race(x: string, y: string, added: boolean): void {
    const [a, b] = x <= y ? [x, y] : [y, x];
    const key = `${a}\n${b}`;
    let p = this.byPair.get(key);
    if (p === undefined) {
      p = { a, b, races: 0, branches: 0 };
      this.byPair.set(key, p);
    }
    p.races++;
    this.races++;
    if (added) {
      p.branches++;
      this.branches++;
    }
  }

  result(max = PROFILE_PAIRS): RaceProfileResult {
    const pairs = [...this.byPair.values()].sort(
      (a, b) => b.branches - a.branches || b.races - a.races || (a.a + a.b < b.a + b.b ? -1 : 1),
    );
    return { races: this.races, branches: this.branches, pairs: pairs.slice(0, max).map((p) => ({ ...p })) };
  }
}

/** The site of a task's step that did not run (a blocked acquire, a step a halt cut off). */
export function pendingText(t: Pick<Task, 'comm' | 'stack'>, s: Step): string {
  return `${siteText(t, s)} (did not run)`;
}
