import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import { Stepper } from '@codegouvfr/react-dsfr/Stepper.js';
import { INITIAL_STATE, type OfferState } from '../../../src/domain/offer.ts';
import { ApiError, getJson } from '../lib/api.ts';
import { formatDateRange } from '../lib/format.ts';
import type { SignedInSession } from '../lib/session.ts';
import { useNotify } from '../layout/notice.ts';
import { writeJson } from '../school/http.ts';
import {
  MY_OFFERS_KEY,
  MY_OFFERS_PATHS,
  useMyOffers,
  useOwnOffer,
  type MyOffers,
  type OfferView,
} from './api.ts';
import {
  emptyForm,
  formField,
  formOf,
  parseCoordinate,
  payloadOf,
  stepErrors,
  stepOf,
  STEP_TITLES,
  type OfferForm,
} from './form.ts';
import { hoursCheck, HoursStep } from './HoursStep.tsx';
import { MyOffersFrame } from './MyOffersFrame.tsx';
import { OfferPreview } from './OfferPreview.tsx';
import { finishes, isEditable, type Finish } from './status.ts';
import './my-offers.css';

// Leaflet only loads with the place step
const PinPicker = lazy(() => import('../map/PinPicker.tsx').then((m) => ({ default: m.PinPicker })));

/** `/mes-offres/nouvelle`: a new offer through the channel of the signed-in role. */
export function NewOfferPage() {
  return (
    <MyOffersFrame title={() => 'Nouvelle offre'} parent>
      {(session) => <EditorLoader session={session} />}
    </MyOffersFrame>
  );
}

/** `/mes-offres/:id/modifier`: edit one of my offers. */
export function EditOfferPage() {
  const { id } = useParams();
  return (
    <MyOffersFrame title={() => 'Modifier l’offre'} parent>
      {(session) => <EditorLoader session={session} id={id} />}
    </MyOffersFrame>
  );
}

function EditorLoader({ session, id }: { session: SignedInSession; id?: string | undefined }) {
  const mine = useMyOffers();
  const offer = useOwnOffer(id);
  if (mine.isPending || (id !== undefined && offer.isPending)) return <p role="status">Chargement…</p>;
  if (mine.isError)
    return (
      <Alert
        severity="error"
        role="alert"
        title="L’éditeur n’a pas pu être chargé"
        description={mine.error.message}
      />
    );
  if (id !== undefined && offer.isError)
    return (
      <Alert severity="error" role="alert" title="Offre introuvable" description={offer.error.message} />
    );
  const existing = id !== undefined ? offer.data : undefined;
  if (existing && !isEditable(existing.status))
    return (
      <Alert
        severity="info"
        title="Cette offre ne peut pas être modifiée"
        description={
          existing.status === 'submitted'
            ? 'Elle est en cours d’examen par l’IEN : attendez sa décision.'
            : 'Elle appartient à une campagne terminée.'
        }
      />
    );
  return <Editor key={id ?? 'new'} session={session} mine={mine.data} existing={existing} />;
}

type Errors = Record<string, string>;

const DONE: Record<'save' | 'publish' | 'republish' | 'submit' | 'create-published', string> = {
  save: 'est enregistrée.',
  republish: 'est enregistrée et de nouveau publiée.',
  publish: 'est publiée : les élèves la voient dans la recherche.',
  submit: 'est soumise à l’IEN de votre circonscription.',
  'create-published': 'est publiée : les élèves la voient dans la recherche.',
};

function Editor({
  session,
  mine,
  existing,
}: {
  session: SignedInSession;
  mine: MyOffers;
  existing: OfferView | undefined;
}) {
  const channel = mine.channel ?? 'host';
  const [form, setForm] = useState<OfferForm>(() => (existing ? formOf(existing) : emptyForm()));
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** the offer once created (a failed publish after the creation must not create it twice) */
  const [savedId, setSavedId] = useState<string | undefined>(existing?.id);
  const [status, setStatus] = useState<OfferState>(existing?.status ?? INITIAL_STATE[channel]);
  const [locating, setLocating] = useState<string | null>(null);
  const stepperRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  const navigate = useNavigate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const creating = savedId === undefined;
  const isService = channel === 'service';
  const ctx = {
    placeRequired: channel === 'host' || channel === 'partner',
    serviceRequired: isService && creating,
  };
  const { violations } = hoursCheck(form, mine.campaign.limits);

  /** where the focus goes after the next render: the first field in error, or the summary */
  const focusTarget = useRef<Errors | 'summary' | null>(null);
  const [focusTick, setFocusTick] = useState(0);

  // after a step change, the focus goes to the stepper's title (the new step's name), or to the
  // first field in error (in the page's order) when the change comes from errors
  useEffect(() => {
    const target = focusTarget.current;
    focusTarget.current = null;
    if (target === 'summary') {
      summaryRef.current?.focus();
      return;
    }
    if (target) {
      const fields = Object.keys(target)
        .map((k) => document.getElementById(`offre-${k.split('.')[0]}`))
        .filter((el): el is HTMLElement => el !== null)
        .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
      (fields[0] ?? summaryRef.current)?.focus();
      return;
    }
    if (!moved.current) return;
    const title = stepperRef.current?.querySelector<HTMLElement>('.fr-stepper__title');
    if (title) {
      title.setAttribute('tabindex', '-1');
      title.focus();
    }
  }, [step, focusTick]);

  const set = <K extends keyof OfferForm>(key: K, value: OfferForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _gone, ...rest }) => rest);
  };

  const goTo = (next: number) => {
    moved.current = true;
    setFailure(null);
    setStep(next);
  };

  const focusFirstError = (errs: Errors | 'summary') => {
    focusTarget.current = errs;
    setFocusTick((t) => t + 1);
  };

  const next = (e: FormEvent) => {
    e.preventDefault();
    const errs = stepErrors(step, form, ctx);
    if (step === 3 && violations.length > 0)
      errs.hours = 'Corrigez les horaires signalés avant de continuer.';
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      focusFirstError(errs);
      return;
    }
    goTo(step + 1);
  };

  const placeAtCommuneCentre = async () => {
    const q = form.postalCode.trim() || form.communeName.trim();
    if (q === '') {
      setErrors((e) => ({ ...e, postalCode: 'Indiquez d’abord le code postal ou la commune.' }));
      return;
    }
    setLocating('Recherche de la commune…');
    try {
      const found = (
        await getJson<{ items: { name: string; postalCode: string; lat: number; lon: number }[] }>(
          `/api/communes?${new URLSearchParams({ q }).toString()}`,
        )
      ).items;
      const name = form.communeName.trim().toLowerCase();
      const c = found.find((x) => x.name.toLowerCase() === name) ?? found[0];
      if (!c) {
        setLocating('Aucune commune ne correspond : vérifiez le code postal et la commune.');
        return;
      }
      setForm((f) => ({
        ...f,
        lat: String(c.lat),
        lon: String(c.lon),
        communeName: f.communeName.trim() === '' ? c.name : f.communeName,
        postalCode: f.postalCode.trim() === '' ? c.postalCode : f.postalCode,
      }));
      setLocating(`Épingle placée au centre de ${c.name} (${c.postalCode}).`);
    } catch (error) {
      setLocating(`La commune n’a pas pu être cherchée. ${(error as Error).message}`);
    }
  };

  const finish = async (f: Finish) => {
    // every step's checks, in case the server was not reached yet
    const local: Errors = {};
    for (let s = 0; s < STEP_TITLES.length - 1; s++) Object.assign(local, stepErrors(s, form, ctx));
    if (violations.length > 0) local.hours = 'Corrigez les horaires signalés.';
    if (Object.keys(local).length > 0) {
      setErrors(local);
      goTo(Math.min(...Object.keys(local).map(stepOf)));
      focusFirstError(local);
      return;
    }
    setBusy(true);
    setFailure(null);
    const body = payloadOf(form, { create: creating, withService: isService });
    let id = savedId;
    try {
      if (id === undefined) {
        const created = await writeJson<OfferView>('POST', '/api/offers', session.csrfToken, body);
        id = created.id;
        setSavedId(id);
        setStatus(created.status);
      } else {
        const updated = await writeJson<OfferView>('PATCH', `/api/offers/${id}`, session.csrfToken, body);
        setStatus(updated.status);
      }
      if (f.event) {
        const moved = await writeJson<OfferView>(
          'POST',
          `/api/offers/${id}/events/${f.event}`,
          session.csrfToken,
        );
        setStatus(moved.status);
      }
      await queryClient.invalidateQueries({ queryKey: MY_OFFERS_KEY });
      notify({
        severity: 'success',
        text: `L’offre « ${form.title} » ${DONE[f.event ?? (creating && f.label === 'Publier' ? 'create-published' : 'save')]}`,
        path: MY_OFFERS_PATHS.list,
      });
      void navigate(MY_OFFERS_PATHS.list);
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError((error as Error).message, null);
      if (e.errors.length > 0) {
        const mapped: Errors = {};
        for (const fe of e.errors) {
          const key = formField(fe.field, body);
          mapped[key] = mapped[key] ? `${mapped[key]} ${fe.message}` : fe.message;
        }
        setErrors(mapped);
        const first = Math.min(...Object.keys(mapped).map(stepOf));
        goTo(first);
        setFailure(`L’offre n’a pas été enregistrée : ${e.message}`);
        focusFirstError(mapped);
      } else {
        setFailure(
          id !== undefined && f.event
            ? `L’offre est enregistrée, mais l’action « ${f.label} » a échoué. ${e.message}`
            : `L’offre n’a pas été enregistrée. ${e.message}`,
        );
        focusFirstError('summary');
      }
    } finally {
      setBusy(false);
    }
  };

  const err = (field: string) =>
    errors[field] ? { state: 'error' as const, stateRelatedMessage: errors[field] } : {};
  const sectorName = mine.sectors.find((s) => s.code === form.sectorCode)?.name ?? '';
  const serviceName = mine.services.find((s) => s.uai === (existing?.serviceUai ?? form.serviceUai))?.name;
  const hostName = existing?.host.name ?? (isService ? serviceName : mine.owner) ?? '';
  const lat = parseCoordinate(form.lat);
  const lon = parseCoordinate(form.lon);
  const stepErrorList = Object.entries(errors).filter(([k]) => stepOf(k) === step);

  let body: ReactNode;
  if (step === 0)
    body = (
      <>
        {isService && (
          <Select
            label="Service qui accueille"
            hint={
              creating
                ? 'Le service académique où l’élève sera accueilli.'
                : 'Le service d’une offre ne change pas.'
            }
            disabled={!creating}
            nativeSelectProps={{
              id: 'offre-serviceUai',
              value: existing?.serviceUai ?? form.serviceUai,
              onChange: (e) => set('serviceUai', e.target.value),
              required: creating,
            }}
            {...err('serviceUai')}
          >
            <option value="" disabled>
              Choisir un service
            </option>
            {mine.services.map((s) => (
              <option key={s.uai} value={s.uai}>
                {s.name}
              </option>
            ))}
          </Select>
        )}
        <Input
          label="Titre de l’offre"
          hintText="150 caractères au plus, par exemple « Découverte du laboratoire d’analyses »."
          nativeInputProps={{
            id: 'offre-title',
            value: form.title,
            onChange: (e) => set('title', e.target.value),
            maxLength: 150,
            required: true,
          }}
          {...err('title')}
        />
        <Input
          label="Description"
          hintText="Ce que fait votre structure et ce que l’élève y découvrira ; 1 500 caractères au plus."
          textArea
          nativeTextAreaProps={{
            id: 'offre-description',
            value: form.description,
            onChange: (e) => set('description', e.target.value),
            rows: 6,
            required: true,
          }}
          {...err('description')}
        />
        <Input
          label="Activités observées (facultatif)"
          hintText="Les métiers et les tâches que l’élève observera."
          textArea
          nativeTextAreaProps={{
            id: 'offre-activities',
            value: form.activities,
            onChange: (e) => set('activities', e.target.value),
            rows: 4,
          }}
          {...err('activities')}
        />
        <Select
          label="Secteur"
          nativeSelectProps={{
            id: 'offre-sectorCode',
            value: form.sectorCode,
            onChange: (e) => set('sectorCode', e.target.value),
            required: true,
          }}
          {...err('sectorCode')}
        >
          <option value="" disabled>
            Choisir un secteur
          </option>
          {mine.sectors.map((s) => (
            <option key={s.code} value={s.code}>
              {s.name}
            </option>
          ))}
        </Select>
      </>
    );
  else if (step === 1)
    body = (
      <>
        <p>
          {ctx.placeRequired
            ? 'L’adresse où l’élève se rendra. L’épingle de la carte est placée d’après la commune ; déplacez-la pour la préciser.'
            : 'Laissez ces champs vides pour utiliser l’adresse de votre établissement ou du service ; sinon indiquez le lieu du stage.'}
        </p>
        {errors.place && (
          <p className="fr-message fr-message--error" id="offre-place" tabIndex={-1}>
            {errors.place}
          </p>
        )}
        <Input
          label="Adresse (facultatif)"
          hintText="Numéro et voie, bâtiment."
          nativeInputProps={{
            id: 'offre-address',
            value: form.address,
            onChange: (e) => set('address', e.target.value),
            autoComplete: 'street-address',
          }}
          {...err('address')}
        />
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label={ctx.placeRequired ? 'Code postal' : 'Code postal (facultatif)'}
              hintText="5 chiffres"
              nativeInputProps={{
                id: 'offre-postalCode',
                value: form.postalCode,
                onChange: (e) => set('postalCode', e.target.value),
                inputMode: 'numeric',
                autoComplete: 'postal-code',
                maxLength: 5,
              }}
              {...err('postalCode')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-8">
            <Input
              label={ctx.placeRequired ? 'Commune' : 'Commune (facultatif)'}
              nativeInputProps={{
                id: 'offre-communeName',
                value: form.communeName,
                onChange: (e) => set('communeName', e.target.value),
                autoComplete: 'address-level2',
              }}
              {...err('communeName')}
            />
          </div>
        </div>
        <h3 className="fr-h6">Épingle sur la carte</h3>
        <p className="fr-text--sm">
          Faites glisser l’épingle ou cliquez sur la carte pour la placer. Au clavier, saisissez la latitude
          et la longitude, ou placez l’épingle au centre de la commune. Sans épingle, le lieu est situé
          d’après la commune.
        </p>
        <Suspense fallback={<p role="status">Chargement de la carte…</p>}>
          <PinPicker
            lat={lat === null || Number.isNaN(lat) ? null : lat}
            lon={lon === null || Number.isNaN(lon) ? null : lon}
            onMove={(a, b) => {
              setForm((f) => ({ ...f, lat: String(a), lon: String(b) }));
              setLocating(`Épingle déplacée : latitude ${a}, longitude ${b}.`);
            }}
            label="Carte du lieu du stage"
          />
        </Suspense>
        <div className="fr-grid-row fr-grid-row--gutters fr-mt-1w">
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Latitude (facultatif)"
              hintText="Par exemple 48,1113"
              nativeInputProps={{
                id: 'offre-lat',
                value: form.lat,
                onChange: (e) => set('lat', e.target.value),
                inputMode: 'decimal',
              }}
              {...err('lat')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Longitude (facultatif)"
              hintText="Par exemple -1,6800"
              nativeInputProps={{
                id: 'offre-lon',
                value: form.lon,
                onChange: (e) => set('lon', e.target.value),
                inputMode: 'decimal',
              }}
              {...err('lon')}
            />
          </div>
        </div>
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
          <li>
            <Button
              type="button"
              priority="secondary"
              iconId="fr-icon-map-pin-2-line"
              onClick={() => void placeAtCommuneCentre()}
            >
              Placer l’épingle au centre de la commune
            </Button>
          </li>
          <li>
            <Button
              type="button"
              priority="tertiary"
              onClick={() => {
                setForm((f) => ({ ...f, lat: '', lon: '' }));
                setLocating('Épingle retirée : le lieu sera situé d’après la commune.');
              }}
            >
              Retirer l’épingle
            </Button>
          </li>
        </ul>
        <p className="fr-text--sm" role="status">
          {locating ?? ''}
        </p>
      </>
    );
  else if (step === 2)
    body = (
      <>
        {errors.weeks && (
          <p className="fr-message fr-message--error" id="offre-weeks" tabIndex={-1}>
            {errors.weeks}
          </p>
        )}
        {mine.campaign.weeks.map((w) => {
          const on = w.week === 1 ? form.week1 : form.week2;
          const placesKey = w.week === 1 ? 'places1' : 'places2';
          return (
            <fieldset key={w.week} className="fr-fieldset sts-week-choice">
              <legend className="fr-fieldset__legend fr-text--regular">
                Semaine {w.week} : {formatDateRange(w.start, w.end)}
              </legend>
              <div className="fr-fieldset__element">
                <div className="fr-checkbox-group">
                  <input
                    type="checkbox"
                    id={`offre-week${w.week}`}
                    checked={on}
                    onChange={(e) => set(w.week === 1 ? 'week1' : 'week2', e.target.checked)}
                  />
                  <label className="fr-label" htmlFor={`offre-week${w.week}`}>
                    Proposer la semaine {w.week}
                  </label>
                </div>
              </div>
              {on && (
                <div className="fr-fieldset__element">
                  <Input
                    label={`Places la semaine ${w.week}`}
                    hintText="De 1 à 50 élèves"
                    nativeInputProps={{
                      id: `offre-${placesKey}`,
                      type: 'number',
                      min: 1,
                      max: 50,
                      value: form[placesKey],
                      onChange: (e) => set(placesKey, e.target.value),
                    }}
                    {...err(placesKey)}
                  />
                </div>
              )}
            </fieldset>
          );
        })}
        <p className="fr-text--sm">
          Un élève qui fait ses deux semaines chez vous occupe une place chaque semaine.
        </p>
        <Checkbox
          id="offre-groupReception"
          label="Accueil en groupe"
          hint="Plusieurs élèves peuvent être accueillis ensemble la même semaine."
          checked={form.groupReception}
          onChange={(v) => set('groupReception', v)}
        />
      </>
    );
  else if (step === 3)
    body = (
      <HoursStep
        form={form}
        limits={mine.campaign.limits}
        onChange={(days) => {
          set('days', days);
          setErrors(({ hours: _h, ...rest }) =>
            Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('hours.'))),
          );
        }}
        serverErrors={errors}
      />
    );
  else if (step === 4)
    body = (
      <>
        <Input
          label="Repas du midi (facultatif)"
          hintText="Par exemple : restaurant d’entreprise accessible à l’élève, ou repas tiré du sac."
          nativeInputProps={{
            id: 'offre-lunch',
            value: form.lunch,
            onChange: (e) => set('lunch', e.target.value),
          }}
          {...err('lunch')}
        />
        <Checkbox
          id="offre-accessible"
          label="Accessible aux élèves en situation de handicap"
          checked={form.accessible}
          onChange={(v) => set('accessible', v)}
        />
        <Checkbox
          id="offre-priorityEducation"
          label="Priorité aux élèves des lycées REP, REP+ ou des quartiers prioritaires (QPV)"
          checked={form.priorityEducation}
          onChange={(v) => set('priorityEducation', v)}
        />
        <Input
          label="Réserver l’offre à certains lycées (facultatif)"
          hintText="Code UAI des lycées, séparés par des virgules (par exemple 0350024L). Seuls leurs élèves verront l’offre."
          nativeInputProps={{
            id: 'offre-reservedTo',
            value: form.reservedTo,
            onChange: (e) => set('reservedTo', e.target.value),
          }}
          {...err('reservedTo')}
        />
        <h3 className="fr-h6">Contact pour les élèves</h3>
        <Input
          label="Nom du contact (facultatif)"
          nativeInputProps={{
            id: 'offre-contactName',
            value: form.contactName,
            onChange: (e) => set('contactName', e.target.value),
            autoComplete: 'name',
          }}
          {...err('contactName')}
        />
        <Input
          label="Courriel du contact (facultatif)"
          hintText="Format attendu : nom@domaine.fr"
          nativeInputProps={{
            id: 'offre-contactEmail',
            type: 'email',
            value: form.contactEmail,
            onChange: (e) => set('contactEmail', e.target.value),
            autoComplete: 'email',
          }}
          {...err('contactEmail')}
        />
        <Input
          label="Téléphone du contact (facultatif)"
          nativeInputProps={{
            id: 'offre-contactPhone',
            type: 'tel',
            value: form.contactPhone,
            onChange: (e) => set('contactPhone', e.target.value),
            autoComplete: 'tel',
          }}
          {...err('contactPhone')}
        />
      </>
    );
  else
    body = (
      <>
        <p>Voici l’offre telle que les élèves la verront. Revenez aux étapes précédentes pour la corriger.</p>
        <OfferPreview
          form={form}
          hostName={hostName}
          educationNationale={channel === 'lycee' || channel === 'ecole' || channel === 'service'}
          sectorName={sectorName}
          weeks={mine.campaign.weeks}
        />
        {channel === 'ecole' && (
          <p className="fr-mt-2w">
            Une offre d’école est publiée par l’IEN de votre circonscription : soumettez-la quand elle est
            prête.
          </p>
        )}
      </>
    );

  const last = step === STEP_TITLES.length - 1;
  const reason = existing?.statusReason;
  return (
    <>
      {reason && (existing.status === 'draft' || existing.status === 'unpublished') && (
        <Alert
          severity="warning"
          small
          className="fr-mb-3w"
          title={
            existing.status === 'draft' ? 'Offre renvoyée par l’IEN' : 'Offre dépubliée par la modération'
          }
          description={`Motif : ${reason}`}
        />
      )}
      <div ref={stepperRef}>
        <Stepper
          currentStep={step + 1}
          stepCount={STEP_TITLES.length}
          title={STEP_TITLES[step]}
          {...(last ? {} : { nextTitle: STEP_TITLES[step + 1] })}
        />
      </div>
      <div ref={summaryRef} tabIndex={-1} className="sts-editor-summary">
        {failure && <Alert severity="error" small role="alert" description={failure} />}
        {!failure && stepErrorList.length > 1 && (
          <Alert
            severity="error"
            small
            role="alert"
            description={`${stepErrorList.length} champs sont à corriger sur cette étape.`}
          />
        )}
      </div>
      <form onSubmit={next} noValidate aria-label={`Étape ${step + 1} : ${STEP_TITLES[step]}`}>
        {body}
        <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
          {step > 0 && (
            <li>
              <Button
                type="button"
                priority="secondary"
                iconId="fr-icon-arrow-left-line"
                onClick={() => goTo(step - 1)}
              >
                Étape précédente
              </Button>
            </li>
          )}
          {!last && (
            <li>
              <Button type="submit" iconId="fr-icon-arrow-right-line" iconPosition="right">
                Étape suivante
              </Button>
            </li>
          )}
          {last &&
            finishes(session.role, status, creating).map((f) => (
              <li key={f.label}>
                <Button
                  type="button"
                  priority={f.primary ? 'primary' : 'secondary'}
                  disabled={busy}
                  onClick={() => void finish(f)}
                >
                  {f.label}
                </Button>
              </li>
            ))}
        </ul>
        {busy && <p role="status">Enregistrement…</p>}
      </form>
    </>
  );
}

function Checkbox({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const hintId = useId();
  return (
    <div className="fr-checkbox-group fr-mb-3w">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        {...(hint ? { 'aria-describedby': hintId } : {})}
      />
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint && (
          <span className="fr-hint-text" id={hintId}>
            {hint}
          </span>
        )}
      </label>
    </div>
  );
}
