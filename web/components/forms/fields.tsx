// Form fields with their label, hint and error tied to the input (aria-describedby, aria-invalid),
// and the mapping of the API's validation answer (`details: [{field, message}]`) to those fields.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { ApiError } from '../../api.ts';
import type { Submission } from './use-submit.ts';

/**
 * Field errors of an API answer (`details: [{field, message}]`, field a dotted path), keyed by the longest
 * of `fields` each detail's field starts with ('territory' takes 'territory.epcis'); '' gathers the errors no field shows.
 */
export function fieldErrors(error: unknown, fields: readonly string[] = []): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return errors;
  for (const detail of error.details as Array<{ field?: unknown; message?: unknown }>) {
    if (typeof detail !== 'object' || detail === null) continue;
    // some answers name the field without a message of their own: the overall message says it
    const message = typeof detail.message === 'string' ? detail.message : error.message;
    const path = typeof detail.field === 'string' ? detail.field : '';
    const field = fields
      .filter((f) => path === f || path.startsWith(`${f}.`))
      .reduce((longest, f) => (f.length > longest.length ? f : longest), '');
    if (errors[field]?.includes(message)) continue;
    errors[field] = errors[field] ? `${errors[field]} ; ${message}` : message;
  }
  return errors;
}

/**
 * The form's overall error: how many fields to fix when the messages sit under them (the API's own summary
 * names fields by their keys), followed by the messages no field shows; the API's message when none maps.
 */
export function errorSummary(error: unknown, errors: Record<string, string>): string | null {
  if (!error) return null;
  const { '': elsewhere, ...shown } = errors;
  const count = Object.keys(shown).length;
  if (count === 0 && !elsewhere) return error instanceof Error ? error.message : null;
  const fix =
    count === 0
      ? ''
      : count === 1
        ? '1 champ à corriger : voir le message sous le champ.'
        : `${count} champs à corriger : voir les messages sous les champs.`;
  return [fix, elsewhere].filter(Boolean).join(' ');
}

/** What a number field sends: null when empty, so the API answers « Valeur obligatoire » instead of storing 0. */
export function numberOrNull(text: string): number | null {
  return text.trim() === '' ? null : Number(text.replace(',', '.'));
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

/** Focuses the first control of the first field showing an error in `form` (a group's first box), if any. */
function focusFirstInvalid(form: HTMLFormElement | null | undefined): void {
  const field = form?.querySelector('.field-error[id]')?.closest('.field');
  field?.querySelector<HTMLElement>('input, select, textarea')?.focus();
}

/**
 * The form's overall message after a failed or successful request, announced to screen readers. After a
 * refusal, focus moves to the first field whose message says what to fix.
 */
export function FormStatus(props: { form: Pick<Submission, 'failure' | 'summary' | 'message'> }) {
  const ref = useRef<HTMLDivElement>(null);
  const { failure, summary, message } = props.form;
  // In the commit that draws the messages, not a frame later: a reader already typing in a field by then
  // would have the next keystrokes land in the field focus jumped to.
  useLayoutEffect(() => {
    if (failure) focusFirstInvalid(ref.current?.closest('form'));
  }, [failure]);
  return (
    <div role="status" aria-live="polite" ref={ref}>
      {summary && <p class="result-error">{summary}</p>}
      {message && <p class="result-ok">{message}</p>}
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
