// The Pays de la Loire demo operators (region 52), the proof that the region is a setting: all fictional,
// named "(démo)", placed at real communes of the region. Three ACC'ESS-type support operators share the
// five départements, one DLA per département, one regional FIDESS and DASESS operator; an outreach point
// on L'Île-d'Yeu, the region's commune in no EPCI, opens in 2025.
import { branch, type DemoOperatorSpec, dla, hq, outreach } from './operators.ts';

const accessOperators: DemoOperatorSpec[] = [
  {
    id: 'ess-loire-atlantique', name: 'Coopérative ESS Loire-Atlantique (démo)', scheme: 'ACCESS', refPrefix: 'ACC-CLA', openedOn: '2015-03-02',
    departements: ['44'], epcis: [],
    sites: [
      hq('44109', 'Coopérative ESS Loire-Atlantique, siège – Nantes'),
      branch('44184', 'Coopérative ESS Loire-Atlantique, antenne de Saint-Nazaire'),
      outreach('44036', 'Permanence de Châteaubriant', '2e mardi du mois, maison de l’emploi de Châteaubriant'),
      outreach('44131', 'Permanence de Pornic', '4e jeudi du mois, mairie de Pornic', { openedOn: '2025-03-01' }),
    ],
  },
  {
    id: 'ess-anjou-maine', name: 'Incubateur Anjou-Maine (démo)', scheme: 'ACCESS', refPrefix: 'ACC-IAM', openedOn: '2012-09-03',
    departements: ['49', '53', '72'], epcis: [],
    sites: [
      hq('49007', 'Incubateur Anjou-Maine, siège – Angers'),
      branch('72181', 'Incubateur Anjou-Maine, antenne du Mans'),
      branch('53130', 'Incubateur Anjou-Maine, antenne de Laval', 'lundi et jeudi, 9 h – 17 h'),
      outreach('49099', 'Permanence de Cholet', '1er mardi du mois, pépinière d’entreprises de Cholet'),
      outreach('49328', 'Permanence de Saumur', '3e jeudi du mois, mairie de Saumur'),
      outreach('53147', 'Permanence de Mayenne', '2e vendredi du mois, France services de Mayenne'),
      outreach('72154', 'Permanence de La Flèche', '4e lundi du mois, mairie de La Flèche', { closedOn: '2024-06-30' }),
    ],
  },
  {
    id: 'ess-vendee', name: 'Fabrique ESS Vendée (démo)', scheme: 'ACCESS', refPrefix: 'ACC-FEV', openedOn: '2017-01-09',
    departements: ['85'], epcis: [],
    sites: [
      hq('85191', 'Fabrique ESS Vendée, siège – La Roche-sur-Yon'),
      branch('85194', 'Fabrique ESS Vendée, antenne des Sables-d’Olonne', 'mardi et jeudi, 9 h – 17 h'),
      outreach('85092', 'Permanence de Fontenay-le-Comte', '1er lundi du mois, mairie de Fontenay-le-Comte'),
      outreach('85047', 'Permanence de Challans', '3e mercredi du mois, maison des associations de Challans'),
      outreach('85113', 'Permanence de L’Île-d’Yeu', '1er jeudi du mois d’avril à octobre, mairie de L’Île-d’Yeu', { openedOn: '2025-04-01' }),
    ],
  },
];

const dlaOperators: DemoOperatorSpec[] = [
  dla('44', 'de la Loire-Atlantique', [
    hq('44109', 'DLA de la Loire-Atlantique, siège – Nantes'),
    branch('44184', 'DLA de la Loire-Atlantique, antenne de Saint-Nazaire', 'mardi et jeudi, 9 h – 17 h'),
    outreach('44036', 'Permanence de Châteaubriant', '3e jeudi du mois, mairie de Châteaubriant'),
  ]),
  dla('49', 'de Maine-et-Loire', [
    hq('49007', 'DLA de Maine-et-Loire, siège – Angers'),
    branch('49099', 'DLA de Maine-et-Loire, antenne de Cholet', 'lundi et mercredi, 9 h – 17 h'),
    outreach('49328', 'Permanence de Saumur', '2e lundi du mois, maison des associations de Saumur'),
  ]),
  dla('53', 'de la Mayenne', [
    hq('53130', 'DLA de la Mayenne, siège – Laval'),
    outreach('53062', 'Permanence de Château-Gontier-sur-Mayenne', '4e mardi du mois, mairie de Château-Gontier-sur-Mayenne'),
  ]),
  dla('72', 'de la Sarthe', [
    hq('72181', 'DLA de la Sarthe, siège – Le Mans'),
    outreach('72264', 'Permanence de Sablé-sur-Sarthe', '1er jeudi du mois, mairie de Sablé-sur-Sarthe'),
    outreach('72154', 'Permanence de La Flèche', '3e mardi du mois, communauté de communes du Pays Fléchois'),
  ]),
  dla('85', 'de la Vendée', [
    hq('85191', 'DLA de la Vendée, siège – La Roche-sur-Yon'),
    outreach('85128', 'Permanence de Luçon', '2e vendredi du mois, mairie de Luçon'),
    outreach('85047', 'Permanence de Challans', '4e jeudi du mois, mairie de Challans'),
  ]),
];

const regionalOperators: DemoOperatorSpec[] = [
  {
    id: 'fidess-demo', name: 'Opérateur FIDESS (démo)', scheme: 'FIDESS', refPrefix: 'FID', openedOn: '2019-01-07',
    departements: [], epcis: [],
    sites: [
      hq('44109', 'Opérateur FIDESS, siège – Nantes'),
      branch('49007', 'Opérateur FIDESS, antenne d’Angers', 'mardi et jeudi, 9 h – 17 h'),
      outreach('72181', 'Permanence du Mans', '1er lundi du mois, hôtel de Région au Mans'),
    ],
  },
  {
    id: 'dasess-demo', name: 'Opérateur DASESS (démo)', scheme: 'DASESS', refPrefix: 'DAS', openedOn: '2018-02-01',
    departements: [], epcis: [],
    sites: [
      hq('44109', 'Opérateur DASESS, siège – Nantes'),
      outreach('85191', 'Permanence de La Roche-sur-Yon', '2e jeudi du mois, maison des entreprises de La Roche-sur-Yon'),
    ],
  },
];

export const PAYS_DE_LA_LOIRE_OPERATORS: readonly DemoOperatorSpec[] = [...accessOperators, ...dlaOperators, ...regionalOperators];
