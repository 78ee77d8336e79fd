// How people's tables name territories that are not EPCIs; pure, shared by the server's exports and the web.

/** « Commune hors EPCI : L'Île-d'Yeu (85113) », as every table names the region's communes in no EPCI. */
export function outsideEpciLabel(communes: ReadonlyArray<{ code: string; name: string }>): string {
  const names = communes.map((c) => `${c.name} (${c.code})`).join(', ');
  return `${communes.length > 1 ? 'Communes hors EPCI' : 'Commune hors EPCI'} : ${names}`;
}
