// Playground: the Web Worker that runs the model — litmus checks (with progress), scripts and token replays.
import { renderRun } from '../src/commands/run-output.ts';
import { exploreOptions, type ExploreFlags } from '../src/commands/litmus-opts.ts';
import { explore, type ExploreOptions } from '../src/explore/explore.ts';
import type { LitmusTest } from '../src/litmus/ast.ts';
import { checkResultOf, type CheckOptions, type CheckResult } from '../src/litmus/check.ts';
import { compileLitmus } from '../src/litmus/compile.ts';
import { formatCheck } from '../src/litmus/format.ts';
import { parseLitmus } from '../src/litmus/parse.ts';
import { formatReplay } from '../src/litmus/replay-format.ts';
import { replaySource } from '../src/litmus/replay-source.ts';
import { parseVariantList } from '../src/litmus/variants.ts';
import { reportTrace } from '../src/report/build.ts';
import { renderCell, type DrawnTimelines } from '../src/report/cell.ts';
import { renderDiff } from '../src/report/diff.ts';
import { litmusReport } from '../src/report/litmus.ts';
import { renderTrace } from '../src/report/trace.ts';
import { runScript } from '../src/script/runner.ts';
import {
  LITMUS_FILE,
  SCRIPT_FILE,
  type Request,
  type Response,
  type RunOptions,
  type VariantSummary,
} from './protocol.ts';

/** The worker's global scope, typed by hand: the playground's code is checked with the DOM library only. */
interface WorkerScope {
  postMessage(m: Response): void;
  onmessage: ((e: { readonly data: Request }) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;
const post = (m: Response): void => scope.postMessage(m);

/** The run's bounds as the CLI's `check` flags, checked and converted by the CLI's own code (same meaning). */
function checkOptions(o: RunOptions): CheckOptions | string {
  const n = (x: number | null): string | undefined => (x === null ? undefined : String(x));
  const flags: Record<string, string | undefined> = {
    mode: o.mode,
    maxExecutions: n(o.maxExecutions),
    timeout: n(o.timeoutMs),
    bound: n(o.bound),
    stopOn: o.stopOn === null ? undefined : o.stopOn === 'any' ? 'violation' : `violation=${o.stopOn}`,
  };
  return exploreOptions(Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as ExploreFlags);
}

function summaryOf(r: CheckResult): VariantSummary {
  const c = r.condition;
  return {
    variant: r.variant,
    complete: r.complete,
    executions: r.executions,
    ms: r.timeMs,
    verdict: c === null ? null : `${c.holds ? 'Ok' : 'No'} · ${c.observation} ${c.positive} ${c.negative}`,
    outcomes: r.outcomes.map((o) => ({ outcome: o.outcome, count: o.count, token: o.token })),
    kinds: [...new Set(r.violations.map((v) => v.kind))],
    text: formatCheck(r),
  };
}

/** The test on every variant, streaming progress at most every 100 ms; then the report's HTML of the results. */
function check(req: Request & { type: 'check' }): void {
  const t0 = performance.now();
  const p = parseLitmus(req.source, { file: LITMUS_FILE });
  if (!p.ok) return post({ type: 'input-errors', id: req.id, errors: p.errors });
  const vs = parseVariantList(req.variants);
  if (!vs.ok) return post({ type: 'failed', id: req.id, message: `EPM201 ${vs.message}` });
  const opts = checkOptions(req.options);
  if (typeof opts === 'string') return post({ type: 'failed', id: req.id, message: opts });
  const results: CheckResult[] = [];
  for (const variant of vs.variants) {
    const c = compileLitmus(p.test, variant);
    if (!c.ok) return post({ type: 'input-errors', id: req.id, errors: [c.error] });
    let last = 0;
    const onProgress: ExploreOptions['onProgress'] = (x) => {
      if (x.ms - last < 100) return;
      last = x.ms;
      post({ type: 'progress', id: req.id, variant: variant.name, ...x });
    };
    post({ type: 'progress', id: req.id, variant: variant.name, executions: 0, outcomes: 0, ms: 0 });
    // The symmetry reduction is on where it applies, as in `check` (the run is on one thread here).
    const r = explore(c.compiled.scenario, { ...opts, symmetry: opts.symmetry !== false, onProgress });
    results.push(checkResultOf(p.test, variant, c.compiled, r, opts.stopOn));
  }
  const html = reportHtml(p.test, results);
  post({ type: 'checked', id: req.id, summaries: results.map(summaryOf), ...html, ms: performance.now() - t0 });
}

/** The HTML report's pieces for one test: the diff of neighbouring variants and one section per variant. */
function reportHtml(test: LitmusTest, results: readonly CheckResult[]): { diffHtml: string; cellsHtml: string[] } {
  const input = litmusReport(test.name, [{ test, results }]);
  const t = input.tests[0];
  if (t === undefined) return { diffHtml: '', cellsHtml: [] };
  const incomplete = new Set(t.cells.filter((c) => !c.complete).map((c) => c.variant));
  const drawn: DrawnTimelines = new Map();
  return {
    diffHtml: renderDiff(t),
    cellsHtml: t.cells.map((c, ci) => renderCell(c, 0, ci, t.name, incomplete, drawn)),
  };
}

function script(req: Request & { type: 'script' }): void {
  const r = runScript(req.source, { file: SCRIPT_FILE, variant: req.variant });
  if (!r.ok) return post({ type: 'input-errors', id: req.id, errors: r.errors });
  const out = renderRun(r, false);
  const end =
    r.end.kind === 'ok' ? 'ran to the end' : r.end.kind === 'blocks' ? `blocks at line ${r.end.line}` : 'model halted';
  const lines = [...out.stdout.split('\n'), ...out.stderr.split('\n')].filter((l) => l !== '');
  post({ type: 'script-ran', id: req.id, lines, end });
}

function replayToken(req: Request & { type: 'replay' }): void {
  const r = replaySource(req.token, { file: LITMUS_FILE, source: req.source }, true);
  if (!r.ok) return post({ type: 'failed', id: req.id, message: `EPM161 ${r.message}` });
  const x = r.replay;
  const kinds = [...new Set(x.violations.map((v) => v.kind))];
  const caption = `${x.variant}: ${kinds.length > 0 ? kinds.join(', ') : x.outcome}`;
  const figureHtml = renderTrace(reportTrace(req.token, x), 'replay-trace', caption);
  post({ type: 'replayed', id: req.id, text: formatReplay(x), figureHtml });
}

scope.onmessage = (e): void => {
  const req = e.data;
  try {
    if (req.type === 'check') check(req);
    else if (req.type === 'script') script(req);
    else replayToken(req);
  } catch (err) {
    // An input error the checks let through (EpmError) or a bug of the model: a message, never a dead worker.
    post({ type: 'failed', id: req.id, message: err instanceof Error ? err.message : String(err) });
  }
};
