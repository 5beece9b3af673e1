// Playground: the page's side of a model worker — requests with ids, replies routed back, Stop as terminate.
import type { Request, Response } from '../protocol.ts';

type Handler = (r: Response) => void;
type Body = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

/**
 * One Web Worker running web/worker.ts. The explorer is synchronous inside it, so Stop terminates the worker and
 * starts a fresh one: the page never waits for a run to notice.
 */
export class ModelWorker {
  private worker: Worker;
  private next = 1;
  private readonly handlers = new Map<number, Handler>();

  constructor(private readonly onCrash: (message: string) => void) {
    this.worker = this.start();
  }

  private start(): Worker {
    const w = new Worker(new URL('worker.js', document.baseURI), { type: 'module', name: 'epoll-lab model' });
    w.onmessage = (e: MessageEvent<Response>): void => {
      const h = this.handlers.get(e.data.id);
      if (h === undefined) return;
      if (e.data.type !== 'progress') this.handlers.delete(e.data.id);
      h(e.data);
    };
    w.onerror = (e: ErrorEvent): void => {
      e.preventDefault();
      this.handlers.clear();
      this.onCrash(`the model worker failed: ${e.message}`);
    };
    return w;
  }

  /** Sends a request; `h` gets its progress messages and then its one final reply. */
  request(body: Body, h: Handler): number {
    const id = this.next++;
    this.handlers.set(id, h);
    this.worker.postMessage({ ...body, id } as Request);
    return id;
  }

  /** Is a request waiting for its reply? */
  get busy(): boolean {
    return this.handlers.size > 0;
  }

  /** Abandons every request: the worker is terminated mid-run and replaced. */
  stop(): void {
    this.worker.terminate();
    this.handlers.clear();
    this.worker = this.start();
  }
}
