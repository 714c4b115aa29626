/** The host's identity and place: the same fields for the student's declaration and the representative's answer. */
import type { ChangeEvent } from 'react';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import type { FieldErrors } from '../auth/forms.ts';

export interface HostValues {
  hostName: string;
  isPublic: boolean;
  siret: string;
  address: string;
  postalCode: string;
  communeName: string;
}

export const HOST_FIELDS = ['hostName', 'siret', 'address', 'postalCode', 'communeName'] as const;

/** Checks in the browser what the server checks again (it also checks the SIRET's key and the commune). */
export function hostErrors(v: HostValues): FieldErrors {
  const e: FieldErrors = {};
  if (!v.hostName.trim()) e.hostName = 'Indiquez le nom de l’organisme.';
  const siret = v.siret.replace(/[\s.]/g, '');
  if (siret === '' && !v.isPublic)
    e.siret = 'Indiquez le SIRET (14 chiffres), sauf pour un organisme public qui n’en a pas.';
  else if (siret !== '' && !/^\d{14}$/.test(siret)) e.siret = 'Le SIRET doit comporter 14 chiffres.';
  if (!v.address.trim()) e.address = 'Indiquez l’adresse du lieu du stage.';
  if (!/^\d{5}$/.test(v.postalCode.trim())) e.postalCode = 'Code postal : 5 chiffres (exemple : 35000).';
  if (!v.communeName.trim()) e.communeName = 'Indiquez la commune.';
  return e;
}

export function HostFields({
  prefix,
  values,
  errors,
  onChange,
  legend,
}: {
  prefix: string;
  values: HostValues;
  errors: FieldErrors;
  onChange: (field: keyof HostValues, value: string | boolean) => void;
  legend: string;
}) {
  const id = (f: string) => `${prefix}-${f}`;
  const state = (f: string) => (errors[f] ? ('error' as const) : ('default' as const));
  const text =
    (f: keyof HostValues) =>
    (e: ChangeEvent<HTMLInputElement>): void =>
      onChange(f, e.target.value);
  return (
    <fieldset className="fr-fieldset" aria-labelledby={id('legend')}>
      <legend className="fr-fieldset__legend" id={id('legend')}>
        {legend}
      </legend>
      <div className="fr-fieldset__element">
        <Input
          label="Nom de l’organisme"
          hintText="Entreprise, association, administration, collectivité…"
          state={state('hostName')}
          stateRelatedMessage={errors.hostName}
          nativeInputProps={{
            id: id('hostName'),
            value: values.hostName,
            maxLength: 200,
            autoComplete: 'organization',
            onChange: text('hostName'),
          }}
        />
      </div>
      <div className="fr-fieldset__element">
        <Checkbox
          id={id('isPublic')}
          options={[
            {
              label: 'Organisme public sans numéro SIRET',
              hintText:
                'Un service de l’État ou une collectivité qui n’en a pas. Sinon, le SIRET est demandé.',
              nativeInputProps: {
                checked: values.isPublic,
                onChange: (e) => onChange('isPublic', e.target.checked),
              },
            },
          ]}
        />
      </div>
      <div className="fr-fieldset__element">
        <Input
          label={values.isPublic ? 'SIRET (facultatif)' : 'SIRET'}
          hintText="14 chiffres, sur une facture, une fiche de paie ou l’annuaire des entreprises (annuaire-entreprises.data.gouv.fr). Exemple : 732 829 320 00074"
          state={state('siret')}
          stateRelatedMessage={errors.siret}
          nativeInputProps={{
            id: id('siret'),
            value: values.siret,
            inputMode: 'numeric',
            maxLength: 20,
            autoComplete: 'off',
            onChange: text('siret'),
          }}
        />
      </div>
      <div className="fr-fieldset__element">
        <Input
          label="Adresse du lieu du stage"
          hintText="Numéro et voie. Exemple : 3 rue de la Monnaie"
          state={state('address')}
          stateRelatedMessage={errors.address}
          nativeInputProps={{
            id: id('address'),
            value: values.address,
            maxLength: 200,
            autoComplete: 'street-address',
            onChange: text('address'),
          }}
        />
      </div>
      <div className="fr-fieldset__element fr-fieldset__element--inline">
        <Input
          label="Code postal"
          hintText="Exemple : 35000"
          state={state('postalCode')}
          stateRelatedMessage={errors.postalCode}
          nativeInputProps={{
            id: id('postalCode'),
            value: values.postalCode,
            inputMode: 'numeric',
            maxLength: 5,
            autoComplete: 'postal-code',
            onChange: text('postalCode'),
          }}
        />
      </div>
      <div className="fr-fieldset__element fr-fieldset__element--inline">
        <Input
          label="Commune"
          hintText="Exemple : Rennes"
          state={state('communeName')}
          stateRelatedMessage={errors.communeName}
          nativeInputProps={{
            id: id('communeName'),
            value: values.communeName,
            maxLength: 100,
            autoComplete: 'address-level2',
            onChange: text('communeName'),
          }}
        />
      </div>
    </fieldset>
  );
}
