// One meeting. Before it is frozen: its parameters, and for the Region « Arrêter les chiffres » or delete.
// Frozen: exactly the figures frozen (maps included), stamped « chiffres arrêtés le … » with their SHA-256,
// and « Ce qui a changé depuis » against today's figures, with the reports and sites behind the change.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from '../../api.ts';
import { CohortComparison } from '../../components/coverage/cohort-comparison.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PrintHeader } from '../../components/print-header.tsx';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { BASIS_LABELS, cohortLabel, formatDate, formatDateTime, formatInt, formatPct, formatPeriod } from '../../format.ts';
import { navigate } from '../../router.ts';
import { useAppState } from '../../state.ts';
import { useApi } from '../../use-api.ts';
import { sitesFor } from '../map-page.tsx';
import { AnnualReportView } from './annual-report-view.tsx';
import { TargetsTable } from './targets-table.tsx';
import { type FieldChange, MEETING_KIND_LABELS, type Meeting, type MeetingChanges } from './types.ts';

const REPORT_CHANGES: Record<string, string> = {
  now_counted: 'compté depuis (validé ou déposé après l’arrêt)',
  no_longer_counted: 'plus compté (rouvert ou renvoyé)',
  revised: 'nouvelle révision validée',
  filed: 'déposé ou modifié, sans effet sur ces chiffres',
};

const FIELD_LABELS: Record<string, string> = {
  distinct: 'bénéficiaires distincts',
  accompaniments: 'accompagnements',
  jobsConsolidated: 'emplois consolidés',
  jobsCreated: 'emplois créés',
  beneficiaries: 'bénéficiaires',
  covered: 'couvert',
  underserved: 'sous-desservi',
  populationWithinDistancePct: 'population à distance d’un lieu (%)',
  nearestSiteKm: 'distance moyenne au lieu le plus proche (km)',
  expected: 'rapports attendus',
  due: 'rapports échus',
  submitted: 'rapports reçus',
  validated: 'rapports validés',
  late: 'rapports en retard',
  missing: 'rapports manquants',
  onTimeRatePct: 'à l’heure (%)',
  overallRatePct: 'reçus (%)',
};
const fieldLabel = (field: string) => FIELD_LABELS[field] ?? field.replace(/^byScheme\./, 'dispositif ').replace(/^byStage\./, 'stade ');
const valueText = (v: FieldChange['before']) => (v === null ? '—' : typeof v === 'boolean' ? (v ? 'oui' : 'non') : typeof v === 'number' ? formatInt(v) : v);
const changeText = (changes: FieldChange[]) => changes.map((c) => `${fieldLabel(c.field)} : ${valueText(c.before)} → ${valueText(c.after)}`).join(' ; ');

function ChangesSince(props: { id: number }) {
  const changes = useApi<MeetingChanges>(`/meetings/${props.id}/changes`);
  if (changes.loading) return <Loading label="Comparaison avec les chiffres d’aujourd’hui…" />;
  if (changes.error !== null) return <ErrorMessage error={changes.error} onRetry={changes.reload} />;
  const c = changes.data;
  if (!c) return null;
  const none = Object.values(c.counts).every((n) => n === 0);
  return (
    <div class="changes">
      <p>
        Comparé aux chiffres du {formatDateTime(c.computedAt)} :{' '}
        {none
          ? 'aucun changement.'
          : `${formatInt(c.counts.years)} année(s), ${formatInt(c.counts.epcis)} EPCI, ${formatInt(c.counts.completeness)} bilan(s) de complétude, ${formatInt(c.counts.reports)} rapport(s) et ${formatInt(c.counts.sites)} lieu(x) ont changé.`}
      </p>
      {c.reports.length > 0 && (
        <DataTable
          caption="Rapports en cause"
          rows={c.reports}
          rowKey={(r) => String(r.reportId)}
          class="compact"
          columns={[
            { key: 'report', label: 'Rapport', rowHeader: true, value: (r) => `${r.operator} ${r.scheme} ${r.period}`, render: (r) => `${r.operator} · ${r.scheme} · ${formatPeriod(r.period)}` },
            { key: 'change', label: 'Changement', value: (r) => REPORT_CHANGES[r.change] ?? r.change },
            { key: 'revision', label: 'Révision (arrêt → aujourd’hui)', value: (r) => `${r.revisionBefore ?? '—'} → ${r.revisionAfter ?? '—'}` },
            { key: 'events', label: 'Depuis l’arrêt', value: (r) => r.events.map((e) => `${formatDateTime(e.at)} : ${e.from ?? '—'} → ${e.to}`).join(' ; ') },
          ]}
        />
      )}
      {c.years.length > 0 && (
        <DataTable caption="Par année" rows={c.years} rowKey={(y) => String(y.year)} class="compact" columns={[{ key: 'year', label: 'Année', rowHeader: true, value: (y) => y.year }, { key: 'changes', label: 'Avant → aujourd’hui', value: (y) => changeText(y.changes) }]} />
      )}
      {c.epcis.length > 0 && (
        <DataTable
          caption="Par EPCI"
          rows={c.epcis}
          rowKey={(e) => `${e.cohort.from}-${e.cohort.to}-${e.siren}`}
          class="compact"
          columns={[
            { key: 'name', label: 'EPCI', rowHeader: true, value: (e) => e.name },
            { key: 'cohort', label: 'Cohorte', value: (e) => cohortLabel(e.cohort.from, e.cohort.to) },
            { key: 'changes', label: 'Avant → aujourd’hui', value: (e) => changeText(e.changes) },
          ]}
        />
      )}
      {c.completeness.length > 0 && (
        <DataTable caption="Complétude" rows={c.completeness} rowKey={(y) => String(y.year)} class="compact" columns={[{ key: 'year', label: 'Année', rowHeader: true, value: (y) => y.year }, { key: 'changes', label: 'Avant → aujourd’hui', value: (y) => changeText(y.changes) }]} />
      )}
      {c.sites.length > 0 && (
        <DataTable
          caption="Lieux d’accueil"
          rows={c.sites}
          rowKey={(s) => String(s.id)}
          class="compact"
          columns={[
            { key: 'name', label: 'Lieu', rowHeader: true, value: (s) => `${s.name} (${s.operatorName})` },
            { key: 'change', label: 'Changement', value: (s) => ({ added: 'ajouté', removed: 'supprimé', changed: 'modifié' })[s.change] ?? s.change },
            { key: 'changes', label: 'Avant → aujourd’hui', value: (s) => changeText(s.changes) },
          ]}
        />
      )}
    </div>
  );
}

function RegionActions(props: { meeting: Meeting; onChanged: () => void }) {
  const [confirming, setConfirming] = useState<'freeze' | 'delete' | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const confirmText = useRef<HTMLParagraphElement>(null);
  // the question takes focus when it opens, so that a screen reader reads it before the buttons
  useEffect(() => {
    if (confirming) confirmText.current?.focus();
  }, [confirming]);
  const { meeting } = props;
  async function run(action: 'freeze' | 'delete') {
    setBusy(true);
    setFailure(null);
    try {
      if (action === 'freeze') await api.post(`/meetings/${meeting.id}/freeze`);
      else await api.delete(`/meetings/${meeting.id}`);
      if (action === 'delete') navigate('/seances');
      else props.onChanged();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  }
  return (
    <div class="no-print">
      {confirming === null && (
        <p>
          <button type="button" class="button" onClick={() => setConfirming('freeze')}>
            Arrêter les chiffres
          </button>{' '}
          <button type="button" class="button secondary" onClick={() => setConfirming('delete')}>
            Supprimer la séance
          </button>
        </p>
      )}
      {confirming && (
        <div class="confirm-panel">
          <p id="meeting-confirm" tabIndex={-1} ref={confirmText}>
            {confirming === 'freeze'
              ? 'Arrêter les chiffres les enregistre tels qu’ils sont maintenant ; ils ne pourront plus être modifiés (une correction se fait par une nouvelle séance).'
              : 'Supprimer cette séance en préparation ?'}
          </p>
          <button type="button" class="button" disabled={busy} onClick={() => run(confirming)}>
            {confirming === 'freeze' ? 'Confirmer l’arrêt des chiffres' : 'Confirmer la suppression'}
          </button>{' '}
          <button type="button" class="button secondary" onClick={() => setConfirming(null)}>
            Annuler
          </button>
        </div>
      )}
      {failure && (
        <p class="result-error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}

export function MeetingPage(props: { id: string }) {
  const state = useAppState();
  const isRegion = state.user.value?.role === 'region';
  const meeting = useApi<Meeting>(`/meetings/${encodeURIComponent(props.id)}`);
  const [showChanges, setShowChanges] = useState(false);
  if (meeting.loading && !meeting.data) return <Loading label="Chargement de la séance…" />;
  if (meeting.error !== null) return <ErrorMessage error={meeting.error} onRetry={meeting.reload} title="Séance" />;
  const m = meeting.data;
  if (!m) return null;
  const figures = m.figures;
  const kind = MEETING_KIND_LABELS[m.kind];
  const threshold = figures?.targets.disclosure?.threshold;
  return (
    <section class="meeting">
      <PrintHeader title={`${m.title} — ${kind}, ${formatDate(m.date)}`} basis={m.basis} dataDate={m.frozenAt ?? undefined} dataDateLabel="Chiffres arrêtés le" masked={m.masked} />
      <PageTitle title={m.title} />
      <p>
        {kind} · séance du {formatDate(m.date)} · {BASIS_LABELS[m.basis]} · cohortes {m.cohorts.map((c) => cohortLabel(c.from, c.to)).join(' et ')} · distance {m.distanceKm} km ·{' '}
        {m.disclosure === 'public' ? 'avec des partenaires (secret des petits nombres)' : 'interne à la Région'}
      </p>
      {m.frozenAt ? (
        <p>
          <span class="frozen-stamp">Chiffres arrêtés le {formatDateTime(m.frozenAt)}</span> par {m.frozenBy ?? '—'} · empreinte SHA-256 <code class="sha">{m.sha256}</code>
        </p>
      ) : (
        <p class="notice">Séance en préparation : ses chiffres ne sont pas encore arrêtés. Arrêtez-les juste avant la séance ; ils ne changeront plus ensuite.</p>
      )}
      {isRegion && !m.frozenAt && <RegionActions meeting={m} onChanged={meeting.reload} />}
      {figures && (
        <>
          {m.kind === 'copress' && figures.annualReport && (
            <AnnualReportView report={figures.annualReport} sites={figures.sites} tilesUrl={state.server.value.tilesUrl} tilesAttribution={state.server.value.tilesAttribution} />
          )}
          {m.kind === 'cotech' && (
            <>
              <h2>Objectifs annuels</h2>
              {figures.targets.disclosure && <p class="note disclosure-note">{figures.targets.disclosure.rule}</p>}
              <TargetsTable caption={`Chiffres par année (${BASIS_LABELS[m.basis]}), arrêtés le ${formatDateTime(m.frozenAt)}`} years={figures.targets.years} threshold={threshold} />
              <CohortComparison
                cohorts={m.cohorts.map((c, i) => ({
                  ...c,
                  coverage: figures.coverage[i],
                  sites: sitesFor(figures.sites, { ...state.filters.value, from: c.from, to: c.to, schemes: figures.coverage[i].schemes }),
                }))}
                figure="beneficiaries"
                distanceKm={m.distanceKm}
                awaitingData={false}
                tilesUrl={state.server.value.tilesUrl}
                tilesAttribution={state.server.value.tilesAttribution}
              />
              <h2>Complétude des rapports</h2>
              <DataTable
                caption="Rapports attendus, reçus et à l’heure, par année"
                rows={figures.completeness}
                rowKey={(c) => String(c.year)}
                class="compact"
                columns={[
                  { key: 'year', label: 'Année', rowHeader: true, value: (c) => c.year },
                  { key: 'expected', label: 'Attendus', numeric: true, value: (c) => c.totals.expected, render: (c) => formatInt(c.totals.expected) },
                  { key: 'submitted', label: 'Reçus', numeric: true, value: (c) => c.totals.submitted, render: (c) => formatInt(c.totals.submitted) },
                  { key: 'late', label: 'En retard', numeric: true, value: (c) => c.totals.late, render: (c) => formatInt(c.totals.late) },
                  { key: 'onTime', label: 'À l’heure', numeric: true, value: (c) => c.totals.onTimeRatePct, render: (c) => formatPct(c.totals.onTimeRatePct) },
                ]}
              />
            </>
          )}
          <div class="no-print">
            <h2>Ce qui a changé depuis</h2>
            {showChanges ? (
              <ChangesSince id={m.id} />
            ) : (
              <button type="button" class="button secondary" onClick={() => setShowChanges(true)}>
                Comparer avec les chiffres d’aujourd’hui
              </button>
            )}
          </div>
          <p class="no-print">
            <button type="button" class="button" onClick={() => window.print()}>
              Imprimer
            </button>
          </p>
        </>
      )}
    </section>
  );
}
