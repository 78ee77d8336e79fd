/**
 * Counting rule 2 (DOMAIN.md): a beneficiary with a SIREN (given, or the first 9 digits of its SIRET)
 * is that SIREN across operators and schemes; otherwise it is the operator's own pseudonymous reference.
 * Stored in report_lines.identity so that every figure counts distinct identities the same way.
 */
export function beneficiaryIdentity(operatorId: string, siren: string | null, beneficiaryRef: string): string {
  return siren ? `siren:${siren}` : `ref:${operatorId}:${beneficiaryRef}`;
}
