import { useId } from 'react';
import type { CampaignLimits } from '../../../src/domain/campaign.ts';
import { checkHours, formatDuration, parseTime, type HoursViolation } from '../../../src/domain/hours.ts';
import { DAY_LABELS, hoursOf, type DayForm, type OfferForm } from './form.ts';

/** The hours' violations, by day (1–6) and for the whole week, from the domain's rules. */
export function hoursCheck(form: OfferForm, limits: CampaignLimits) {
  const violations = checkHours(hoursOf(form), limits);
  const byDay = new Map<number, HoursViolation[]>();
  const week: HoursViolation[] = [];
  for (const v of violations) {
    if (v.day === undefined) week.push(v);
    else byDay.set(v.day, [...(byDay.get(v.day) ?? []), v]);
  }
  return { violations, byDay, week };
}

function presence(d: DayForm): string {
  const from = parseTime(d.from);
  const to = parseTime(d.to);
  const pause = Number(d.breakMinutes || 0);
  if (from === null || to === null || to <= from || !Number.isFinite(pause)) return '—';
  const minutes = to - from - pause;
  return minutes > 0 ? formatDuration(minutes) : '—';
}

/** Sentence that capitalises the domain's message ("lundi : …" → "Lundi : …"). */
function sentence(message: string): string {
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
}

/**
 * The daily hours, Monday to Saturday, checked on every change against the campaign's limits
 * (the same functions as the server's): each day's problems next to its row, the week's below.
 */
export function HoursStep({
  form,
  limits,
  onChange,
  serverErrors,
}: {
  form: OfferForm;
  limits: CampaignLimits;
  onChange: (days: DayForm[]) => void;
  serverErrors: Record<string, string>;
}) {
  const id = useId();
  const { byDay, week } = hoursCheck(form, limits);
  const total = hoursOf(form).reduce((sum, h) => {
    const from = parseTime(h.from);
    const to = parseTime(h.to);
    return from !== null && to !== null && to > from ? sum + Math.max(0, to - from - h.breakMinutes) : sum;
  }, 0);
  const set = (i: number, patch: Partial<DayForm>) =>
    onChange(form.days.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const weekMessages = [...week.map((v) => sentence(v.message))];
  if (serverErrors.hours) weekMessages.push(serverErrors.hours);
  return (
    <>
      <p>
        Cochez les jours de présence de l’élève et indiquez ses heures d’arrivée et de départ, et la pause du
        midi. Limites de la campagne : {formatDuration(limits.maxMinutesPerDay)} de présence par jour,{' '}
        {formatDuration(limits.maxMinutesPerWeek)} par semaine, au moins {limits.minDaysPerWeek} jours, entre{' '}
        {formatDuration(parseTime(limits.earliestStart) ?? 0)} et{' '}
        {formatDuration(parseTime(limits.latestEnd) ?? 0)}, une pause d’au moins{' '}
        {formatDuration(limits.breakMinutes)} au-delà de {formatDuration(limits.breakAfterMinutes)}. Les
        horaires sont vérifiés à chaque modification.
      </p>
      <div className="fr-table sts-hours">
        <table>
          <caption>Horaires de présence de l’élève</caption>
          <thead>
            <tr>
              <th scope="col">Jour</th>
              <th scope="col">Arrivée</th>
              <th scope="col">Départ</th>
              <th scope="col">Pause (minutes)</th>
              <th scope="col">Présence</th>
              <th scope="col">Vérification</th>
            </tr>
          </thead>
          <tbody>
            {form.days.map((d, i) => {
              const day = i + 1;
              const name = DAY_LABELS[i]!;
              const messages = (byDay.get(day) ?? []).map((v) => sentence(v.message));
              const server = serverErrors[`hours.${day}`];
              if (server && messages.length === 0) messages.push(server);
              const msgId = `${id}-msg-${day}`;
              const invalid = d.enabled && messages.length > 0;
              const inputProps = {
                disabled: !d.enabled,
                'aria-invalid': invalid || undefined,
                'aria-describedby': msgId,
              };
              return (
                <tr key={day} data-testid={`hours-${day}`}>
                  <th scope="row">
                    <div className="fr-checkbox-group fr-checkbox-group--sm">
                      <input
                        type="checkbox"
                        id={`${id}-on-${day}`}
                        checked={d.enabled}
                        onChange={(e) => set(i, { enabled: e.target.checked })}
                      />
                      <label className="fr-label" htmlFor={`${id}-on-${day}`}>
                        {name}
                      </label>
                    </div>
                  </th>
                  <td>
                    <label className="fr-sr-only" htmlFor={`${id}-from-${day}`}>
                      Arrivée le {name.toLowerCase()}
                    </label>
                    <input
                      className="fr-input"
                      type="time"
                      id={`${id}-from-${day}`}
                      value={d.from}
                      onChange={(e) => set(i, { from: e.target.value })}
                      {...inputProps}
                    />
                  </td>
                  <td>
                    <label className="fr-sr-only" htmlFor={`${id}-to-${day}`}>
                      Départ le {name.toLowerCase()}
                    </label>
                    <input
                      className="fr-input"
                      type="time"
                      id={`${id}-to-${day}`}
                      value={d.to}
                      onChange={(e) => set(i, { to: e.target.value })}
                      {...inputProps}
                    />
                  </td>
                  <td>
                    <label className="fr-sr-only" htmlFor={`${id}-break-${day}`}>
                      Pause le {name.toLowerCase()}, en minutes
                    </label>
                    <input
                      className="fr-input"
                      type="number"
                      min={0}
                      step={5}
                      inputMode="numeric"
                      id={`${id}-break-${day}`}
                      value={d.breakMinutes}
                      onChange={(e) => set(i, { breakMinutes: e.target.value })}
                      {...inputProps}
                    />
                  </td>
                  <td>{d.enabled ? presence(d) : 'Absent'}</td>
                  <td id={msgId} aria-live="polite">
                    {!d.enabled ? (
                      <span className="fr-hint-text">Jour non travaillé</span>
                    ) : messages.length > 0 ? (
                      messages.map((m) => (
                        <p key={m} className="fr-message fr-message--error fr-mb-0">
                          {m}
                        </p>
                      ))
                    ) : (
                      <p className="fr-message fr-message--valid fr-mb-0">Conforme</p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>
        Total de la semaine : <strong>{formatDuration(total)}</strong> de présence.
      </p>
      <div aria-live="polite" data-testid="hours-week" id="offre-hours" tabIndex={-1}>
        {weekMessages.map((m) => (
          <p key={m} className="fr-message fr-message--error">
            {m}
          </p>
        ))}
      </div>
    </>
  );
}
