import type { ReactNode } from 'react';
import {
  Bar as BarShape,
  BarChart,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Bar } from '../figures.ts';

type Tone = 'accent' | 'warning' | 'danger';

const FILL: Record<Tone, string> = {
  accent: 'var(--accent)',
  warning: 'var(--warning-edge)',
  danger: 'var(--danger)',
};

interface ChartProps {
  readonly bars: readonly Bar[];
  /** The chart's summary, read by assistive technology (the table beside it has every figure). */
  readonly label: string;
  readonly labelOf: (bar: Bar) => string;
  readonly onSelect: (bar: Bar) => void;
  readonly tone?: Tone;
}

function rows(props: ChartProps) {
  return props.bars.map((bar) => ({ bar, name: props.labelOf(bar), count: bar.count }));
}

/**
 * The bars of a report figure (Recharts, with its keyboard and screen-reader layer): detentions
 * per day and delays as columns, breaches by kind as rows. A click on a bar selects its records;
 * the table beside each chart is the complete accessible way in.
 */
function Chart(props: ChartProps & { layout: 'horizontal' | 'vertical' }): ReactNode {
  const data = rows(props);
  const vertical = props.layout === 'vertical';
  const height = vertical ? Math.max(120, data.length * 30 + 20) : 240;
  return (
    <figure className="chart">
      <figcaption className="visually-hidden">{props.label}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={data}
          layout={props.layout}
          accessibilityLayer
          margin={{ top: 16, right: 24, bottom: 8, left: 8 }}
        >
          {vertical ? (
            <>
              <XAxis type="number" allowDecimals={false} hide />
              <YAxis type="category" dataKey="name" width={260} interval={0} />
            </>
          ) : (
            <>
              <XAxis dataKey="name" interval="preserveStartEnd" />
              <YAxis allowDecimals={false} width={36} />
            </>
          )}
          <Tooltip cursor={{ fill: 'var(--surface-2)' }} />
          <BarShape
            dataKey="count"
            fill={FILL[props.tone ?? 'accent']}
            isAnimationActive={false}
            cursor="pointer"
            onClick={(entry: { payload?: { bar?: Bar } }) => {
              if (entry.payload?.bar) props.onSelect(entry.payload.bar);
            }}
          >
            <LabelList dataKey="count" position={vertical ? 'right' : 'top'} />
          </BarShape>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Vertical bars: detentions per day, the delay histogram, late entries by unit. */
export function ColumnChart(props: ChartProps): ReactNode {
  return <Chart {...props} layout="horizontal" />;
}

/** Horizontal bars, one labelled row per kind: breaches by kind. */
export function RowChart(props: ChartProps): ReactNode {
  return <Chart {...props} tone={props.tone ?? 'danger'} layout="vertical" />;
}
