// Form fields with their label, hint and error tied to the input (aria-describedby, aria-invalid),
// and the mapping of the API's validation answer (`details: [{path, message}]`) to those fields.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../../api.ts';

/** Field errors of an API answer, by the first segment of each detail's path ('' for the whole form). */
export function fieldErrors(error: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return errors;
  for (const detail of error.details as Array<{ path?: unknown; field?: unknown; message?: unknown }>) {
    if (typeof detail !== 'object' || detail === null) continue;
    // some answers name the field without a message of their own: the overall message says it
    const message = typeof detail.message === 'string' ? detail.message : error.message;
    const path = typeof detail.path === 'string' ? detail.path : typeof detail.field === 'string' ? detail.field : '';
    const field = path.split('.')[0] ?? '';
    if (errors[field]?.includes(message)) continue;
    errors[field] = errors[field] ? `${errors[field]} ; ${message}` : message;
  }
  return errors;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface BaseProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

function Frame(props: BaseProps & { children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.id}>
        {props.label}
        {props.required ? ' (obligatoire)' : ''}
      </label>
      {props.hint && (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.children}
      {props.error && (
        <span class="field-error" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
    </div>
  );
}

export function TextField(
  props: BaseProps & {
    value: string;
    onInput: (value: string) => void;
    type?: 'text' | 'email' | 'password' | 'number' | 'date';
    autocomplete?: string;
    multiline?: boolean;
  },
) {
  const common = {
    id: props.id,
    value: props.value,
    required: props.required,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy(props.id, props.hint, props.error),
    onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <Frame {...props}>
      {props.multiline ? (
        <textarea {...common} />
      ) : (
        // the cast narrows Preact 11's per-type input union: every type listed in Props takes these attributes
        <input {...common} type={(props.type ?? 'text') as 'text'} autocomplete={props.autocomplete as 'off' | undefined} />
      )}
    </Frame>
  );
}

export function SelectField(props: BaseProps & { value: string; onChange: (value: string) => void; options: Array<{ value: string; label: string }> }) {
  return (
    <Frame {...props}>
      <select
        id={props.id}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A group of checkboxes in a fieldset; the legend names the group, each box its option. */
export function CheckboxGroup(
  props: { id: string; legend: string; hint?: string; error?: string; options: Array<{ value: string; label: string }>; values: string[]; onChange: (values: string[]) => void },
) {
  return (
    <fieldset class="field" id={props.id} aria-describedby={describedBy(props.id, props.hint, props.error)}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      <div class="checkbox-list">
        {props.options.map((o) => (
          <label key={o.value}>
            <input
              type="checkbox"
              checked={props.values.includes(o.value)}
              onChange={(e) =>
                props.onChange(
                  (e.currentTarget as HTMLInputElement).checked ? [...props.values, o.value] : props.values.filter((v) => v !== o.value),
                )
              }
            />{' '}
            {o.label}
          </label>
        ))}
      </div>
      {props.error && (
        <span class="field-error" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
    </fieldset>
  );
}

/** The form's overall message after a failed or successful request, announced to screen readers. */
export function FormStatus(props: { error?: unknown; message?: string | null }) {
  return (
    <div role="status" aria-live="polite">
      {props.error instanceof Error && (
        <p class="result-error">
          {props.error.message}
        </p>
      )}
      {props.message && <p class="result-ok">{props.message}</p>}
    </div>
  );
}

/**
 * The buttons of a create-or-edit form: submit, labelled for what it does, and « Annuler la modification »
 * while an existing item is being edited (`onCancelEdit` given).
 */
export function SubmitButtons(props: { busy: boolean; label: string; onCancelEdit?: (() => void) | null }) {
  return (
    <div class="form-actions">
      <button type="submit" class="button" disabled={props.busy}>
        {props.label}
      </button>
      {props.onCancelEdit && (
        <button type="button" class="button secondary" onClick={props.onCancelEdit}>
          Annuler la modification
        </button>
      )}
    </div>
  );
}

/** Moves focus to the title of the form an « Modifier » button just filled (a heading with tabIndex -1). */
export function focusFormTitle(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
