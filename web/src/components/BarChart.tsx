import { useId, type CSSProperties, type ReactNode } from 'react';
import './BarChart.css';

export interface BarChartColumn<Row> {
  /** Column header of the data table. */
  header: string;
  /** Cell text. */
  render: (row: Row) => ReactNode;
  /** Right-aligned (numbers). */
  numeric?: boolean;
}

export interface BarChartProps<Row> {
  /** What the chart shows; the figure's caption and the data table's caption. */
  caption: string;
  /** Element of the caption: a heading when the chart is a section of its own. Default: span. */
  captionAs?: 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'span';
  /** Optional sentence under the caption (source, unit, date…). */
  description?: ReactNode;
  /** The data, in the order the bars are drawn. */
  rows: readonly Row[];
  /** Label of a bar (and first cell of its table row, a row header). */
  getLabel: (row: Row) => string;
  /** Length of a bar. */
  getValue: (row: Row) => number;
  /** How a value is written next to its bar and in the table; default: French integer. */
  formatValue?: (value: number) => string;
  /** Headers of the table's first two columns, e.g. "Secteur" and "Offres". */
  labelHeader: string;
  valueHeader: string;
  /** More columns, in the table only. */
  extraColumns?: readonly BarChartColumn<Row>[];
  /**
   * Bars after this many are drawn as one grey bar labelled by `othersLabel` (their sum);
   * the table always lists every row.
   */
  maxBars?: number;
  othersLabel?: (count: number) => string;
  /** Label of the disclosure that shows the table. */
  tableToggleLabel?: string;
  /** Shown instead of the chart when there are no rows. */
  emptyMessage?: string;
  className?: string;
}

const defaultFormat = (value: number): string => new Intl.NumberFormat('fr-FR').format(value);

interface Bar {
  key: string;
  label: string;
  value: number;
}

/**
 * Horizontal bar chart in plain HTML and CSS, readable without seeing it: every bar carries its
 * label and its value as text, and the same data is offered as a table ("Voir les données en
 * tableau"). The bars themselves are decorative (RGAA 1.1 / 1.3: the information is in the text).
 * Colours come from DSFR tokens, so light and dark themes both work; in forced-colors mode the
 * bars use the system text colour.
 */
export function BarChart<Row>(props: BarChartProps<Row>) {
  const {
    caption,
    captionAs: CaptionTag = 'span',
    description,
    rows,
    getLabel,
    getValue,
    formatValue = defaultFormat,
    labelHeader,
    valueHeader,
    extraColumns = [],
    maxBars,
    othersLabel = (count) => `Autres (${count})`,
    tableToggleLabel = 'Voir les données en tableau',
    emptyMessage = 'Aucune donnée à afficher.',
    className,
  } = props;
  const captionId = useId();

  const all: Bar[] = rows.map((row, i) => ({ key: `${i}`, label: getLabel(row), value: getValue(row) }));
  let bars = all;
  if (maxBars !== undefined && all.length > maxBars + 1) {
    const rest = all.slice(maxBars);
    bars = [
      ...all.slice(0, maxBars),
      { key: 'others', label: othersLabel(rest.length), value: rest.reduce((sum, b) => sum + b.value, 0) },
    ];
  }
  const max = Math.max(0, ...bars.map((b) => b.value));

  return (
    <figure className={['sts-bar-chart', className].filter(Boolean).join(' ')} aria-labelledby={captionId}>
      <figcaption className="sts-bar-chart__caption">
        <CaptionTag id={captionId} className="sts-bar-chart__title">
          {caption}
        </CaptionTag>
        {description !== undefined && <span className="sts-bar-chart__description">{description}</span>}
      </figcaption>
      {rows.length === 0 ? (
        <p className="sts-bar-chart__empty">{emptyMessage}</p>
      ) : (
        <>
          <ul className="sts-bar-chart__list">
            {bars.map((bar) => (
              <li key={bar.key} className="sts-bar-chart__item">
                <span className="sts-bar-chart__label">{bar.label}</span>
                <span className="sts-bar-chart__track">
                  <span
                    className={
                      bar.key === 'others'
                        ? 'sts-bar-chart__bar sts-bar-chart__bar--others'
                        : 'sts-bar-chart__bar'
                    }
                    aria-hidden="true"
                    style={{ '--sts-bar-ratio': String(max === 0 ? 0 : bar.value / max) } as CSSProperties}
                  />
                  <span className="sts-bar-chart__value">
                    <span className="fr-sr-only"> : </span>
                    {formatValue(bar.value)}
                  </span>
                </span>
              </li>
            ))}
          </ul>
          <details className="sts-bar-chart__details">
            <summary className="sts-bar-chart__summary">{tableToggleLabel}</summary>
            <div className="fr-table fr-table--no-scroll sts-bar-chart__table">
              <div className="fr-table__wrapper">
                <div className="fr-table__container">
                  <div className="fr-table__content">
                    <table>
                      <caption>{caption}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{labelHeader}</th>
                          <th scope="col" className="fr-cell--right">
                            {valueHeader}
                          </th>
                          {extraColumns.map((column) => (
                            <th
                              key={column.header}
                              scope="col"
                              className={column.numeric ? 'fr-cell--right' : undefined}
                            >
                              {column.header}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((row, i) => (
                          <tr key={i}>
                            <th scope="row">{getLabel(row)}</th>
                            <td className="fr-cell--right">{formatValue(getValue(row))}</td>
                            {extraColumns.map((column) => (
                              <td
                                key={column.header}
                                className={column.numeric ? 'fr-cell--right' : undefined}
                              >
                                {column.render(row)}
                              </td>
                            ))}
                          </tr>
                        ))}
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
