// The four zones the roadmap (Part 2 §2b) names as having fewer ESS companies. The demo makes beneficiaries
// scarcer there. Seeding reads the zones stored in vigilance_zones (migration 003's defaults, which Region
// staff may edit); this copy of those defaults serves the pure generator when no database is at hand.
export const DEMO_THIN_ZONES: Readonly<Record<string, readonly string[]>> = {
  'nord-pas-de-calais': ['246200844', '200072478', '246200380', '246201016', '200018083'],
  'nord-est-oise': ['246000756', '246000855', '246000772', '246000749'],
  'est-somme': ['200070985', '200037059', '200070928', '200070977', '248000747'],
  'coeur-aisne': ['200043495', '240200469', '240200592', '240200576', '200071769', '240200501'],
};

export const DEMO_THIN_ZONE_EPCIS: ReadonlySet<string> = new Set(Object.values(DEMO_THIN_ZONES).flat());
