// Loading, error and empty states: announced to screen readers, worded in French.
import type { ComponentChildren } from 'preact';
import { errorText } from '../api.ts';

export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? 'Chargement…'}
    </p>
  );
}

export function ErrorMessage(props: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <div class="error-message" role="alert">
      <p>
        <strong>{props.title ?? 'Erreur'} :</strong> {errorText(props.error)}
      </p>
      {props.onRetry && (
        <button type="button" class="button secondary" onClick={props.onRetry}>
          Réessayer
        </button>
      )}
    </div>
  );
}

export function EmptyState(props: { children: ComponentChildren }) {
  return <p class="empty-state">{props.children}</p>;
}
