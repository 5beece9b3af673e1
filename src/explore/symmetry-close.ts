// Explorer: symmetry reduction, the other half — every outcome renamed under the symmetric threads' permutations.
import type { Task } from '../kernel/task.ts';
import { ReplayStrategy } from './dfs.ts';
import { Engine, IntLog, type AbandonReason, type Strategy } from './engine.ts';
import type { OutcomeInfo } from './explore.ts';
import { OrderStrategy } from './relinearise.ts';
import { hashOf, type Scenario } from './scenario.ts';
import type { Symmetry } from './symmetry.ts';
import { decodeToken, encodeToken } from './token.ts';

/** Every permutation of `xs` (Heap's algorithm), the identity first. */
function permutations(xs: readonly number[]): number[][] {
  const a = xs.slice();
  const out = [a.slice()];
  const c = Array.from({ length: a.length }, () => 0);
  let i = 0;
  while (i < a.length) {
    if ((c[i] as number) < i) {
      const j = i % 2 === 0 ? 0 : (c[i] as number);
      [a[j], a[i]] = [a[i] as number, a[j] as number];
      out.push(a.slice());
      c[i] = (c[i] as number) + 1;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}

/**
 * The renamings of a scenario's `threads` initial threads that keep every thread in its class, but the identity:
 * `perm[i]` is the thread that plays thread `i`'s part.
 */
export function renamings(sym: Symmetry, threads: number): number[][] {
  let acc: number[][] = [Array.from({ length: threads }, (_, i) => i)];
  for (const c of sym.classes) {
    if (c.length < 2) continue;
    const next: number[][] = [];
    for (const p of acc)
      for (const q of permutations(c)) {
        const r = p.slice();
        c.forEach((th, k) => (r[th] = q[k] as number));
        next.push(r);
      }
    acc = next;
  }
  return acc.slice(1);
}

/** Records the task that makes each event of a replayed execution. */
class Recorder implements Strategy {
  readonly seq: number[] = [];
  readonly abandon: AbandonReason = 'blocked';
  readonly onAlloc = null;
  private readonly inner: ReplayStrategy;
  constructor(choices: readonly number[]) {
    this.inner = new ReplayStrategy(choices);
  }
  prepare(): void {}
  begin(): void {
    this.inner.begin();
  }
  pick(enabled: readonly Task[], idx: readonly number[], n: number): number {
    const k = this.inner.pick(enabled, idx, n);
    if (k >= 0) this.seq.push(idx[k] as number);
    return k;
  }
  before(): void {}
  halted(): void {}
  spawned(): void {}
  clock(): void {}
}

/** The task that makes each event of `token`'s execution (indices in `machine.tasks`); null if it cannot run. */
function recordedOrder(scenario: Scenario, token: string): readonly number[] | null {
  const t = decodeToken(token);
  if (!t.ok) return null;
  const rec = new Recorder(t.data.choices);
  const first = new Engine(scenario, rec).execute({ choices: new IntLog(), lockdep: null, trace: null });
  return first.end === 'abandoned' ? null : rec.seq;
}

/** The token and outcome of the execution whose events `seq` records with the initial threads renamed by `perm`. */
function renamedRun(
  scenario: Scenario,
  seq: readonly number[],
  perm: readonly number[],
): { readonly token: string; readonly outcome: string } | null {
  const choices = new IntLog();
  const res = new Engine(scenario, new OrderStrategy(seq, perm)).execute({ choices, lockdep: null, trace: null });
  if (res.end === 'abandoned') return null;
  return { token: encodeToken(scenario.variant.name, hashOf(scenario), choices.buf, choices.n), outcome: res.outcome };
}

/**
 * Adds to `outcomes` every renaming of every outcome (the gated exploration reached one per class of renamings), with
 * the count of the outcome it renames and a token that replays the renamed execution. A renaming whose replay does
 * not end in the renamed outcome means the threads were declared interchangeable wrongly, a bug of ours: returned
 * with the token of the execution renamed (the explorer makes it a model error); null when every renaming replayed.
 */
export function closeOutcomes(
  scenario: Scenario,
  outcomes: Map<string, OutcomeInfo>,
  threads: number,
): { readonly message: string; readonly token: string } | null {
  const sym = scenario.symmetry;
  if (sym === undefined) return null;
  const perms = renamings(sym, threads);
  for (const [o, info] of [...outcomes]) {
    // The outcome's execution is replayed once, when its first missing renaming needs it.
    let seq: readonly number[] | null | undefined;
    for (const perm of perms) {
      const p = sym.permute(o, perm);
      if (outcomes.has(p)) continue;
      seq ??= recordedOrder(scenario, info.token);
      const r = seq === null ? null : renamedRun(scenario, seq, perm);
      if (r === null || r.outcome !== p)
        return {
          message: `epoll-lab bug: the threads ${JSON.stringify(sym.classes)} are not interchangeable: renaming '${o}' by [${perm.join(',')}] gave '${r?.outcome ?? 'no execution'}', not '${p}'`,
          token: info.token,
        };
      outcomes.set(p, { count: info.count, token: r.token });
    }
  }
  return null;
}
