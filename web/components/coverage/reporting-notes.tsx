// What a reader must know before comparing figures (issue 10): years of the cohort still being reported,
// and the secrecy of small numbers when it masks some of them.
import type { Coverage } from './types.ts';

export function ReportingNotes(props: { coverage: Coverage | null | undefined }) {
  const coverage = props.coverage;
  if (!coverage) return null;
  const partial = coverage.reporting && !coverage.reporting.complete && !coverage.reporting.noDataYet ? coverage.reporting.label : null;
  if (!partial && !coverage.disclosure) return null;
  return (
    <div class="reporting-notes">
      {partial && (
        <p class="note partial-year">
          <strong>Chiffres partiels</strong> — {partial}.
        </p>
      )}
      {coverage.disclosure && <p class="note disclosure-note">{coverage.disclosure.rule}</p>}
    </div>
  );
}
