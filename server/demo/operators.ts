// The Hauts-de-France demo operators (region 32; Pays de la Loire's are in operators-52.ts): who they are,
// where they work, which territory their agreement covers. ACC'ESS operators carry their real names (DOMAIN.md, agreements 2024–2026); their offices and
// territories here are plausible placements, not their actual ones. DLA, FIDESS and DASESS operators
// are fictional. Every name ends in "(démo)" and every operator is flagged is_demo.
import type { SiteKind } from '../../db/schema.ts';

export interface DemoSiteSpec {
  kind: SiteKind;
  /** Current INSEE code of a real commune of the region */
  communeCode: string;
  name: string;
  /** Free text, as operators write it ("2e mardi du mois, mairie d'Hirson") */
  schedule: string | null;
  /** Default: the operator's opening date */
  openedOn?: string;
  closedOn?: string;
}

export interface DemoOperatorSpec {
  id: string;
  name: string;
  scheme: 'ACCESS' | 'DLA' | 'FIDESS' | 'DASESS';
  /** Prefix of the operator's pseudonymous beneficiary references, e.g. 'ACC-GAL' → 'ACC-GAL-0042' */
  refPrefix: string;
  /** The agreement's territory: whole départements and/or EPCIs (SIREN); none = the whole region */
  departements: string[];
  epcis: string[];
  openedOn: string;
  sites: DemoSiteSpec[];
}

const OFFICE_HOURS = 'du lundi au vendredi, 9 h – 12 h 30 et 13 h 30 – 17 h';
export const hq = (communeCode: string, name: string): DemoSiteSpec => ({ kind: 'hq', communeCode, name, schedule: OFFICE_HOURS });
export const branch = (communeCode: string, name: string, schedule = 'du mardi au jeudi, 9 h – 17 h'): DemoSiteSpec => ({ kind: 'branch', communeCode, name, schedule });
export const outreach = (communeCode: string, name: string, schedule: string, dates: { openedOn?: string; closedOn?: string } = {}): DemoSiteSpec => ({
  kind: 'outreach', communeCode, name, schedule, ...dates,
});

const accessOperators: DemoOperatorSpec[] = [
  {
    id: 'gallee', name: 'Gallée (démo)', scheme: 'ACCESS', refPrefix: 'ACC-GAL', openedOn: '2016-09-01',
    departements: [], epcis: ['200093201', '200041960'], // Métropole Européenne de Lille, Pévèle-Carembault
    sites: [
      hq('59350', 'Gallée, siège – Lille'),
      branch('59512', 'Gallée, antenne de Roubaix'),
      outreach('59560', 'Permanence de Seclin', '1er et 3e jeudis du mois, maison de l’emploi de Seclin'),
      outreach('59017', 'Permanence d’Armentières', '2e mercredi du mois, mairie d’Armentières'),
      outreach('59449', 'Permanence d’Orchies', '4e lundi du mois, médiathèque d’Orchies', { openedOn: '2025-03-01' }),
    ],
  },
  {
    id: 'maillage', name: 'Maillage (démo)', scheme: 'ACCESS', refPrefix: 'ACC-MAI', openedOn: '2014-01-06',
    departements: [],
    // Valenciennes Métropole, Porte du Hainaut, Douaisis, Cœur d'Ostrevent, Cambrai, Caudrésis-Catésis, Pays Solesmois
    epcis: ['245901160', '200042190', '200044618', '245901152', '200068500', '200030633', '245901038'],
    sites: [
      hq('59606', 'Maillage, siège – Valenciennes'),
      branch('59178', 'Maillage, antenne de Douai'),
      outreach('59122', 'Permanence de Cambrai', 'chaque mardi matin, pépinière d’entreprises de Cambrai'),
      outreach('59172', 'Permanence de Denain', '2e et 4e vendredis du mois, mairie de Denain'),
      outreach('59139', 'Permanence de Caudry', '1er lundi du mois, France services de Caudry'),
    ],
  },
  {
    id: 'la-chambre-d-eau', name: 'La Chambre d’Eau (démo)', scheme: 'ACCESS', refPrefix: 'ACC-CHE', openedOn: '2012-05-01',
    departements: [],
    // Maubeuge Val de Sambre, Cœur de l'Avesnois, Pays de Mormal, Sud Avesnois, Thiérache du Centre, Trois Rivières, Thiérache Sambre et Oise
    epcis: ['200043396', '200043263', '200043321', '200043404', '240200444', '240200600', '200071983'],
    sites: [
      hq('59223', 'La Chambre d’Eau, siège – Le Favril'),
      branch('59392', 'La Chambre d’Eau, antenne de Maubeuge', 'lundi et jeudi, 9 h – 17 h'),
      outreach('59249', 'Permanence de Fourmies', '1er mardi du mois, mairie de Fourmies'),
      outreach('02381', 'Permanence d’Hirson', '2e mardi du mois, mairie d’Hirson'),
      outreach('59036', 'Permanence d’Avesnes-sur-Helpe', '3e jeudi du mois, maison des associations d’Avesnes-sur-Helpe'),
      outreach('02789', 'Permanence de Vervins', '4e mardi du mois, France services de Vervins', { closedOn: '2024-06-30' }),
    ],
  },
  {
    id: 'bge-hauts-de-france', name: 'BGE Hauts-de-France (démo)', scheme: 'ACCESS', refPrefix: 'ACC-BHF', openedOn: '2010-01-04',
    departements: [],
    // Béthune-Bruay, Lens-Liévin, Hénin-Carvin, CU d'Arras, Osartis-Marquion, Campagnes de l'Artois, Sud Artois, Ternois, Flandre Lys
    epcis: ['200072460', '246200364', '246200299', '200033579', '200044048', '200069482', '200035442', '200069672', '245900758'],
    sites: [
      hq('62041', 'BGE Hauts-de-France, siège – Arras'),
      branch('62498', 'BGE Hauts-de-France, antenne de Lens'),
      branch('62119', 'BGE Hauts-de-France, antenne de Béthune'),
      outreach('62427', 'Permanence d’Hénin-Beaumont', 'chaque vendredi matin, hôtel de ville d’Hénin-Beaumont'),
      outreach('62080', 'Permanence de Bapaume', '2e jeudi du mois, communauté de communes du Sud Artois'),
      outreach('62767', 'Permanence de Saint-Pol-sur-Ternoise', '3e mardi du mois, mairie de Saint-Pol-sur-Ternoise'),
    ],
  },
  {
    id: 'bge-picardie', name: 'BGE Picardie (démo)', scheme: 'ACCESS', refPrefix: 'ACC-BPI', openedOn: '2009-03-02',
    departements: ['80'],
    // and the west of the Oise: Beauvaisis, Picardie Verte, Oise Picarde, Plateau Picard
    epcis: ['200067999', '246000848', '200068005', '246000566'],
    sites: [
      hq('80021', 'BGE Picardie, siège – Amiens'),
      branch('80001', 'BGE Picardie, antenne d’Abbeville'),
      branch('60057', 'BGE Picardie, antenne de Beauvais'),
      outreach('80253', 'Permanence de Doullens', '1er mercredi du mois, mairie de Doullens'),
      outreach('80016', 'Permanence d’Albert', '2e lundi du mois, maison de l’emploi d’Albert'),
      outreach('80561', 'Permanence de Montdidier', '3e vendredi du mois, France services de Montdidier'),
      outreach('60286', 'Permanence de Grandvilliers', '4e jeudi du mois, communauté de communes de la Picardie Verte'),
    ],
  },
  {
    id: 'le-germoir', name: 'Le Germoir (démo)', scheme: 'ACCESS', refPrefix: 'ACC-GER', openedOn: '2015-10-01',
    departements: [],
    // Creil Sud Oise, Compiègne, Clermontois, Liancourtois, Senlis Sud Oise, Pays de Valois, Aire Cantilienne,
    // Pays d'Oise et d'Halatte, Thelloise, Sablons, Vexin-Thelle, Pays de Bray, Pays Noyonnais, Pays des Sources,
    // Deux Vallées, Lisières de l'Oise, Plaine d'Estrées
    epcis: [
      '200068047', '200067965', '246000376', '246000129', '200066975', '246000871', '246000764', '246000921', '200067973',
      '246000582', '246000707', '246000913', '246000756', '246000855', '246000772', '246000749', '246000897',
    ],
    sites: [
      hq('60175', 'Le Germoir, siège – Creil'),
      branch('60159', 'Le Germoir, antenne de Compiègne'),
      outreach('60395', 'Permanence de Méru', '2e mardi du mois, mairie de Méru'),
      outreach('60176', 'Permanence de Crépy-en-Valois', '1er jeudi du mois, pépinière d’entreprises de Crépy-en-Valois'),
      outreach('60157', 'Permanence de Clermont', '3e lundi du mois, mairie de Clermont'),
    ],
  },
  {
    id: 'emergences-g2', name: 'Emergences G2 (démo)', scheme: 'ACCESS', refPrefix: 'ACC-EG2', openedOn: '2017-01-02',
    departements: ['02'], epcis: [],
    sites: [
      hq('02691', 'Emergences G2, siège – Saint-Quentin'),
      branch('02722', 'Emergences G2, antenne de Soissons'),
      branch('02408', 'Emergences G2, antenne de Laon', 'lundi et mercredi, 9 h – 17 h'),
      outreach('02168', 'Permanence de Château-Thierry', '2e jeudi du mois, mairie de Château-Thierry'),
      outreach('02173', 'Permanence de Chauny', '1er vendredi du mois, France services de Chauny'),
      outreach('02810', 'Permanence de Villers-Cotterêts', '3e mardi du mois, mairie de Villers-Cotterêts'),
    ],
  },
  {
    id: 'bge-flandre-creation', name: 'BGE Flandre Création (démo)', scheme: 'ACCESS', refPrefix: 'ACC-BFC', openedOn: '2008-06-02',
    departements: [],
    // CU de Dunkerque, Hauts de Flandre, Cœur de Flandre, Flandre Lys
    epcis: ['245900428', '200040954', '200040947', '245900758'],
    sites: [
      hq('59183', 'BGE Flandre Création, siège – Dunkerque'),
      branch('59295', 'BGE Flandre Création, antenne d’Hazebrouck'),
      outreach('59273', 'Permanence de Gravelines', '1er lundi du mois, mairie de Gravelines'),
      outreach('59663', 'Permanence de Wormhout', '3e mercredi du mois, communauté de communes des Hauts de Flandre'),
    ],
  },
  {
    id: 'bge-littoral-opale', name: 'BGE Littoral Opale (démo)', scheme: 'ACCESS', refPrefix: 'ACC-BLO', openedOn: '2008-09-01',
    departements: [],
    // Grand Calais, Boulonnais, Saint-Omer, Deux Baies en Montreuillois, Terre des Deux Caps, Pays d'Opale,
    // Région d'Audruicq, Pays de Lumbres, Desvres-Samer, 7 Vallées, Haut Pays du Montreuillois
    epcis: [
      '200090751', '246200729', '200069037', '200069029', '246200380', '200072478', '246200844', '246201016',
      '200018083', '200044030', '200069235',
    ],
    sites: [
      hq('62160', 'BGE Littoral Opale, siège – Boulogne-sur-Mer'),
      branch('62193', 'BGE Littoral Opale, antenne de Calais'),
      branch('62765', 'BGE Littoral Opale, antenne de Saint-Omer', 'lundi, mardi et jeudi, 9 h – 17 h'),
      outreach('62108', 'Permanence de Berck', '2e vendredi du mois, mairie de Berck'),
      outreach('62534', 'Permanence de Lumbres', '4e mardi du mois, maison de services de Lumbres', { openedOn: '2025-09-01' }),
    ],
  },
];

export const dla = (departement: string, label: string, sites: DemoSiteSpec[]): DemoOperatorSpec => ({
  id: `dla-${departement}`,
  name: `DLA ${label} – opérateur fictif (démo)`,
  scheme: 'DLA',
  refPrefix: `DLA-${departement}`,
  departements: [departement],
  epcis: [],
  openedOn: '2013-01-02',
  sites,
});

const dlaOperators: DemoOperatorSpec[] = [
  dla('02', 'de l’Aisne', [
    hq('02408', 'DLA de l’Aisne, siège – Laon'),
    branch('02691', 'DLA de l’Aisne, antenne de Saint-Quentin', 'mardi et jeudi, 9 h – 17 h'),
    outreach('02722', 'Permanence de Soissons', '2e lundi du mois, maison des associations de Soissons'),
    outreach('02381', 'Permanence d’Hirson', '3e jeudi du mois, mairie d’Hirson'),
  ]),
  dla('59', 'du Nord', [
    hq('59350', 'DLA du Nord, siège – Lille'),
    branch('59606', 'DLA du Nord, antenne de Valenciennes'),
    branch('59183', 'DLA du Nord, antenne de Dunkerque'),
    branch('59392', 'DLA du Nord, antenne de Maubeuge', 'lundi et mardi, 9 h – 17 h'),
    outreach('59178', 'Permanence de Douai', '1er mardi du mois, Douaisis Agglo'),
    outreach('59122', 'Permanence de Cambrai', '3e vendredi du mois, mairie de Cambrai'),
  ]),
  dla('60', 'de l’Oise', [
    hq('60057', 'DLA de l’Oise, siège – Beauvais'),
    branch('60159', 'DLA de l’Oise, antenne de Compiègne', 'mercredi et jeudi, 9 h – 17 h'),
    outreach('60175', 'Permanence de Creil', '2e mardi du mois, maison de la ville de Creil'),
  ]),
  dla('62', 'du Pas-de-Calais', [
    hq('62041', 'DLA du Pas-de-Calais, siège – Arras'),
    branch('62498', 'DLA du Pas-de-Calais, antenne de Lens'),
    branch('62160', 'DLA du Pas-de-Calais, antenne de Boulogne-sur-Mer', 'lundi et jeudi, 9 h – 17 h'),
    outreach('62193', 'Permanence de Calais', '1er jeudi du mois, mairie de Calais'),
    outreach('62765', 'Permanence de Saint-Omer', '3e mardi du mois, maison des associations de Saint-Omer'),
  ]),
  dla('80', 'de la Somme', [
    hq('80021', 'DLA de la Somme, siège – Amiens'),
    outreach('80001', 'Permanence d’Abbeville', '2e mercredi du mois, mairie d’Abbeville'),
    outreach('80620', 'Permanence de Péronne', '4e jeudi du mois, communauté de communes de la Haute Somme'),
  ]),
];

const regionalOperators: DemoOperatorSpec[] = [
  {
    id: 'fidess-demo', name: 'Opérateur FIDESS (démo)', scheme: 'FIDESS', refPrefix: 'FID', openedOn: '2019-01-07',
    departements: [], epcis: [],
    sites: [
      hq('59350', 'Opérateur FIDESS, siège – Lille'),
      branch('80021', 'Opérateur FIDESS, antenne d’Amiens', 'mardi et jeudi, 9 h – 17 h'),
      outreach('62041', 'Permanence d’Arras', '1er lundi du mois, Maison de la Région à Arras'),
      outreach('02408', 'Permanence de Laon', '3e lundi du mois, Maison de la Région à Laon'),
    ],
  },
  {
    id: 'dasess-demo', name: 'Opérateur DASESS (démo)', scheme: 'DASESS', refPrefix: 'DAS', openedOn: '2018-02-01',
    departements: [], epcis: [],
    sites: [
      hq('59350', 'Opérateur DASESS, siège – Lille'),
      branch('80021', 'Opérateur DASESS, antenne d’Amiens', 'lundi et mercredi, 9 h – 17 h'),
      outreach('60159', 'Permanence de Compiègne', '2e jeudi du mois, Maison de la Région à Compiègne'),
    ],
  },
];

export const DEMO_OPERATORS: readonly DemoOperatorSpec[] = [...accessOperators, ...dlaOperators, ...regionalOperators];
