/** The Region's review queue of submitted reports (route `/region/revue`). */
export function ReviewPage() {
  return <h1>Rapports à relire</h1>;
}
