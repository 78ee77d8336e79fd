// French number formats of the pages (web/format.ts).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatPct } from '../../web/format.ts';

const Pct = suite('formatPct');

Pct('rounds to the digits asked, but never to 100 % for less than all nor 0 % for more than none', () => {
  assert.is(formatPct(45.6), '46 %');
  assert.is(formatPct(99.84), '99,8 %');
  assert.is(formatPct(0.02), '0,02 %');
  assert.is(formatPct(100), '100 %');
  assert.is(formatPct(0), '0 %');
  assert.is(formatPct(null), '—');
});

Pct.run();
