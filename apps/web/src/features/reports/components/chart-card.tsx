import type { ReactNode } from 'react';
import { Button } from '../../../ui/index.ts';
import { useOversightT } from '../../oversight/i18n/index.ts';
import type { Bar } from '../figures.ts';

/**
 * One chart with its text alternative: a table of every bar whose counts are buttons that open
 * the records behind them (WCAG 2.2 SC 1.1.1; the drill-down of issue 6 point 6).
 */
export function ChartCard(props: {
  id: string;
  title: string;
  bars: readonly Bar[];
  headers: readonly [string, string];
  labelOf: (bar: Bar) => string;
  onSelect: (bar: Bar, title: string) => void;
  chart: ReactNode;
}): ReactNode {
  const ot = useOversightT();
  return (
    <section className="panel chart-card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.chart}
      <details>
        <summary>{ot('reports.showTable')}</summary>
        <table className="table compact">
          <caption className="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.headers[0]}</th>
              <th scope="col" className="num">
                {props.headers[1]}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.bars.map((bar) => (
              <tr key={bar.key}>
                <th scope="row">{props.labelOf(bar)}</th>
                <td className="num">
                  <Button
                    variant="ghost"
                    className="count-button"
                    aria-label={`${bar.count}: ${ot('reports.drill', { figure: props.labelOf(bar) })}`}
                    onClick={() => {
                      props.onSelect(bar, `${props.title}: ${props.labelOf(bar)}`);
                    }}
                  >
                    {bar.count}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
