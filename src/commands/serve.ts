// `epoll-lab serve [--port P]`: builds the playground if needed and serves site/ on 127.0.0.1 (node:http only).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { DEFAULT_PORT } from './serve-port.ts';
import { buildSite, formatBuild, PAGE_CSP, SITE_DIR, siteStale } from '../playground/build.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The page's policy as a header, which can also forbid framing (a meta tag cannot). */
export const SITE_CSP = `${PAGE_CSP}; frame-ancestors 'none'`;

export interface RunningSite {
  readonly url: string;
  close(): Promise<void>;
}

/** The file under `dir` a request path names, or null (outside the site, or not a file type it serves). */
export function sitePath(dir: string, urlPath: string): string | null {
  let p: string;
  try {
    p = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (p.endsWith('/')) p += 'index.html';
  const file = normalize(join(dir, p));
  if (!file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return null;
  return TYPES[extname(file)] === undefined ? null : file;
}

/** Serves the files of `dir` on 127.0.0.1 (port 0: any free port). */
export async function startSite(dir: string = SITE_DIR, port: number = DEFAULT_PORT): Promise<RunningSite> {
  const server: Server = createServer((req, res) => {
    const file = req.method === 'GET' || req.method === 'HEAD' ? sitePath(dir, req.url ?? '/') : null;
    const fail = (code: number, text: string): void => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    };
    if (file === null) return fail(404, 'not found\n');
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': SITE_CSP,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => fail(404, 'not found\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Builds site/ when it is missing or older than its sources; returns the build's size lines, or '' if up to date. */
export async function ensureSite(dir: string = SITE_DIR): Promise<string> {
  if (!siteStale(dir)) return '';
  return formatBuild(await buildSite(dir));
}

/** The command: build if needed, serve until interrupted. A bad port or a port in use is a message (exit 2). */
export async function serveCommand(
  flags: { readonly port?: string },
  io: { out(s: string): void; err(s: string): void },
): Promise<number> {
  const port = flags.port === undefined ? DEFAULT_PORT : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`epoll-lab serve: EPM160 --port takes an integer 0-65535, not '${flags.port ?? ''}'\n`);
    return 2;
  }
  try {
    const built = await ensureSite();
    if (built !== '') io.out(`${built}\n`);
    const site = await startSite(SITE_DIR, port);
    io.out(`playground: ${site.url} (127.0.0.1 only; Ctrl-C stops)\n`);
    return 0;
  } catch (e) {
    io.err(`epoll-lab serve: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
