/** "Mes rapports": the calendar of an operator's expected reports (route `/rapports`). */
export function MyReportsPage() {
  return <h1>Mes rapports</h1>;
}
