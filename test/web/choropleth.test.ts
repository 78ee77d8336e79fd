import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classify, colorFor, EPCI_OUTLINE, legendEntries, niceFloor, PALETTE, ZERO_COLOR } from '../../web/map/choropleth.ts';

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

const Contrast = suite('legend classes people can tell apart (issue 9)');

/** WCAG relative luminance and contrast ratio of two '#rrggbb' colours. */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

Contrast('every class fill is outlined at 3:1 or more against the white page', () => {
  assert.ok(contrast(EPCI_OUTLINE, '#ffffff') >= 3, `outline ${contrast(EPCI_OUTLINE, '#ffffff').toFixed(2)}:1`);
});

Contrast('neighbouring classes, the zero class included, differ by at least 1.2:1', () => {
  const classes = [ZERO_COLOR, ...PALETTE];
  for (let i = 1; i < classes.length; i++) {
    const ratio = contrast(classes[i - 1], classes[i]);
    assert.ok(ratio >= 1.2, `${classes[i - 1]} / ${classes[i]}: ${ratio.toFixed(2)}:1`);
  }
});

Contrast.run();
