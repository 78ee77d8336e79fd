// Who is reached (issue 13): the ESS families the figures count beneficiaries by, INSEE's employee size bands
// (« tranche d'effectif salarié », as the Sirene register gives them) and the size classes they are grouped
// into (« mieux apprécier et connaître les besoins des PME et grandes entreprises de l'ESS »). Pure: read by
// the ingest, the figures and the web.

/** ESS families (the `legal_form` codes), then project holders not yet incorporated and the unstated. */
export const FAMILIES = [
  { code: 'association', label: 'Associations' },
  { code: 'cooperative', label: 'Coopératives' },
  { code: 'mutuelle', label: 'Mutuelles' },
  { code: 'fondation', label: 'Fondations' },
  { code: 'societe_commerciale_ess', label: 'Sociétés commerciales de l’ESS' },
  { code: 'en_creation', label: 'En création (porteurs de projet)' },
  { code: 'non_renseigne', label: 'Forme non renseignée' },
] as const;
export type Family = (typeof FAMILIES)[number]['code'];

export const SIZE_BANDS: ReadonlyArray<{ code: string; label: string }> = [
  { code: 'NN', label: 'unité non employeuse' },
  { code: '00', label: '0 salarié' },
  { code: '01', label: '1 ou 2 salariés' },
  { code: '02', label: '3 à 5 salariés' },
  { code: '03', label: '6 à 9 salariés' },
  { code: '11', label: '10 à 19 salariés' },
  { code: '12', label: '20 à 49 salariés' },
  { code: '21', label: '50 à 99 salariés' },
  { code: '22', label: '100 à 199 salariés' },
  { code: '31', label: '200 à 249 salariés' },
  { code: '32', label: '250 à 499 salariés' },
  { code: '41', label: '500 à 999 salariés' },
  { code: '42', label: '1 000 à 1 999 salariés' },
  { code: '51', label: '2 000 à 4 999 salariés' },
  { code: '52', label: '5 000 à 9 999 salariés' },
  { code: '53', label: '10 000 salariés et plus' },
];

export type SizeClass = 'sans_salarie' | 'tpe' | 'pme' | 'grande' | 'non_renseigne';

/** The classes of the breakdowns, in order: INSEE's bands grouped by the usual thresholds (10 and 250 employees). */
export const SIZE_CLASSES: ReadonlyArray<{ code: SizeClass; label: string }> = [
  { code: 'sans_salarie', label: 'Sans salarié' },
  { code: 'tpe', label: 'Très petites (1 à 9 salariés)' },
  { code: 'pme', label: 'PME (10 à 249 salariés)' },
  { code: 'grande', label: 'Grandes et intermédiaires (250 salariés et plus)' },
  { code: 'non_renseigne', label: 'Taille non renseignée' },
];

export function sizeClassOf(band: string | null): SizeClass {
  if (band === null || band === '') return 'non_renseigne';
  if (band === 'NN' || band === '00') return 'sans_salarie';
  if (band < '11') return 'tpe';
  if (band <= '31') return 'pme';
  return 'grande';
}
