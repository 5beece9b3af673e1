// `epoll-lab atlas`: the bug x release matrix, its replay tokens, the bugs left out, and the HTML report.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runAtlasCommand } from '../../src/commands/atlas.ts';

test('atlas command: one line per release, BUG where reproduced, tokens, the bugs not in the atlas, an HTML page', () => {
  const html = join(mkdtempSync(join(tmpdir(), 'epoll-lab-atlas-')), 'atlas.html');
  const r = runAtlasCommand({ variants: ['v6.12.38', 'v6.12.39'], html });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^release\s+E1\s+E3\s+E4\s+E5\s+E5a\s+E5b\s+E7\s*$/m);
  assert.match(r.stdout, /^v6\.12\.38\s+-\s+BUG\s+BUG\s+BUG\s+-\s+-\s+BUG\s*$/m);
  assert.match(r.stdout, /^v6\.12\.39\s+-\s+BUG\s+-\s+BUG\s+-\s+-\s+BUG\s*$/m);
  assert.match(r.stdout, /^ {2}v6\.12\.38 +epoll-lab replay el1:v6\.12\.38:/m);
  assert.match(r.stdout, /fixed by 8c2e52ebbe88 \(6\.16; stable .*6\.12\.39/);
  assert.match(r.stdout, /^ {2}E8 /m);
  assert.match(r.stdout, /14 cells agree with the version table, 0 disagree/);
  const page = readFileSync(html, 'utf8');
  assert.match(page, /E4-ep-put-under-mtx/);
  assert.match(page, /v6\.12\.39/);
});
