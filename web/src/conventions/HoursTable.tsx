import type { CampaignLimits } from '../../../src/domain/campaign.ts';
import { formatDuration, parseTime } from '../../../src/domain/hours.ts';
import type { ConventionProblem } from './api.ts';
import { DAY_LABELS, hoursDomId, hoursOfDays, hoursProblemsByDay, type DayForm } from './logic.ts';

function presence(d: DayForm): string {
  const from = parseTime(d.from);
  const to = parseTime(d.to);
  const pause = Number(d.breakMinutes || 0);
  if (from === null || to === null || to <= from || !Number.isFinite(pause)) return '—';
  const minutes = to - from - pause;
  return minutes > 0 ? formatDuration(minutes) : '—';
}

/**
 * The convention's daily hours, Monday to Saturday (from, to, break), checked at each change with
 * the domain's rules (the server's wording): each day's problems on its row, the week's under the table.
 */
export function HoursTable({
  prefix,
  days,
  limits,
  problems,
  onChange,
  readOnly = false,
}: {
  prefix: string;
  days: DayForm[];
  limits: CampaignLimits;
  problems: readonly ConventionProblem[];
  onChange: (days: DayForm[]) => void;
  readOnly?: boolean;
}) {
  const { byDay, week } = hoursProblemsByDay(problems);
  const total = hoursOfDays(days).reduce((sum, h) => {
    const from = parseTime(h.from);
    const to = parseTime(h.to);
    return from !== null && to !== null && to > from && Number.isFinite(h.breakMinutes)
      ? sum + Math.max(0, to - from - h.breakMinutes)
      : sum;
  }, 0);
  const set = (i: number, patch: Partial<DayForm>) =>
    onChange(days.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const weekId = `${hoursDomId(prefix)}-semaine`;
  return (
    <div id={hoursDomId(prefix)} tabIndex={-1}>
      <p className="fr-text--sm">
        Limites : {formatDuration(limits.maxMinutesPerDay)} de présence par jour,{' '}
        {formatDuration(limits.maxMinutesPerWeek)} par semaine, au moins {limits.minDaysPerWeek} jours, entre{' '}
        {formatDuration(parseTime(limits.earliestStart) ?? 0)} et{' '}
        {formatDuration(parseTime(limits.latestEnd) ?? 0)}, une pause d’au moins{' '}
        {formatDuration(limits.breakMinutes)} au-delà de {formatDuration(limits.breakAfterMinutes)},{' '}
        {limits.minRestHours} h de repos entre deux journées, {limits.consecutiveRestDays} jours de repos
        consécutifs. Les horaires sont vérifiés à chaque modification.
      </p>
      <div className="fr-table">
        <table data-testid="convention-hours">
          <caption>Horaires de présence de l’élève, du lundi au samedi</caption>
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
            {days.map((d, i) => {
              const day = i + 1;
              const name = DAY_LABELS[i]!;
              const lower = name.toLowerCase();
              const messages = byDay.get(day) ?? [];
              const msgId = `${prefix}-hours-${day}-msg`;
              const inputProps = {
                disabled: readOnly || !d.enabled,
                'aria-invalid': (d.enabled && messages.length > 0) || undefined,
                'aria-describedby': msgId,
              };
              return (
                <tr key={day} data-testid={`convention-hours-${day}`}>
                  <th scope="row">
                    <div className="fr-checkbox-group fr-checkbox-group--sm">
                      <input
                        type="checkbox"
                        id={`${prefix}-hours-${day}-on`}
                        checked={d.enabled}
                        disabled={readOnly}
                        onChange={(e) => set(i, { enabled: e.target.checked })}
                      />
                      <label className="fr-label" htmlFor={`${prefix}-hours-${day}-on`}>
                        {name}
                      </label>
                    </div>
                  </th>
                  <td>
                    <label className="fr-sr-only" htmlFor={`${prefix}-hours-${day}-from`}>
                      Arrivée le {lower}
                    </label>
                    <input
                      className="fr-input"
                      type="time"
                      id={`${prefix}-hours-${day}-from`}
                      value={d.from}
                      onChange={(e) => set(i, { from: e.target.value })}
                      {...inputProps}
                    />
                  </td>
                  <td>
                    <label className="fr-sr-only" htmlFor={`${prefix}-hours-${day}-to`}>
                      Départ le {lower}
                    </label>
                    <input
                      className="fr-input"
                      type="time"
                      id={`${prefix}-hours-${day}-to`}
                      value={d.to}
                      onChange={(e) => set(i, { to: e.target.value })}
                      {...inputProps}
                    />
                  </td>
                  <td>
                    <label className="fr-sr-only" htmlFor={`${prefix}-hours-${day}-break`}>
                      Pause le {lower}, en minutes
                    </label>
                    <input
                      className="fr-input"
                      type="number"
                      min={0}
                      step={5}
                      inputMode="numeric"
                      id={`${prefix}-hours-${day}-break`}
                      value={d.breakMinutes}
                      onChange={(e) => set(i, { breakMinutes: e.target.value })}
                      {...inputProps}
                    />
                  </td>
                  <td>{d.enabled ? presence(d) : 'Absent'}</td>
                  <td id={msgId}>
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
      <div id={weekId} aria-live="polite" data-testid="convention-hours-check">
        {week.map((m) => (
          <p key={m} className="fr-message fr-message--error">
            {m}
          </p>
        ))}
        {week.length === 0 && byDay.size === 0 && (
          <p className="fr-message fr-message--valid">Les horaires respectent les règles.</p>
        )}
        {byDay.size > 0 && <p className="fr-sr-only">{[...byDay.values()].flat().join(' ')}</p>}
      </div>
    </div>
  );
}
