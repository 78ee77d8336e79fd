// One profile per region the product knows (issue 12): how sentences name it, the Region's SIREN and its
// default vigilance zones. Read by the server (GET /api/v1/region, mails, migrations' defaults at start)
// and sent to the web; nothing else in the code names a region. A region without a profile still runs,
// named from its geography (« Région <name> »).
export interface RegionProfile {
  code: string;
  /** « Hauts-de-France », « Pays de la Loire » */
  name: string;
  /** Short form for headers and footers */
  shortName: string;
  /** The collectivity, as the people of the Region write it: « Région Hauts-de-France » */
  authority: string;
  /** « en Hauts-de-France », « en Pays de la Loire » */
  inRegion: string;
  /** SIREN of the regional council (INSEE's Sirene register) */
  siren: string | null;
  /**
   * The vigilance zones a new database starts with (EPCI SIRENs), which Region staff then edit. Hauts-de-France's
   * four are the roadmap's (Part 2 §2b), written into the database by migration 003; at start, another region's
   * defaults leave a database that serves this one (server/admin/region-setup.ts).
   */
  defaultZones: ReadonlyArray<{ id: string; epcis: readonly string[] }>;
}

const PROFILES: Readonly<Record<string, RegionProfile>> = {
  '32': {
    code: '32', name: 'Hauts-de-France', shortName: 'Hauts-de-France', authority: 'Région Hauts-de-France', inRegion: 'en Hauts-de-France', siren: '200053742',
    defaultZones: [
      { id: 'nord-pas-de-calais', epcis: ['246200844', '200072478', '246200380', '246201016', '200018083'] },
      { id: 'nord-est-oise', epcis: ['246000756', '246000855', '246000772', '246000749'] },
      { id: 'est-somme', epcis: ['200070985', '200037059', '200070928', '200070977', '248000747'] },
      { id: 'coeur-aisne', epcis: ['200043495', '240200469', '240200592', '240200576', '200071769', '240200501'] },
    ],
  },
  // No vigilance zone is set for Pays de la Loire: its Region staff define their own.
  '52': { code: '52', name: 'Pays de la Loire', shortName: 'Pays de la Loire', authority: 'Région Pays de la Loire', inRegion: 'en Pays de la Loire', siren: '234400034', defaultZones: [] },
};

/** Every known profile (to tell another region's defaults from this one's). */
export const REGION_PROFILES: readonly RegionProfile[] = Object.values(PROFILES);

/** The region's profile; for a region without one, a plain one from its geography's name. */
export function regionProfile(code: string, geographyName?: string): RegionProfile {
  const known = PROFILES[code];
  if (known) return known;
  const name = geographyName ?? `région ${code}`;
  return { code, name, shortName: name, authority: `Région ${name}`, inRegion: `en ${name}`, siren: null, defaultZones: [] };
}
