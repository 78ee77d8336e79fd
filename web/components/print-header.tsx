// The header a printed page carries (issue 10): its title, the basis of the figures, their date and, when
// small numbers are masked, the rule. Hidden on screen, where the page title and notes say the same;
// page numbers come from the print stylesheet (@page margin boxes).
import { BASIS_LABELS, formatDateTime } from '../format.ts';
import { useAppState } from '../state.ts';

export function PrintHeader(props: { title: string; basis?: string; dataDate?: string | null; dataDateLabel?: string; details?: string; masked?: boolean }) {
  const { regionAuthority } = useAppState().server.value;
  return (
    <header class="print-only print-header">
      <p class="print-title">{props.title}</p>
      <p>
        {regionAuthority} · 
        {props.basis && <>Base : {BASIS_LABELS[props.basis] ?? props.basis} · </>}
        {props.dataDateLabel ?? 'Données du'} {formatDateTime(props.dataDate)}
        {props.details && <> · {props.details}</>}
        {props.masked && <> · secret des petits nombres appliqué</>}
      </p>
    </header>
  );
}
