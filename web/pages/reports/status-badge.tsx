// A report's status as a text badge (the colour only repeats what the words say), plus the late flag.
import { type DisplayStatus, STATUS_LABELS } from './report-model.ts';

export function StatusBadge(props: { status: DisplayStatus }) {
  return <span class={`status-badge status-${props.status}`}>{STATUS_LABELS[props.status]}</span>;
}

export function LateFlag(props: { late: boolean }) {
  if (!props.late) return null;
  return (
    <span class="late-flag">
      <span aria-hidden="true">⚠ </span>en retard
    </span>
  );
}
