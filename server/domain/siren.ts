// SIREN (9 digits) and SIRET (SIREN + 5-digit establishment number) both end in a Luhn check digit (INSEE).

/** Whether a string of digits satisfies the Luhn checksum; false for anything but digits. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export const isValidSiren = (siren: string): boolean => /^\d{9}$/.test(siren) && isLuhnValid(siren);

// La Poste's establishments share SIREN 356000000 (itself Luhn-valid); their SIRETs break Luhn and instead have
// a digit sum that is a multiple of 5 (INSEE's documented exception; the head office, 356 000 000 00048, keeps Luhn).
const LA_POSTE_SIREN = '356000000';

export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN)) {
    return isLuhnValid(siret) || [...siret].reduce((sum, d) => sum + Number(d), 0) % 5 === 0;
  }
  return isLuhnValid(siret) && isLuhnValid(siret.slice(0, 9));
}
