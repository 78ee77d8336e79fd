// Fictional company identifiers that pass the same checks as real ones (server/domain/siren.ts).
import { isLuhnValid } from '../domain/siren.ts';
import type { Random } from './random.ts';

/** The digit that makes `body + digit` Luhn-valid. */
function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (isLuhnValid(body + d)) return String(d);
  throw new Error('unreachable: one of ten digits always completes a Luhn number');
}

/** A random Luhn-valid SIREN not starting with 0. */
export function randomSiren(random: Random): string {
  let body = String(random.int(1, 9));
  for (let i = 0; i < 7; i++) body += String(random.int(0, 9));
  return body + luhnCheckDigit(body);
}

/** The SIRET of the establishment numbered `index` (1 = 0001x, the usual head office) of a SIREN. */
export function siretOf(siren: string, index = 1): string {
  const body = siren + String(index).padStart(4, '0');
  return body + luhnCheckDigit(body);
}
