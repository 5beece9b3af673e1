// A running oracle helper process: sends request lines, hands back reply values in order; one helper serves many scripts.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { buildHelper, type BuildOptions, type OracleError } from './build.ts';
import { parseReply, type Reply } from './protocol.ts';

export interface OpenOptions extends BuildOptions {
  /** A command the helper runs under, e.g. `['setpriv', '--bounding-set=-sys_admin', '--']` (tests, sandboxes). */
  readonly wrapper?: readonly string[];
}

export type OpenResult =
  { readonly ok: true; readonly helper: Helper } | { readonly ok: false; readonly error: OracleError };

export class Helper {
  private buf = '';
  private stderr = '';
  private readonly waiting: ((r: Reply) => void)[] = [];
  private gone: Reply | null = null;
  /** False once a call ran since the last reset: the next script needs a RESET first. */
  fresh = true;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (s: string) => this.onData(s));
    child.stderr.on('data', (s: string) => {
      this.stderr = (this.stderr + s).slice(-2000);
    });
    child.stdin.on('error', () => {});
    child.on('error', (e) => this.end(`the helper could not run: ${e.message}`));
    child.on('close', (code, signal) => this.end(`the helper ended (${signal ?? `status ${code}`})`));
  }

  /** Builds (if needed) and starts a helper; resolves once it has set up its sandbox. */
  static async open(opts: OpenOptions = {}): Promise<OpenResult> {
    const b = buildHelper(opts);
    if (!b.ok) return b;
    const argv = [...(opts.wrapper ?? []), b.path];
    const h = new Helper(spawn(argv[0] ?? b.path, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] }));
    const r = await h.next();
    if (r.kind === 'ready') return { ok: true, helper: h };
    h.kill();
    return { ok: false, error: replyError(r) };
  }

  private onData(s: string): void {
    this.buf += s;
    for (let nl = this.buf.indexOf('\n'); nl >= 0; nl = this.buf.indexOf('\n')) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      const r = parseReply(line);
      const w = this.waiting.shift();
      if (w !== undefined) w(r);
      if (r.kind === 'fatal') this.gone = r;
    }
  }

  private end(why: string): void {
    if (this.gone === null) {
      const err = this.stderr.trim();
      this.gone = { kind: 'fatal', code: 'EPM302', message: err === '' ? why : `${why}: ${err}` };
    }
    for (const w of this.waiting.splice(0)) w(this.gone);
  }

  private next(): Promise<Reply> {
    if (this.gone !== null) return Promise.resolve(this.gone);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Sends one request line and waits for its reply (a `fatal` value if the helper failed or is gone). */
  request(line: string): Promise<Reply> {
    if (this.gone !== null) return Promise.resolve(this.gone);
    const p = this.next();
    this.child.stdin.write(`${line}\n`);
    return p;
  }

  /** Kills every process of the last script and starts over on an empty sandbox. */
  async reset(): Promise<OracleError | null> {
    if (this.fresh) return null;
    const r = await this.request('RESET');
    if (r.kind !== 'ready') return replyError(r);
    this.fresh = true;
    return null;
  }

  /** Asks the helper to clean up and exit. */
  async close(): Promise<void> {
    if (this.gone !== null) return;
    await this.request('QUIT');
    this.child.stdin.end();
  }

  private kill(): void {
    this.child.kill('SIGKILL');
  }
}

/** The error a non-ready reply stands for. */
export function replyError(r: Reply): OracleError {
  if (r.kind === 'fatal') return { code: r.code, message: r.message };
  return { code: 'EPM302', message: `unexpected ${r.kind} answer from the helper` };
}
