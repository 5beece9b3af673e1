// `npm start`'s table: variant columns named by the spec `--variant` accepts, widths that fit the terminal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { specHeader, tableWidths } from '../../src/commands/start.ts';
import { parseVariant } from '../../src/kernel/variant.ts';

void test('a variant column is headed by its spec, which --variant accepts once the line breaks are joined', () => {
  const head = specHeader('v7.1,item_poll_pin=sb_nouser');
  assert.ok(
    head.split('\n').every((l) => l.length <= 14),
    head,
  );
  assert.ok(parseVariant(head.replace(/\n/g, '')).ok);
});

void test('the table fits the terminal: 80, 100 and 146 columns (borders included)', () => {
  for (const width of [80, 100, 146]) {
    const w = tableWidths(7, width);
    const total = w.reduce((a, b) => a + b, 0) + w.length + 1;
    assert.ok(total <= width, `${total} > ${width}`);
  }
  assert.deepEqual(tableWidths(7, 146), [24, 16, 16, 16, 16, 16, 16, 16]);
});
