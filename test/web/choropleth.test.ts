import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classify, colorFor, legendEntries, niceFloor, PALETTE, ZERO_COLOR } from '../../web/map/choropleth.ts';

const classes = suite('Map classes, colours and legend (web/map/choropleth.ts)');

classes('rounds class bounds to readable numbers', () => {
  assert.is(niceFloor(137), 100);
  assert.is(niceFloor(26), 25);
  assert.is(niceFloor(0.37), 0.25);
  assert.is(niceFloor(0), 0);
});

classes('gives zero its own class, and every value the colour of the class whose label contains it', () => {
  const values = [0, 0, 1, 2, 3, 4, 6, 9, 12, 20, 35, 60, 150];
  const result = classify(values, 'beneficiaries');
  assert.ok(result.zeroClass);
  assert.is(colorFor(0, result), ZERO_COLOR);
  const entries = legendEntries(result);
  assert.is(entries[0].label, '0');
  for (const value of values.filter((v) => v > 0)) {
    const entry = entries.find((e) => e.color === colorFor(value, result))!;
    const match = /^([\d\s ]+)(?: à ([\d\s ]+)| et plus)$/.exec(entry.label);
    assert.ok(match, `label "${entry.label}" reads as a range`);
    const low = Number(match![1].replace(/\D/g, ''));
    const high = match![2] ? Number(match![2].replace(/\D/g, '')) : Number.POSITIVE_INFINITY;
    assert.ok(value >= low && value <= high, `${value} in "${entry.label}"`);
  }
});

classes('keeps the darkest colour for the highest class, however many classes the data allows', () => {
  const few = classify([5, 5, 5, 5], 'beneficiaries');
  assert.is(few.lowers.length, 1);
  assert.is(colorFor(5, few), PALETTE[PALETTE.length - 1]);
  const many = classify([1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144], 'beneficiaries');
  assert.is(colorFor(144, many), PALETTE[PALETTE.length - 1]);
  assert.is(colorFor(1, many), PALETTE[0]);
});

classes('uses fixed quartile-like bounds for the population share, labelled in percent', () => {
  const result = classify([0, 10, 40, 80, 100], 'populationWithinDistancePct');
  assert.equal(result.lowers, [0, 25, 50, 75, 90]);
  assert.is(result.labels[0], 'de 0 % à moins de 25 %');
  assert.is(result.labels[4], '90 % et plus');
  assert.is(colorFor(100, result), PALETTE[4]);
});

classes('writes decimal bounds in French for rates', () => {
  const result = classify([0.4, 0.9, 1.3, 2.7, 4.1, 8.8], 'per10k');
  assert.ok(result.labels.some((l) => l.includes(',')), result.labels.join(' | '));
});

classes.run();
