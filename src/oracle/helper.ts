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
  private child!: ChildProcessWithoutNullStreams;
  /** False once a call ran since the last reset: the next script needs a RESET first. */
  fresh = true;
  /** How many times a helper that died was started again (by `reset`). */
  restarts = 0;

  private constructor(private readonly argv: readonly string[]) {
    this.start();
  }

  private start(): void {
    const child = spawn(this.argv[0] as string, this.argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.buf = '';
    this.stderr = '';
    this.gone = null;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    // A killed predecessor's last events must not touch its successor.
    const mine = (): boolean => this.child === child;
    child.stdout.on('data', (s: string) => {
      if (mine()) this.onData(s);
    });
    child.stderr.on('data', (s: string) => {
      if (mine()) this.stderr = (this.stderr + s).slice(-2000);
    });
    child.stdin.on('error', () => {});
    child.on('error', (e) => {
      if (mine()) this.end(`the helper could not run: ${e.message}`);
    });
    child.on('close', (code, signal) => {
      if (mine()) this.end(`the helper ended (${signal ?? `status ${code}`})`);
    });
  }

  /** Builds (if needed) and starts a helper; resolves once it has set up its sandbox. */
  static async open(opts: OpenOptions = {}): Promise<OpenResult> {
    const b = buildHelper(opts);
    if (!b.ok) return b;
    const h = new Helper([...(opts.wrapper ?? []), b.path]);
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

  /**
   * Kills every process of the last script and starts over on an empty sandbox. A helper that died (EPM302 in the
   * last script) is started again, so one failure does not fail every later script.
   */
  async reset(): Promise<OracleError | null> {
    if (this.gone !== null && this.gone.kind === 'fatal' && this.gone.code === 'EPM302') {
      this.kill();
      this.start();
      this.restarts++;
      const r = await this.next();
      if (r.kind !== 'ready') return replyError(r);
      this.fresh = true;
      return null;
    }
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
