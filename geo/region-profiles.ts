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
}

const PROFILES: Readonly<Record<string, RegionProfile>> = {
  '32': { code: '32', name: 'Hauts-de-France', shortName: 'Hauts-de-France', authority: 'Région Hauts-de-France', inRegion: 'en Hauts-de-France', siren: '200053742' },
  '52': { code: '52', name: 'Pays de la Loire', shortName: 'Pays de la Loire', authority: 'Région Pays de la Loire', inRegion: 'en Pays de la Loire', siren: '234400034' },
};

/** The region's profile; for a region without one, a plain one from its geography's name. */
export function regionProfile(code: string, geographyName?: string): RegionProfile {
  const known = PROFILES[code];
  if (known) return known;
  const name = geographyName ?? `région ${code}`;
  return { code, name, shortName: name, authority: `Région ${name}`, inRegion: `en ${name}`, siren: null };
}
