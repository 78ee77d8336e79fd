// Vigilance zones (roadmap Part 3 §4b): named sets of EPCIs the Region edits; the map and the
// dashboard follow them.
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { EpciPicker } from '../../components/forms/epci-picker.tsx';
import { FormStatus, TextField } from '../../components/forms/fields.tsx';
import { useSubmit } from '../../components/forms/use-submit.ts';
import { EmptyState, ErrorMessage, Loading } from '../../components/status.tsx';
import { useApi } from '../../use-api.ts';

interface ZoneView {
  id: string;
  name: string;
  description: string;
  epcis: Array<{ siren: string; name: string }>;
}

/** One zone's editor: name, description and members, saved together; or deleted. */
function ZoneForm(props: { zone: ZoneView | null; onSaved: () => void }) {
  const form = useSubmit(['name', 'description', 'epcis']);
  const [name, setName] = useState(props.zone?.name ?? '');
  const [description, setDescription] = useState(props.zone?.description ?? '');
  const [epcis, setEpcis] = useState<string[]>(props.zone?.epcis.map((e) => e.siren) ?? []);
  const id = props.zone ? `zone-${props.zone.id}` : 'zone-new';

  async function save() {
    const zone = props.zone;
    if (zone) {
      await api.patch(`/zones/${zone.id}`, { name: name.trim(), description: description.trim() });
      await api.put(`/zones/${zone.id}/epcis`, { epcis });
    } else {
      await api.post('/zones', { name: name.trim(), description: description.trim(), epcis });
    }
  }

  return (
    <form
      noValidate
      class="confirm-panel"
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.run(save, props.zone ? `Zone « ${name.trim()} » enregistrée.` : `Zone « ${name.trim()} » créée.`);
        if (ok) {
          if (!props.zone) {
            setName('');
            setDescription('');
            setEpcis([]);
          }
          props.onSaved();
        }
      }}
    >
      <h3>{props.zone ? props.zone.name : 'Nouvelle zone de vigilance'}</h3>
      <TextField id={`${id}-name`} label="Nom de la zone" required value={name} onInput={setName} error={form.errors.name} />
      <TextField id={`${id}-description`} label="Description" multiline value={description} onInput={setDescription} error={form.errors.description} />
      <EpciPicker id={`${id}-epcis`} legend="EPCI de la zone" values={epcis} onChange={setEpcis} error={form.errors.epcis} />
      <div class="form-actions">
        <button type="submit" class="button" disabled={form.busy}>
          {props.zone ? 'Enregistrer la zone' : 'Créer la zone'}
          {props.zone && <span class="visually-hidden"> {props.zone.name}</span>}
        </button>
        {props.zone && (
          <button
            type="button"
            class="button danger"
            onClick={async () => {
              const zone = props.zone;
              if (zone && (await form.run(() => api.delete(`/zones/${zone.id}`), `Zone « ${zone.name} » supprimée.`))) props.onSaved();
            }}
          >
            Supprimer la zone<span class="visually-hidden"> {props.zone.name}</span>
          </button>
        )}
      </div>
      <FormStatus form={form} />
    </form>
  );
}

export function ZonesSection() {
  const zones = useApi<ZoneView[]>('/zones');
  return (
    <section aria-labelledby="zones-title">
      <h2 id="zones-title">Zones de vigilance</h2>
      <p>Territoires où les entreprises de l’ESS sont moins nombreuses et que la feuille de route suit de près.</p>
      {zones.loading && !zones.data && <Loading />}
      {zones.error !== null && <ErrorMessage error={zones.error} onRetry={zones.reload} />}
      {zones.data && zones.data.length === 0 && <EmptyState>Aucune zone de vigilance définie.</EmptyState>}
      {zones.data?.map((z) => (
        <ZoneForm key={`${z.id}-${z.name}-${z.epcis.length}`} zone={z} onSaved={zones.reload} />
      ))}
      <ZoneForm zone={null} onSaved={zones.reload} />
    </section>
  );
}
