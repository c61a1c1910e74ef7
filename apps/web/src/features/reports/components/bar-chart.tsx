import type { ReactNode } from 'react';
import {
  Bar as BarShape,
  BarChart,
  LabelList,
  ResponsiveContainer,
  Text,
  Tooltip,
  XAxis,
  YAxis,
  type YAxisTickContentProps,
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
  /** The row chart's lines for a name (2; a unit's name takes 3). */
  readonly nameLines?: number;
}

/** The row chart's axis of names, px; a row is tall enough for its names' lines. */
const NAME_AXIS = 260;
const rowHeight = (lines: number): number => lines * 14 + 8;

/**
 * A name on the row chart's axis (a breach's kind, a unit's name: "Київське відділення поліції
 * ГУНП у Харківській області"): wrapped within the axis to at most `lines` lines, the rest cut
 * with "…", the whole name in its title (a tooltip) and in the table beside the chart.
 */
function nameTick(lines: number) {
  return function NameTick(props: YAxisTickContentProps): ReactNode {
    const name = String(props.payload.value);
    return (
      <g>
        <title>{name}</title>
        <Text
          x={props.x}
          y={props.y}
          textAnchor={props.textAnchor}
          verticalAnchor={props.verticalAnchor}
          fill={props.fill}
          className={props.className}
          width={NAME_AXIS - 16}
          maxLines={lines}
        >
          {name}
        </Text>
      </g>
    );
  };
}

function rows(props: ChartProps) {
  return props.bars.map((bar) => ({ bar, name: props.labelOf(bar), count: bar.count }));
}

/**
 * The bars of a report figure (Recharts, with its keyboard and screen-reader layer): detentions
 * per day and delays as columns, breaches by kind and late entries by unit as rows. A click on a bar selects its records;
 * the table beside each chart is the complete accessible way in.
 */
function Chart(props: ChartProps & { layout: 'horizontal' | 'vertical' }): ReactNode {
  const data = rows(props);
  const vertical = props.layout === 'vertical';
  const lines = props.nameLines ?? 2;
  const height = vertical ? Math.max(120, data.length * rowHeight(lines) + 20) : 240;
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
              <YAxis
                type="category"
                dataKey="name"
                width={NAME_AXIS}
                interval={0}
                tick={nameTick(lines)}
              />
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

/** Vertical bars: detentions per day, the delay histogram. */
export function ColumnChart(props: ChartProps): ReactNode {
  return <Chart {...props} layout="horizontal" />;
}

/**
 * Horizontal bars, one labelled row per name: breaches by kind, late entries by unit (a unit's
 * name is too long to stand under a column).
 */
export function RowChart(props: ChartProps): ReactNode {
  return <Chart {...props} tone={props.tone ?? 'danger'} layout="vertical" />;
}
