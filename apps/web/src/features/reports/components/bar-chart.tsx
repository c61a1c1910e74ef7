import type { ReactNode } from 'react';
import type { Bar } from '../figures.ts';

const W = 640;
const H = 220;
const PAD = { top: 16, right: 8, bottom: 44, left: 36 };

function niceMax(n: number): number {
  if (n <= 5) return Math.max(n, 1);
  const step = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / step) * step;
}

/**
 * Vertical bars drawn by hand in SVG (detentions per day, the delay histogram). The SVG is an
 * image with a summary label; the table beside it is the accessible and keyboard way in.
 * A click on a bar selects its records.
 */
export function ColumnChart(props: {
  bars: readonly Bar[];
  label: string;
  labelOf: (bar: Bar) => string;
  onSelect: (bar: Bar) => void;
  tone?: 'accent' | 'warning';
}): ReactNode {
  const max = niceMax(Math.max(0, ...props.bars.map((b) => b.count)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(props.bars.length, 1);
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const every = Math.ceil(props.bars.length / 12);
  return (
    <svg
      className={`chart chart-${props.tone ?? 'accent'}`}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={props.label}
    >
      <line
        x1={PAD.left}
        x2={W - PAD.right}
        y1={PAD.top + plotH}
        y2={PAD.top + plotH}
        className="axis"
      />
      <text x={PAD.left - 6} y={PAD.top + 4} className="tick" textAnchor="end">
        {max}
      </text>
      <text x={PAD.left - 6} y={PAD.top + plotH} className="tick" textAnchor="end">
        0
      </text>
      {props.bars.map((bar, i) => {
        const h = (bar.count / max) * plotH;
        const x = PAD.left + i * slot + (slot - barW) / 2;
        return (
          <g
            key={bar.key}
            className="bar"
            onClick={() => {
              props.onSelect(bar);
            }}
          >
            <rect x={x} y={PAD.top + plotH - h} width={barW} height={Math.max(h, 0)} />
            {bar.count > 0 && (
              <text
                x={x + barW / 2}
                y={PAD.top + plotH - h - 4}
                className="value"
                textAnchor="middle"
              >
                {bar.count}
              </text>
            )}
            {i % every === 0 && (
              <text x={x + barW / 2} y={H - PAD.bottom + 18} className="tick" textAnchor="middle">
                {props.labelOf(bar)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Horizontal bars drawn by hand in SVG (breaches by kind), one labelled row per kind. */
export function RowChart(props: {
  bars: readonly Bar[];
  label: string;
  labelOf: (bar: Bar) => string;
  onSelect: (bar: Bar) => void;
}): ReactNode {
  const row = 26;
  const labelW = 300;
  const height = props.bars.length * row + 8;
  const max = niceMax(Math.max(0, ...props.bars.map((b) => b.count)));
  const plotW = W - labelW - 40;
  return (
    <svg
      className="chart chart-danger"
      viewBox={`0 0 ${W} ${height}`}
      role="img"
      aria-label={props.label}
    >
      {props.bars.map((bar, i) => {
        const y = 4 + i * row;
        const w = (bar.count / max) * plotW;
        return (
          <g
            key={bar.key}
            className="bar"
            onClick={() => {
              props.onSelect(bar);
            }}
          >
            <text x={labelW - 8} y={y + row / 2 + 5} className="tick" textAnchor="end">
              {props.labelOf(bar)}
            </text>
            <rect x={labelW} y={y + 3} width={Math.max(w, 0)} height={row - 8} />
            <text x={labelW + w + 6} y={y + row / 2 + 5} className="value">
              {bar.count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
