// Template links and the file upload: a labelled file input (drag-and-drop as a bonus), an upload
// progress bar announced in a live region, and the answer handed to the page (accepted or rejected).
import { useRef, useState } from 'preact/hooks';
import { COLUMNS } from '../../../server/ingest/columns.ts';
import { errorText } from '../../api.ts';
import { useAppState } from '../../state.ts';
import { focusSoon } from '../../focus.ts';
import { fileContentType, type SendResult, sendLines, unreadableFileReason } from './send-lines.ts';

interface Props {
  scheme: string;
  schemeLabel: string;
  /** API path of the report's lines */
  linesPath: string;
  canUpload: boolean;
  /** Why uploading is closed, when it is */
  closedReason?: string;
  onResult: (result: SendResult, filename: string) => void;
}

export function TemplateLinks(props: { scheme: string; schemeLabel: string }) {
  const base = `/api/v1/templates/${encodeURIComponent(props.scheme)}`;
  return (
    <p>
      Modèle de fichier {props.schemeLabel} :{' '}
      <a href={`${base}.csv`} download>
        télécharger le modèle CSV
      </a>{' '}
      ·{' '}
      <a href={`${base}.xlsx`} download>
        télécharger le modèle Excel (XLSX)
      </a>
    </p>
  );
}

/** What each column of the file means (the same text as the template's help sheet). */
export function ColumnHelp() {
  return (
    <details>
      <summary>Colonnes du fichier : ce que chacune doit contenir</summary>
      <div class="table-scroll">
        <table>
          <caption>Colonnes du fichier des bénéficiaires (en-têtes du modèle ; les noms anglais sont aussi acceptés)</caption>
          <thead>
            <tr>
              <th scope="col">Colonne</th>
              <th scope="col">Contenu attendu</th>
              <th scope="col">Exemple</th>
            </tr>
          </thead>
          <tbody>
            {COLUMNS.map((c) => (
              <tr key={c.key}>
                <th scope="row">
                  <code>{c.header}</code>
                </th>
                <td>{c.description}</td>
                <td>{c.example || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function UploadPanel(props: Props) {
  const state = useAppState();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const busy = progress !== null;

  async function send(event: Event) {
    event.preventDefault();
    if (!file) {
      setFailure('Choisissez d’abord un fichier CSV ou XLSX.');
      input.current?.focus();
      return;
    }
    const unreadable = unreadableFileReason(file.name);
    if (unreadable) {
      setFailure(unreadable);
      input.current?.focus();
      return;
    }
    setFailure(null);
    setProgress(0);
    try {
      const result = await sendLines({
        path: props.linesPath,
        body: file,
        contentType: fileContentType(file),
        csrfToken: state.csrfToken.value,
        filename: file.name,
        onProgress: setProgress,
      });
      props.onResult(result, file.name);
      if (result.ok) {
        setFile(null);
        if (input.current) input.current.value = '';
      }
    } catch (error) {
      setFailure(errorText(error));
      // the error is described on the file input (aria-describedby): focus goes back there
      focusSoon(() => input.current);
    } finally {
      setProgress(null);
    }
  }

  if (!props.canUpload) {
    return <p>{props.closedReason ?? 'Ce rapport ne peut pas recevoir de nouveau fichier pour le moment.'}</p>;
  }

  return (
    <form onSubmit={send} noValidate>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping a file is an extra; the labelled file input is the keyboard way */}
      <div
        class={`upload-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const dropped = e.dataTransfer?.files?.[0];
          if (dropped) setFile(dropped);
        }}
      >
        <div class="field">
          <label for="report-file">Fichier des bénéficiaires du trimestre (CSV ou XLSX)</label>
          <span class="hint" id="report-file-hint">
            Déposez le fichier complet : s’il contient une erreur, rien n’est enregistré et chaque erreur est listée. Vous
            pouvez aussi glisser le fichier ici.
          </span>
          <input
            ref={input}
            id="report-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={failure ? 'report-file-hint report-file-error' : 'report-file-hint'}
            aria-invalid={failure ? true : undefined}
            onChange={(e) => {
              setFailure(null);
              setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null);
            }}
          />
          {file && <span>Fichier choisi : {file.name}</span>}
          {failure && (
            <span id="report-file-error" class="field-error">
              {failure}
            </span>
          )}
        </div>
        <button type="submit" class="button" disabled={busy}>
          Déposer le fichier
        </button>
        <div role="status" aria-live="polite">
          {busy && (
            <>
              <label for="upload-progress">Envoi du fichier : {Math.round((progress ?? 0) * 100)} %</label>{' '}
              <progress id="upload-progress" max={100} value={Math.round((progress ?? 0) * 100)} />
              {progress === 1 && <span> Vérification des lignes…</span>}
            </>
          )}
        </div>
      </div>
    </form>
  );
}
