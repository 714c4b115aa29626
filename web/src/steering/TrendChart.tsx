/**
 * The trend of the signed share, day by day: this campaign against last year's, both aligned on
 * the days left before the first week.
 *
 * Drawn as inline SVG by hand rather than with a chart library: the charts of these pages are
 * bars (plain HTML, components/BarChart.tsx) and this one line chart, simple enough to draw
 * directly; the DSFR's chart components exist only as Vue web components (they would bring the
 * Vue runtime into a React app), and a generic library would add weight for one polyline. The
 * drawing is decorative for assistive technologies (it has a text summary), and the same data is
 * given as a table.
 */
import { useId } from 'react';
import type { Dashboard } from './api.ts';
import { formatShare, trendGeometry, trendSeries, type TrendPoint } from './logic.ts';

const BOX = { width: 720, height: 280, left: 48, right: 16, top: 16, bottom: 40 };

function dayLabel(days: number): string {
  if (days === 0) return 'semaine 1';
  return days > 0 ? `J−${days}` : `J+${-days}`;
}

function summary(thisYear: TrendPoint[], lastYear: TrendPoint[]): string {
  const last = thisYear.at(-1);
  if (!last) return 'Aucune donnée pour cette campagne.';
  const text = `Cette année, ${formatShare(last.share)} des élèves ont une convention signée ${
    last.daysBeforeWeek1 > 0 ? `${last.daysBeforeWeek1} jours avant la semaine 1` : 'à la semaine 1'
  }`;
  const same = lastYear.find((p) => p.daysBeforeWeek1 === last.daysBeforeWeek1);
  return same ? `${text} ; l’an dernier au même moment : ${formatShare(same.share)}.` : `${text}.`;
}

export function TrendChart({ trend, week1Start }: { trend: Dashboard['trend']; week1Start: string | null }) {
  const titleId = useId();
  const series = trendSeries(trend.days, trend.lastYear, week1Start);
  const geometry = trendGeometry(series, BOX);
  const hasData = series.thisYear.length > 0 || series.lastYear.length > 0;

  // one table row per day before week 1 present in either campaign, earliest first
  const days = [...new Set([...series.thisYear, ...series.lastYear].map((p) => p.daysBeforeWeek1))].sort(
    (a, b) => b - a,
  );
  const shareOn = (points: TrendPoint[], d: number) => points.find((p) => p.daysBeforeWeek1 === d)?.share;

  return (
    <figure className="sts-trend" aria-labelledby={titleId}>
      <figcaption>
        <h3 id={titleId} className="fr-h5 fr-mb-1w">
          Évolution de la part des élèves placés (convention signée)
        </h3>
        <p className="fr-text--sm sts-mention fr-mb-1w">
          Jour par jour, en jours avant le début de la semaine 1 ; cette année en trait plein, l’an dernier en
          pointillés.
        </p>
      </figcaption>
      {!hasData ? (
        <p>Aucun relevé quotidien pour le moment : la courbe apparaîtra après le premier jour de campagne.</p>
      ) : (
        <>
          <p className="fr-text--sm">{summary(series.thisYear, series.lastYear)}</p>
          <ul className="sts-trend__legend" aria-hidden="true">
            <li>
              <svg width="32" height="10">
                <line x1="0" y1="5" x2="32" y2="5" className="sts-trend__line" />
              </svg>
              Cette année
            </li>
            {series.lastYear.length > 0 && (
              <li>
                <svg width="32" height="10">
                  <line x1="0" y1="5" x2="32" y2="5" className="sts-trend__line sts-trend__line--last" />
                </svg>
                L’an dernier
              </li>
            )}
          </ul>
          <svg
            className="sts-trend__svg"
            viewBox={`0 0 ${BOX.width} ${BOX.height}`}
            aria-hidden="true"
            focusable="false"
          >
            {geometry.yTicks.map((t) => (
              <g key={t.share}>
                <line
                  x1={BOX.left}
                  x2={BOX.width - BOX.right}
                  y1={t.y}
                  y2={t.y}
                  className="sts-trend__grid"
                />
                <text x={BOX.left - 6} y={t.y + 4} textAnchor="end" className="sts-trend__tick">
                  {formatShare(t.share)}
                </text>
              </g>
            ))}
            {geometry.xTicks.map((t) => (
              <text
                key={t.days}
                x={t.x}
                y={BOX.height - BOX.bottom + 18}
                textAnchor="middle"
                className="sts-trend__tick"
              >
                {dayLabel(t.days)}
              </text>
            ))}
            {geometry.week1X !== null && (
              <line
                x1={geometry.week1X}
                x2={geometry.week1X}
                y1={BOX.top}
                y2={BOX.height - BOX.bottom}
                className="sts-trend__week1"
              />
            )}
            {geometry.lastYear && (
              <path d={geometry.lastYear} className="sts-trend__line sts-trend__line--last" fill="none" />
            )}
            {geometry.thisYear && <path d={geometry.thisYear} className="sts-trend__line" fill="none" />}
          </svg>
          <details className="sts-bar-chart__details">
            <summary className="sts-bar-chart__summary">Voir les données en tableau</summary>
            <div className="fr-table fr-table--no-scroll">
              <div className="fr-table__wrapper">
                <div className="fr-table__container">
                  <div className="fr-table__content">
                    <table>
                      <caption>Part des élèves placés, jour par jour</caption>
                      <thead>
                        <tr>
                          <th scope="col">Jours avant la semaine 1</th>
                          <th scope="col" className="fr-cell--right">
                            Cette année
                          </th>
                          <th scope="col" className="fr-cell--right">
                            L’an dernier
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {days.map((d) => {
                          const now = shareOn(series.thisYear, d);
                          const before = shareOn(series.lastYear, d);
                          return (
                            <tr key={d}>
                              <th scope="row">{dayLabel(d)}</th>
                              <td className="fr-cell--right">{now === undefined ? '—' : formatShare(now)}</td>
                              <td className="fr-cell--right">
                                {before === undefined ? '—' : formatShare(before)}
                              </td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </div>
                </div>
              </div>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}
