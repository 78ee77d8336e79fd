// The workflow buttons a user may use now (the server says which): submit (after a confirmation),
// and for the Region validate, return with a required comment, reopen with a required reason.
// On success the page announces the result and takes focus there; a failure is focused here, and closing
// a panel gives focus back to the button that opened it.
import { useRef, useState } from 'preact/hooks';
import { api, errorText } from '../../api.ts';
import type { Role } from '../../state.ts';
import { focusById, focusSoon } from '../../focus.ts';
import type { ReportAction } from './report-model.ts';

interface Props {
  /** API path of the report */
  path: string;
  actions: ReportAction[];
  /** "ACC’ESS T1 2025", for the confirmation text */
  title: string;
  /** The Region submits on behalf of the operator: the confirmation says so */
  role: Role;
  /** Warnings of the current revision: validating them asks the reviewer to say they read them */
  warningCount: number;
  onDone: (message: string) => void;
}

type Open = 'submit' | 'validate' | 'return' | 'reopen' | null;

const VALIDATED = 'Rapport validé : il compte désormais dans les chiffres officiels.';

const openerId = (action: Exclude<Open, null>) => `action-${action}`;

/** A confirmation form's buttons: submit, and « Annuler » that closes the panel. */
function FormButtons(props: { label: string; busy: boolean; onCancel: () => void }) {
  return (
    <div class="form-actions">
      <button type="submit" class="button" disabled={props.busy}>
        {props.label}
      </button>
      <button type="button" class="button secondary" onClick={props.onCancel}>
        Annuler
      </button>
    </div>
  );
}

export function WorkflowActions(props: Props) {
  const [open, setOpen] = useState<Open>(null);
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [warningsRead, setWarningsRead] = useState(false);
  const failureText = useRef<HTMLParagraphElement>(null);

  if (props.actions.length === 0) return null;

  async function run(action: ReportAction, body: unknown, done: string) {
    setBusy(true);
    setFailure(null);
    try {
      await api.post(`${props.path}/${action}`, body);
      setOpen(null);
      setText('');
      props.onDone(done);
    } catch (error) {
      setFailure(errorText(error));
      // the button pressed was disabled while busy, and focus with it
      focusSoon(() => failureText.current);
    } finally {
      setBusy(false);
    }
  }

  function toggle(which: Open) {
    setOpen((current) => (current === which ? null : which));
    setText('');
    setFieldError(null);
    setFailure(null);
    setWarningsRead(false);
  }

  /** "Annuler": the panel goes, focus returns to the button that opened it. */
  function close() {
    const was = open;
    toggle(null);
    if (was) focusById(openerId(was));
  }

  function commentForm(action: 'return' | 'reopen') {
    const id = `${action}-text`;
    const label = action === 'return' ? 'Commentaire pour l’opérateur (obligatoire)' : 'Motif de la réouverture (obligatoire)';
    const hint =
      action === 'return'
        ? 'Dites précisément ce qui doit être corrigé : l’opérateur le lira sur la page du rapport.'
        : 'Le rapport redevient un brouillon et sort des chiffres officiels ; l’opérateur lira ce motif.';
    return (
      <form
        class="confirm-panel"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) {
            setFieldError(action === 'return' ? 'Écrivez un commentaire pour renvoyer le rapport.' : 'Écrivez le motif de la réouverture.');
            document.getElementById(id)?.focus();
            return;
          }
          if (action === 'return') void run('return', { comment: text.trim() }, 'Rapport renvoyé à l’opérateur avec votre commentaire.');
          else void run('reopen', { reason: text.trim() }, 'Rapport rouvert : il est de nouveau en brouillon.');
        }}
      >
        <div class="field">
          <label for={id}>{label}</label>
          <span class="hint" id={`${id}-hint`}>
            {hint}
          </span>
          <textarea
            id={id}
            required
            value={text}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${id}-hint ${id}-error` : `${id}-hint`}
            onInput={(e) => {
              setText((e.currentTarget as HTMLTextAreaElement).value);
              setFieldError(null);
            }}
          />
          {fieldError && (
            <span id={`${id}-error`} class="field-error">
              {fieldError}
            </span>
          )}
        </div>
        <FormButtons label={action === 'return' ? 'Renvoyer avec ce commentaire' : 'Rouvrir le rapport'} busy={busy} onCancel={close} />
      </form>
    );
  }

  return (
    <section class="report-section" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <div class="form-actions">
        {props.actions.includes('submit') && (
          <button id={openerId('submit')} type="button" class="button" aria-expanded={open === 'submit'} onClick={() => toggle('submit')}>
            Soumettre à la Région
          </button>
        )}
        {props.actions.includes('validate') &&
          (props.warningCount > 0 ? (
            <button id={openerId('validate')} type="button" class="button" aria-expanded={open === 'validate'} onClick={() => toggle('validate')}>
              Valider le rapport…
            </button>
          ) : (
            <button type="button" class="button" disabled={busy} onClick={() => run('validate', undefined, VALIDATED)}>
              Valider le rapport
            </button>
          ))}
        {props.actions.includes('return') && (
          <button id={openerId('return')} type="button" class="button secondary" aria-expanded={open === 'return'} onClick={() => toggle('return')}>
            Renvoyer avec un commentaire
          </button>
        )}
        {props.actions.includes('reopen') && (
          <button id={openerId('reopen')} type="button" class="button secondary" aria-expanded={open === 'reopen'} onClick={() => toggle('reopen')}>
            Rouvrir
          </button>
        )}
      </div>
      {open === 'submit' && (
        <div class="confirm-panel">
          <p id="submit-confirm-text">
            {props.role === 'region'
              ? `Soumettre le rapport ${props.title} au nom de l’opérateur ? Il ne pourra plus être modifié, sauf s’il est renvoyé à l’opérateur.`
              : `Soumettre le rapport ${props.title} à la Région ? Vous ne pourrez plus le modifier, sauf si la Région vous le renvoie.`}
          </p>
          <div class="form-actions">
            <button type="button" class="button" disabled={busy} onClick={() => run('submit', {}, 'Rapport soumis à la Région.')}>
              Confirmer la soumission
            </button>
            <button type="button" class="button secondary" onClick={close}>
              Annuler
            </button>
          </div>
        </div>
      )}
      {open === 'validate' && (
        <form
          class="confirm-panel"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!warningsRead) {
              setFieldError('Cochez la case après avoir lu les avertissements, ou renvoyez le rapport à l’opérateur.');
              document.getElementById('warnings-read')?.focus();
              return;
            }
            void run('validate', undefined, VALIDATED);
          }}
        >
          <p id="validate-confirm-text">
            Cette révision porte {props.warningCount} avertissement{props.warningCount > 1 ? 's' : ''} (la liste « avertissements sur la
            révision courante » plus bas sur cette page) : valider le rapport le fait compter tel quel dans les chiffres officiels.
          </p>
          <div class="field checkbox">
            <input
              id="warnings-read"
              type="checkbox"
              checked={warningsRead}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? 'validate-confirm-text warnings-read-error' : 'validate-confirm-text'}
              onChange={(e) => {
                setWarningsRead(e.currentTarget.checked);
                setFieldError(null);
              }}
            />
            <label for="warnings-read">
              {props.warningCount > 1 ? `J’ai lu les ${props.warningCount} avertissements de cette révision` : 'J’ai lu l’avertissement de cette révision'}
            </label>
            {fieldError && (
              <span id="warnings-read-error" class="field-error">
                {fieldError}
              </span>
            )}
          </div>
          <FormButtons label="Confirmer la validation" busy={busy} onCancel={close} />
        </form>
      )}
      {open === 'return' && commentForm('return')}
      {open === 'reopen' && commentForm('reopen')}
      {failure && (
        <p class="result-error" role="alert" tabIndex={-1} ref={failureText}>
          {failure}
        </p>
      )}
    </section>
  );
}
