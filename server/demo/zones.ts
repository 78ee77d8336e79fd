// The four zones the roadmap (Part 2 §2b) names as having fewer ESS companies, approximated by EPCIs so the
// demo data can be thinner there. This is the demo generator's own reading, used only to weight where
// demo beneficiaries live; the editable zones the figures use are stored in vigilance_zones.
export const DEMO_THIN_ZONES: Readonly<Record<string, readonly string[]>> = {
  // Inland north of the Pas-de-Calais, between the coastal towns and Saint-Omer
  'nord-pas-de-calais': ['200072478', '246200380', '246200844', '246201016', '200018083'],
  // Noyonnais, Pays des Sources, Deux Vallées, Lisières de l'Oise
  'nord-est-oise': ['246000756', '246000855', '246000772', '246000749'],
  // Est de la Somme, Haute Somme, Terre de Picardie, Grand Roye
  'est-somme': ['200070985', '200037059', '200070928', '200070977'],
  // Around Laon, without its agglomeration: Chemin des Dames, Champagne Picarde, Pays de la Serre,
  // Picardie des Châteaux, Portes de la Thiérache
  'coeur-aisne': ['240200592', '240200576', '240200469', '200071769', '240200634'],
};

export const DEMO_THIN_ZONE_EPCIS: ReadonlySet<string> = new Set(Object.values(DEMO_THIN_ZONES).flat());
