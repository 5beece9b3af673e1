// Playground: the CodeMirror 6 editor — a stream mode for litmus tests and scripts, and the parser's diagnostics.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import {
  defaultHighlightStyle,
  StreamLanguage,
  syntaxHighlighting,
  type StreamParser,
  type StringStream,
} from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Text } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import type { ScriptError } from '../../src/script/errors.ts';

/** Litmus-file words (docs/litmus.md) that start a block or a clause. */
const KEYWORDS = new Set([
  'litmus',
  'doc',
  'bad',
  'init',
  'thread',
  'in',
  'irq',
  'exists',
  'forall',
  'expect',
  'never',
  'clean',
  'violation',
  'all',
  'NULL',
]);

/** The mode: comments, keywords, calls (a word before `(`), flags (upper case), numbers, strings, operators. */
export const litmusMode: StreamParser<null> = {
  name: 'litmus',
  startState: () => null,
  token(stream: StringStream): string | null {
    if (stream.eatSpace()) return null;
    if (stream.peek() === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
    if (stream.match(/^-?(?:0x[0-9a-fA-F]+|[0-9]+)\b/)) return 'number';
    if (stream.match(/^(?:\/\\|\\\/|==|!=|<=|>=|~|[<>|=:])/)) return 'operator';
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_.-]*/);
    if (word !== null && word !== true && word !== false) {
      const w = word[0];
      if (KEYWORDS.has(w)) return 'keyword';
      if (/^[A-Z][A-Z0-9_]+$/.test(w)) return 'atom';
      if (stream.peek() === '(') return 'variableName.function';
      return 'variableName';
    }
    stream.next();
    return null;
  },
};

/**
 * The document range of a parser error at 1-based line:col: from the column to the end of the line (a column at or
 * past the end, e.g. a missing `)`, underlines the line's last character).
 */
export function errorRange(doc: Text, e: Pick<ScriptError, 'line' | 'col'>): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(e.line, 1), doc.lines));
  const from = Math.min(line.from + Math.max(e.col - 1, 0), line.to);
  return { from: from === line.to && line.to > line.from ? line.to - 1 : from, to: line.to };
}

export interface EditorHooks {
  /** The parser's errors for the current text (the page parses on its own thread: it is fast). */
  readonly diagnose: (source: string) => readonly ScriptError[];
  /** Called with the errors after each lint pass (the page lists them under the editor). */
  readonly onDiagnostics: (errors: readonly ScriptError[]) => void;
  /** Ctrl-Enter. */
  readonly onRun: () => void;
}

/** Sizes and fonts; inside the shadow root the page's stylesheets do not apply. */
const theme = EditorView.theme({
  '&': { minHeight: '320px', fontSize: '13px', backgroundColor: '#fff' },
  '.cm-content, .cm-gutters': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace' },
  '.cm-scroller': { minHeight: '320px' },
});

/**
 * The editor, in a shadow root under `host`: CodeMirror then styles it through constructed stylesheets
 * (adoptedStyleSheets) instead of a <style> element, which the page's CSP (`default-src 'self'`) would block.
 */
export function createEditor(host: HTMLElement, doc: string, hooks: EditorHooks): EditorView {
  const parent = host.attachShadow({ mode: 'open' });
  const lint = linter(
    (view): Diagnostic[] => {
      const errors = hooks.diagnose(view.state.doc.toString());
      hooks.onDiagnostics(errors);
      return errors.map((e) => ({
        ...errorRange(view.state.doc, e),
        severity: 'error',
        source: e.code,
        message: `${e.code} ${e.message}`,
      }));
    },
    { delay: 250 },
  );
  const run = { key: 'Mod-Enter', run: (): boolean => (hooks.onRun(), true) };
  return new EditorView({
    parent,
    root: parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        keymap.of([run, ...defaultKeymap, ...historyKeymap]),
        StreamLanguage.define(litmusMode),
        syntaxHighlighting(defaultHighlightStyle),
        lintGutter(),
        lint,
        EditorView.lineWrapping,
        theme,
      ],
    }),
  });
}

/** Replaces the whole text. */
export function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
