// The Region's choice of how figures leave: exact (internal) or with the secrecy of small numbers (a handout
// for partners). The COTECH's own view follows the Region's setting on the server, whatever is chosen here.
import { SelectField } from './forms/fields.tsx';

export type DisclosureChoice = 'internal' | 'public';

export function DisclosureSelect(props: { id: string; value: DisclosureChoice; onChange: (value: DisclosureChoice) => void }) {
  return (
    <SelectField
      id={props.id}
      label="Diffusion"
      hint="Pour un document remis aux partenaires : les comptes de moins de 3 bénéficiaires sont masqués."
      value={props.value}
      onChange={(v) => props.onChange(v as DisclosureChoice)}
      options={[
        { value: 'internal', label: 'Interne à la Région (chiffres exacts)' },
        { value: 'public', label: 'Partenaires (secret des petits nombres)' },
      ]}
    />
  );
}
