// "Aucun bénéficiaire ce trimestre": the deliberate declaration of a quarter without any beneficiary,
// kept apart from the upload so that nobody files an empty report by accident. A button opens an on-page
// confirmation (like the submit one); confirming stores a 0-line draft revision that the operator then submits.
// The Region may file it on the operator's behalf (the API lets it upload any operator's lines): the text says so.
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../api.ts';
import { useAppState } from '../../state.ts';
import { focusSoon } from '../../focus.ts';
import { DECLARE_EMPTY_BODY } from './report-model.ts';
import { type Accepted, sendLines } from './send-lines.ts';

interface Props {
  /** API path of the report's lines */
  linesPath: string;
  /** "ACC’ESS T1 2025", for the confirmation text */
  title: string;
  /** Lines of the current revision, which the declaration replaces (0 before a first upload) */
  currentLines: number;
  /** The operator's name when the Region declares for it; absent for the operator itself */
  onBehalfOf?: string;
  onDeclared: (result: Accepted) => void;
}

export function DeclareEmpty(props: Props) {
  const state = useAppState();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const explanation = useRef<HTMLParagraphElement>(null);
  const failureText = useRef<HTMLParagraphElement>(null);
  const operator = props.onBehalfOf;

  // Keyboard and screen-reader users land on the explanation when the panel opens.
  useEffect(() => {
    if (open) explanation.current?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    setFailure(null);
    opener.current?.focus();
  }

  /** The confirm button was disabled while busy, and focus with it: the failure takes it. */
  function fail(text: string) {
    setFailure(text);
    focusSoon(() => failureText.current);
  }

  async function declare() {
    setBusy(true);
    setFailure(null);
    try {
      // Plain JSON from the session: the server records it as a web revision, without a file name.
      const result = await sendLines({
        path: props.linesPath,
        body: JSON.stringify(DECLARE_EMPTY_BODY),
        contentType: 'application/json',
        csrfToken: state.csrfToken.value,
      });
      if (result.ok) {
        setOpen(false);
        props.onDeclared(result);
      } else {
        fail(result.message);
      }
    } catch (error) {
      fail(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="report-section declare-empty" aria-labelledby="declare-empty-title">
      <h2 id="declare-empty-title">Aucun bénéficiaire ce trimestre ?</h2>
      {operator ? (
        <p>
          Si {operator} n’a accompagné aucun bénéficiaire pendant ce trimestre, vous pouvez le déclarer ici en son nom, au lieu
          d’un fichier : le rapport devra ensuite être soumis.
        </p>
      ) : (
        <p>
          Si vous n’avez accompagné aucun bénéficiaire pendant ce trimestre, ne déposez pas de fichier vide : déclarez-le
          ici, puis soumettez le rapport à la Région.
        </p>
      )}
      <button
        ref={opener}
        type="button"
        class="button secondary"
        aria-expanded={open}
        aria-controls="declare-empty-panel"
        onClick={() => (open ? close() : setOpen(true))}
      >
        Aucun bénéficiaire ce trimestre
      </button>
      {open && (
        <fieldset
          id="declare-empty-panel"
          class="confirm-panel"
          aria-labelledby="declare-empty-confirm-text"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <p id="declare-empty-confirm-text" ref={explanation} tabIndex={-1}>
            {operator
              ? `Déclarer que ${operator} n’a accompagné aucun bénéficiaire au titre du rapport ${props.title} ? Une révision de 0 ligne sera enregistrée à votre nom : le rapport sera « Déclaré sans bénéficiaire », en brouillon, et devra ensuite être soumis.`
              : `Déclarer que vous n’avez accompagné aucun bénéficiaire au titre du rapport ${props.title} ? Une révision de 0 ligne sera enregistrée : le rapport sera « Déclaré sans bénéficiaire », en brouillon, et vous devrez ensuite le soumettre à la Région.`}
            {props.currentLines > 0 &&
              ` Les ${props.currentLines} ligne${props.currentLines > 1 ? 's' : ''} de la révision courante ne compteront plus (elles restent consultables dans l’historique des révisions).`}
          </p>
          <div class="form-actions">
            <button type="button" class="button" disabled={busy} onClick={() => void declare()}>
              {busy ? 'Enregistrement…' : 'Confirmer : aucun bénéficiaire'}
            </button>
            <button type="button" class="button secondary" onClick={close}>
              Annuler
            </button>
          </div>
          {failure && (
            <p class="result-error" role="alert" tabIndex={-1} ref={failureText}>
              {failure}
            </p>
          )}
        </fieldset>
      )}
    </section>
  );
}
