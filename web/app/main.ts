// Playground: the page — editor, examples, variants and bounds, Run/Stop, results, replay, share link, CLI line.
import { forceLinting } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import { parseLitmus } from '../../src/litmus/parse.ts';
import { parseScript } from '../../src/script/compile.ts';
import { formatScriptError, type ScriptError } from '../../src/script/errors.ts';
import { LITMUS_FILE, SCRIPT_FILE, type Response } from '../protocol.ts';
import {
  byId,
  checkVariants,
  initControls,
  readOptions,
  readVariants,
  writeOptions,
  writeVariants,
} from './controls.ts';
import { createEditor, setText } from './editor.ts';
import { EXAMPLES, fillExamples } from './examples.ts';
import { renderChecked, renderScript } from './results.ts';
import { cliCommand, decodeShare, encodeShare, isShareFragment, type ShareState } from './share.ts';
import { ModelWorker } from './worker-client.ts';

const ui = {
  results: byId<HTMLElement>('results'),
  status: byId<HTMLElement>('status'),
  error: byId<HTMLElement>('page-error'),
  diags: byId<HTMLUListElement>('diagnostics'),
  run: byId<HTMLButtonElement>('run'),
  stop: byId<HTMLButtonElement>('stop'),
  kind: byId<HTMLSelectElement>('kind'),
  examples: byId<HTMLSelectElement>('examples'),
  exampleDoc: byId<HTMLElement>('example-doc'),
  replay: byId<HTMLElement>('replay'),
};

/** The timeout of a run a link starts when the link sets none. */
const LINK_TIMEOUT_MS = 30_000;

let editor: EditorView;
/** The token the replay view shows, for its share link. */
let openReplay: string | null = null;
/** The text of the last run: its tokens replay on it even after the editor changed. */
let ranSource = '';

function showError(message: string | null): void {
  ui.error.hidden = message === null;
  ui.error.textContent = message ?? '';
}

function setStatus(text: string): void {
  ui.status.textContent = text;
}

function source(): string {
  return editor.state.doc.toString();
}

function kind(): 'litmus' | 'script' {
  return ui.kind.value === 'script' ? 'script' : 'litmus';
}

/** The parser's errors for the editor's text (the page parses on its own thread: it takes a millisecond). */
function diagnose(text: string): readonly ScriptError[] {
  const p = kind() === 'litmus' ? parseLitmus(text, { file: LITMUS_FILE }) : parseScript(text, { file: SCRIPT_FILE });
  return p.ok ? [] : p.errors;
}

function listDiagnostics(errors: readonly ScriptError[]): void {
  ui.diags.replaceChildren(
    ...errors.map((e) => {
      const li = document.createElement('li');
      li.textContent = formatScriptError(e);
      li.dataset['code'] = e.code;
      li.dataset['line'] = String(e.line);
      return li;
    }),
  );
}

function running(on: boolean): void {
  ui.run.disabled = on;
  ui.stop.disabled = !on;
}

const runner = new ModelWorker(crashed);
const helper = new ModelWorker(crashed);

function crashed(message: string): void {
  running(false);
  showError(message);
}

/** Everything a share link carries, from the page. */
function currentState(replay: string | null = null): ShareState | string {
  const options = readOptions();
  if (typeof options === 'string') return options;
  return { kind: kind(), source: source(), variants: readVariants(), options, replay };
}

function onReply(m: Response, then: (() => void) | null): void {
  if (m.type === 'progress') {
    setStatus(
      `${m.variant}: ${m.executions.toLocaleString('en')} executions · ${m.outcomes} states · ${(m.ms / 1000).toFixed(1)} s`,
    );
    return;
  }
  running(false);
  if (m.type === 'input-errors') {
    listDiagnostics(m.errors);
    showError(m.errors.map(formatScriptError).join('\n'));
    setStatus('not run: fix the test first');
  } else if (m.type === 'failed') {
    showError(m.message);
    setStatus('failed');
  } else if (m.type === 'checked') {
    performance.mark('epoll-lab:results-received');
    ui.results.innerHTML = renderChecked(m);
    enhance(ui.results);
    performance.mark('epoll-lab:results-shown');
    setStatus(`done: ${m.summaries.length} variant${m.summaries.length === 1 ? '' : 's'} in ${Math.round(m.ms)} ms`);
    document.body.dataset['runDoneAt'] = String(Math.round(performance.now()));
    then?.();
  } else if (m.type === 'script-ran') {
    ui.results.innerHTML = renderScript(m);
    setStatus(`done: ${m.end}`);
    document.body.dataset['runDoneAt'] = String(Math.round(performance.now()));
  }
}

/** Runs the editor's test (or script) on the chosen variants; `then` runs after the results are shown. */
function run(then: (() => void) | null = null): void {
  showError(null);
  const errors = diagnose(source());
  listDiagnostics(errors);
  if (errors.length > 0) return showError(errors.map(formatScriptError).join('\n'));
  const variants = readVariants();
  const bad = checkVariants(variants);
  if (bad !== null) return showError(bad);
  const options = readOptions();
  if (typeof options === 'string') return showError(options);
  if (runner.busy) runner.stop();
  running(true);
  setStatus('starting…');
  ui.results.replaceChildren();
  delete document.body.dataset['runDoneAt'];
  const reply = (m: Response): void => onReply(m, then);
  ranSource = source();
  performance.mark('epoll-lab:run-posted');
  if (kind() === 'script') {
    const first = variants.split(',')[0] ?? 'v7.1';
    runner.request({ type: 'script', source: source(), variant: first }, reply);
  } else runner.request({ type: 'check', source: source(), variants, options }, reply);
}

function stop(): void {
  runner.stop();
  running(false);
  setStatus('stopped');
}

/** Opens the step-by-step replay of a token (the `replay --trace` table) with its timeline. */
function replay(token: string): void {
  helper.request({ type: 'replay', source: ranSource, token }, (m) => {
    if (m.type === 'failed') return showError(m.message);
    if (m.type !== 'replayed') return;
    openReplay = token;
    byId('replay-token').textContent = token;
    byId('replay-figure').innerHTML = m.figureHtml;
    enhance(byId('replay-figure'));
    byId('replay-text').textContent = m.text;
    ui.replay.hidden = false;
    ui.replay.scrollIntoView({ block: 'start' });
  });
}

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission (e.g. a headless browser): the text stays selectable on the page.
  }
}

function share(replayToken: string | null): void {
  const s = currentState(replayToken);
  if (typeof s === 'string') return showError(s);
  const url = `${location.origin}${location.pathname}#${encodeShare(s)}`;
  history.replaceState(null, '', url);
  const box = byId<HTMLInputElement>('share-link');
  box.value = url;
  byId('share-box').hidden = false;
  box.select();
  void copy(url);
  setStatus('share link copied');
}

function showCli(): void {
  const s = currentState(openReplay);
  if (typeof s === 'string') return showError(s);
  const out = byId<HTMLPreElement>('cli-out');
  out.textContent = cliCommand(s);
  out.hidden = false;
  void copy(out.textContent);
}

/** Reveals an anchor inside the results (opening the details around it) without touching the URL's fragment. */
function reveal(id: string): void {
  const el = document.getElementById(id);
  if (el === null) return;
  for (let p: HTMLElement | null = el; p !== null; p = p.parentElement)
    if (p instanceof HTMLDetailsElement) p.open = true;
  el.scrollIntoView({ block: 'center' });
}

/** The report HTML's progressive parts: copy buttons show (a click on a token opens its replay). */
function enhance(root: HTMLElement): void {
  for (const b of root.querySelectorAll<HTMLButtonElement>('button.copy')) b.hidden = false;
}

function onResultsClick(e: MouseEvent): void {
  const t = e.target instanceof Element ? e.target : null;
  const a = t?.closest('a[href^="#"]');
  if (a !== null && a !== undefined) {
    e.preventDefault();
    reveal(decodeURIComponent((a.getAttribute('href') ?? '#').slice(1)));
    return;
  }
  const rb = t?.closest<HTMLButtonElement>('button.replay');
  if (rb !== null && rb !== undefined) return replay(rb.dataset['token'] ?? '');
  const cb = t?.closest<HTMLButtonElement>('button.copy');
  if (cb !== null && cb !== undefined) return void copy(cb.parentElement?.querySelector('code')?.textContent ?? '');
  const token = t?.closest('.tok code');
  if (token !== null && token !== undefined) replay(token.textContent ?? '');
}

function applyState(s: ShareState): void {
  ui.kind.value = s.kind;
  setText(editor, s.source);
  writeVariants(s.variants);
  writeOptions(s.options);
}

function loadExample(i: number): void {
  const ex = EXAMPLES[i];
  if (ex === undefined) return;
  ui.kind.value = ex.kind;
  setText(editor, ex.source);
  writeVariants(ex.variants);
  ui.exampleDoc.textContent = `${ex.file}: ${ex.doc}`;
  ui.results.replaceChildren();
  ui.replay.hidden = true;
  showError(null);
  // The link and the CLI line of the previous test no longer apply.
  byId('share-box').hidden = true;
  byId('cli-out').hidden = true;
}

/** Opens a share link: restores the page and re-runs it (then its replay, if it carries one). */
function openFragment(fragment: string): void {
  const p = decodeShare(fragment);
  if (!p.ok) return showError(p.message);
  // A run a link starts on its own is always bounded in time (a link could carry a test that never ends).
  const o = p.state.options;
  applyState({ ...p.state, options: { ...o, timeoutMs: o.timeoutMs ?? LINK_TIMEOUT_MS } });
  ui.exampleDoc.textContent = 'opened from a link';
  const token = p.state.replay;
  run(token === null ? null : () => replay(token));
}

/** The page's fragment: a share link opens; anything else is a message (links inside the page never set one). */
function openHash(): void {
  const fragment = location.hash.slice(1);
  if (isShareFragment(fragment)) openFragment(fragment);
  else if (fragment !== '') showError('this link cannot be opened: it is not a playground link');
}

function main(): void {
  initControls();
  fillExamples(ui.examples);
  editor = createEditor(byId('editor'), '', { diagnose, onDiagnostics: listDiagnostics, onRun: () => run() });
  const first = EXAMPLES.findIndex((e) => e.kind === 'litmus');
  loadExample(first);
  ui.examples.addEventListener('change', () => {
    loadExample(Number(ui.examples.value));
    // Nor does the fragment the page was opened from: a reload shows the example.
    if (location.hash !== '') history.replaceState(null, '', location.pathname);
  });
  ui.kind.addEventListener('change', () => forceLinting(editor));
  byId<HTMLFormElement>('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  ui.stop.addEventListener('click', stop);
  byId('share').addEventListener('click', () => share(null));
  byId('cli').addEventListener('click', showCli);
  byId('replay-share').addEventListener('click', () => share(openReplay));
  byId('replay-close').addEventListener('click', () => {
    ui.replay.hidden = true;
    openReplay = null;
  });
  ui.results.addEventListener('click', onResultsClick);
  byId('replay-figure').addEventListener('click', onResultsClick);
  openHash();
  window.addEventListener('hashchange', openHash);
}

main();
