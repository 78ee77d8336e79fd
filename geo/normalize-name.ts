/**
 * Normalises a commune name for comparison: case, accents, ligatures, hyphens, apostrophes and spaces ignored,
 * and the abbreviations St / Ste read as Saint / Sainte ("ST-OMER" = "Saint-Omer", "L'Orée" = "loree").
 * @returns the name as a run of lowercase letters and digits
 */
export function normalizeName(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => (word === 'st' ? 'saint' : word === 'ste' ? 'sainte' : word));
  return words.join('');
}
