// docs/findings/I5-deferred-release.md names the command behind each of its figures: the cheap ones still run and
// succeed here, the expensive ones are part of `npm run stress` (where their figures are measured again).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from '../../src/cli/program.ts';

const DOC = 'docs/findings/I5-deferred-release.md';

interface Named {
  readonly cmd: string;
  readonly cost: 'cheap' | 'stress';
}

/** The `- \`CMD\` [cheap|stress]` lines of the Commands section. */
function commands(): Named[] {
  const text = readFileSync(DOC, 'utf8');
  const section = text.slice(text.indexOf('## Commands'));
  return [...section.matchAll(/^- `([^`]+)` \[(cheap|stress)\]/gm)].map((m) => ({
    cmd: m[1] as string,
    cost: m[2] as 'cheap' | 'stress',
  }));
}

/** Shell-like words: spaces split, single quotes group. */
function words(cmd: string): string[] {
  return [...cmd.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? (m[2] as string));
}

async function cli(argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runCli(argv, { out: () => undefined, err: (s) => (err += s), color: false, errColor: false });
  return { code, err };
}

test('findings doc: it names a command for each section, cheap and stress ones', () => {
  const named = commands();
  assert.ok(named.filter((c) => c.cost === 'cheap').length >= 4, JSON.stringify(named));
  assert.ok(named.some((c) => c.cost === 'stress' && c.cmd === 'epoll-lab judge'));
});

test('findings doc: every cheap command still runs and exits 0', async () => {
  for (const { cmd } of commands().filter((c) => c.cost === 'cheap')) {
    const [head, ...rest] = words(cmd);
    if (head === 'epoll-lab') {
      const r = await cli(rest);
      assert.equal(r.code, 0, `${cmd}: ${r.err}`);
    } else {
      const r = spawnSync(head as string, rest, { encoding: 'utf8' });
      assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
    }
  }
});

test('findings doc: every stress command is part of npm run stress', () => {
  const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts[
    'stress'
  ] as string;
  const parts = script.split('&&').map((p) => words(p.trim()));
  for (const { cmd } of commands().filter((c) => c.cost === 'stress')) {
    const [head, sub, ...rest] = words(cmd);
    if (head !== 'epoll-lab') {
      // A stress test file: run by the script's test glob.
      assert.ok(existsSync(cmd), cmd);
      assert.ok(
        parts.some(
          (p) => p.includes('--test') && p.some((w) => new RegExp(`^${w.replace(/\*/g, '[^/]*')}$`).test(cmd)),
        ),
        cmd,
      );
      continue;
    }
    const run = parts.find((p) => p[p.indexOf('src/cli/main.ts') + 1] === sub);
    assert.ok(run !== undefined, `${cmd}: no 'epoll-lab ${sub}' in npm run stress`);
    const at = run.indexOf('src/cli/main.ts') + 2;
    const dirs = run.slice(at).filter((w) => !w.startsWith('-') && !/^\d+$/.test(w));
    const flags = run.slice(at).filter((w) => w.startsWith('-') || /^\d+$/.test(w));
    assert.deepEqual(
      rest.filter((w) => w.startsWith('-') || /^\d+$/.test(w)),
      flags,
      cmd,
    );
    for (const f of rest.filter((w) => !w.startsWith('-') && !/^\d+$/.test(w)))
      assert.ok(
        dirs.some((d) => f.startsWith(d)),
        `${cmd}: ${f} is not under ${dirs.join(', ')}`,
      );
  }
});
