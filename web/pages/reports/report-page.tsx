/** One report (route `/rapports/:operator/:scheme/:period`), for its operator and for Region review. */
export function ReportPage(props: { operator: string; scheme: string; period: string }) {
  return (
    <h1>
      Rapport {props.scheme} {props.period}
    </h1>
  );
}
