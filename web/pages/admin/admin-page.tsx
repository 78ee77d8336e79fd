/** Region administration screens (routes `/region/admin` and `/region/admin/:section`). */
export function AdminPage(props: { section?: string }) {
  return <h1>Administration {props.section ?? ''}</h1>;
}
