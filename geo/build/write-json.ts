/**
 * JSON with one array item per line, so that a rebuild's git diff shows which commune or EPCI changed.
 * @returns the text, `head`'s keys first then each array
 */
export function writeJsonLines(head: Record<string, unknown>, arrays: Record<string, unknown[]>): string {
  const headText = JSON.stringify(head).slice(1, -1);
  const arrayTexts = Object.entries(arrays).map(
    ([key, items]) => `${JSON.stringify(key)}:[\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]`,
  );
  return `{${[headText, ...arrayTexts].filter(Boolean).join(',\n')}}\n`;
}
