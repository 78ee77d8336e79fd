// The report line columns: the template's French headers, the English names the API uses, and the help
// text the template and the web show. One place, so the template, the reader and the help never disagree.

export type ColumnKey =
  | 'beneficiary_ref'
  | 'siret'
  | 'beneficiary_type'
  | 'legal_form'
  | 'commune'
  | 'postcode'
  | 'commune_name'
  | 'stage'
  | 'start_date'
  | 'end_date'
  | 'jobs_consolidated_fte'
  | 'jobs_created_fte'
  | 'amount_eur'
  | 'site'
  | 'creation_date'
  | 'headcount'
  | 'difficulty_criteria'
  | 'advance_term_months'
  | 'size_band';

export interface ColumnDef {
  key: ColumnKey;
  /** Header of the template (French) */
  header: string;
  /** English name, used by the JSON API and accepted as a header */
  alias: string;
  /** Whether the column must be present in a file ('commune' may be replaced by postcode + commune name) */
  required: boolean;
  /** How an XLSX cell is read: dates accept Excel date cells and serial numbers */
  kind: 'text' | 'date' | 'number';
  /** Help text (French), shown in the template's help sheet and by the web */
  description: string;
  /** An example value (French) */
  example: string;
  /** Other headers seen in operators' own spreadsheets, also accepted */
  otherNames: string[];
  /** Only these schemes' templates offer the column (any file may still carry it) */
  schemes?: readonly string[];
}

export const COLUMNS: readonly ColumnDef[] = [
  {
    key: 'beneficiary_ref',
    header: 'ref_beneficiaire',
    alias: 'beneficiary_ref',
    required: true,
    kind: 'text',
    description:
      "Obligatoire. Votre référence pseudonyme du bénéficiaire, la même d'un trimestre à l'autre. Jamais un nom, une adresse e-mail ou un numéro de téléphone. Unique dans le fichier.",
    example: 'B-2025-014',
    otherNames: ['reference', 'ref', 'reference beneficiaire', 'ref beneficiaire', 'id beneficiaire'],
  },
  {
    key: 'siret',
    header: 'siret',
    alias: 'siret',
    required: false,
    kind: 'text',
    description:
      "Facultatif. SIRET (14 chiffres) ou SIREN (9 chiffres) de l'entreprise, clé de contrôle vérifiée ; espaces et points acceptés. Vide pour un porteur de projet. Dans Excel, formatez la colonne en Texte pour garder tous les chiffres.",
    example: '732 829 320 00074',
    otherNames: ['siren', 'siret siren', 'siren siret', 'numero siret'],
  },
  {
    key: 'beneficiary_type',
    header: 'type_beneficiaire',
    alias: 'beneficiary_type',
    required: true,
    kind: 'text',
    description:
      'Obligatoire. « porteur_projet » (une personne avec un projet de création) ou « entreprise ».',
    example: 'entreprise',
    otherNames: ['type', 'type de beneficiaire'],
  },
  {
    key: 'legal_form',
    header: 'forme_juridique',
    alias: 'legal_form',
    required: false,
    kind: 'text',
    description:
      "Facultatif. association, coopérative (SCOP, SCIC, CAE), mutuelle, fondation, société commerciale de l'ESS, ou en création.",
    example: 'association',
    otherNames: ['statut', 'statut juridique', 'forme'],
  },
  {
    key: 'commune',
    header: 'code_commune',
    alias: 'commune',
    required: true,
    kind: 'text',
    description:
      "Obligatoire, sauf si code_postal et nom_commune sont remplis. Code INSEE de la commune du bénéficiaire (5 caractères, pas le code postal) ; un code d'avant une fusion de communes est accepté.",
    example: '02691',
    otherNames: ['code insee', 'insee', 'code insee commune', 'commune code', 'code commune insee'],
  },
  {
    key: 'postcode',
    header: 'code_postal',
    alias: 'postcode',
    required: false,
    kind: 'text',
    description: 'Facultatif. Code postal, utilisé avec nom_commune quand code_commune est vide.',
    example: '02100',
    otherNames: ['cp', 'postal code', 'code postal commune'],
  },
  {
    key: 'commune_name',
    header: 'nom_commune',
    alias: 'commune_name',
    required: false,
    kind: 'text',
    description: 'Facultatif. Nom de la commune, utilisé avec code_postal quand code_commune est vide.',
    example: 'Saint-Quentin',
    otherNames: ['ville', 'nom de la commune', 'libelle commune', 'commune nom'],
  },
  {
    key: 'stage',
    header: 'stade',
    alias: 'stage',
    required: true,
    kind: 'text',
    description: 'Obligatoire. émergence, création, développement ou consolidation (ceux du dispositif).',
    example: 'création',
    otherNames: ['stade accompagnement', 'stade de developpement'],
  },
  {
    key: 'start_date',
    header: 'date_debut',
    alias: 'start_date',
    required: true,
    kind: 'date',
    description:
      "Obligatoire. Début de l'accompagnement, au plus tard le dernier jour du trimestre. Format 31/03/2025 ou 2025-03-31.",
    example: '15/01/2025',
    otherNames: ['debut', 'date de debut', 'date debut accompagnement'],
  },
  {
    key: 'end_date',
    header: 'date_fin',
    alias: 'end_date',
    required: false,
    kind: 'date',
    description:
      "Facultatif. Fin de l'accompagnement (vide s'il continue), au plus tôt le premier jour du trimestre et pas avant date_debut.",
    example: '',
    otherNames: ['fin', 'date de fin', 'date fin accompagnement'],
  },
  {
    key: 'jobs_consolidated_fte',
    header: 'emplois_consolides_etp',
    alias: 'jobs_consolidated_fte',
    required: false,
    kind: 'number',
    description:
      'Emplois consolidés en équivalents temps plein (≥ 0, décimales acceptées : 2,5). Vide = 0 ; si la colonne manque, 0 est compté pour chaque ligne (avec un avertissement).',
    example: '2,5',
    otherNames: ['emplois consolides', 'etp consolides', 'emplois consolides etp'],
  },
  {
    key: 'jobs_created_fte',
    header: 'emplois_crees_etp',
    alias: 'jobs_created_fte',
    required: false,
    kind: 'number',
    description: 'Emplois créés en équivalents temps plein (≥ 0). Vide ou colonne absente = 0.',
    example: '1',
    otherNames: ['emplois crees', 'etp crees', 'emplois crees etp'],
  },
  {
    key: 'amount_eur',
    header: 'montant_eur',
    alias: 'amount_eur',
    required: false,
    kind: 'number',
    description: "Facultatif. Montant de l'aide en euros (≥ 0) ; pour DASESS, l'avance (5 000 à 100 000 €).",
    example: '',
    otherNames: ['montant', 'montant aide', 'montant euros'],
  },
  {
    key: 'site',
    header: 'lieu',
    alias: 'site',
    required: false,
    kind: 'text',
    description:
      "Facultatif. Où l'accompagnement a lieu : l'identifiant d'un de vos sites (siège, antenne, permanence), « visite » (chez le bénéficiaire) ou « distance ».",
    example: 'visite',
    otherNames: ['lieu accompagnement', 'site id'],
  },
  {
    key: 'creation_date',
    header: 'date_creation',
    alias: 'creation_date',
    required: false,
    kind: 'date',
    description:
      "Facultatif. Date de création de l'entreprise (sert à vérifier l'âge de l'entreprise pour ACC'ESS).",
    example: '',
    otherNames: ['date de creation', 'creation', 'date creation entreprise'],
  },
  // DASESS eligibility (roadmap Part 3 §3a; issue 12): an ESS employer active for over a year, with at
  // least one employee and one of three difficulty criteria, for an advance over 12 months.
  {
    key: 'headcount',
    header: 'effectif_salaries',
    alias: 'headcount',
    required: false,
    kind: 'number',
    description: 'Facultatif (DASESS). Nombre de salariés de l’entreprise (au moins 1 pour DASESS).',
    example: '',
    otherNames: ['effectif', 'nombre de salaries', 'salaries'],
    schemes: ['DASESS'],
  },
  {
    key: 'difficulty_criteria',
    header: 'criteres_difficulte',
    alias: 'difficulty_criteria',
    required: false,
    kind: 'text',
    description:
      'Facultatif (DASESS). Les critères de difficulté qui s’appliquent, séparés par des virgules : « perte » (une perte sur l’un des trois derniers exercices), « fonds propres » (dégradation nette des fonds propres), « financement » (perte d’un financement ou d’un contrat stratégique).',
    example: '',
    otherNames: ['criteres', 'difficultes', 'criteres de difficulte'],
    schemes: ['DASESS'],
  },
  {
    key: 'advance_term_months',
    header: 'duree_avance_mois',
    alias: 'advance_term_months',
    required: false,
    kind: 'number',
    description: 'Facultatif (DASESS). Durée de l’avance en mois (12 mois pour DASESS).',
    example: '',
    otherNames: ['duree avance', 'duree en mois', 'duree'],
    schemes: ['DASESS'],
  },
  // Who is reached (issue 13): the size of the company, as the Sirene register states it.
  {
    key: 'size_band',
    header: 'tranche_effectif',
    alias: 'size_band',
    required: false,
    kind: 'text',
    description:
      'Facultatif. Tranche d’effectif salarié de l’entreprise, code INSEE du répertoire Sirene : NN (non employeuse), 00 (0 salarié), 01 (1 ou 2), 02 (3 à 5), 03 (6 à 9), 11 (10 à 19), 12 (20 à 49), 21 (50 à 99), 22 (100 à 199), 31 (200 à 249), 32 (250 à 499), 41, 42, 51, 52, 53 (500 et plus).',
    example: '',
    otherNames: ['tranche effectif', 'tranche d effectif', 'tranche effectif salarie', 'trancheeffectifsetablissement', 'tranche effectifs'],
  },
];

/** The columns a scheme's template offers: the common ones, and those made for this scheme. */
export const columnsFor = (scheme: string): readonly ColumnDef[] => COLUMNS.filter((c) => !c.schemes || c.schemes.includes(scheme));

export const COLUMN_BY_KEY: ReadonlyMap<ColumnKey, ColumnDef> = new Map(COLUMNS.map((c) => [c.key, c]));

/** Header text compared without case, accents, spaces, underscores, hyphens or punctuation. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const HEADER_INDEX: ReadonlyMap<string, ColumnKey> = (() => {
  const index = new Map<string, ColumnKey>();
  for (const column of COLUMNS) {
    for (const name of [column.header, column.alias, ...column.otherNames])
      index.set(normaliseHeader(name), column.key);
  }
  return index;
})();

/** The column a header names, if any. */
export function matchHeader(text: string): ColumnKey | undefined {
  return HEADER_INDEX.get(normaliseHeader(text));
}
