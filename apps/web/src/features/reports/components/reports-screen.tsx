import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ComplianceReport, ReportFigure, Unit } from '@custody/contracts';
import { useUser } from '../../../app/session.tsx';
import { useResource } from '../../../api/use-resource.ts';
import { useLocale } from '../../../i18n/index.ts';
import { Button, formatDateTime, ResourceView, SelectField, TextField } from '../../../ui/index.ts';
import { useOversightT, type OversightKey } from '../../oversight/i18n/index.ts';
import { getCompliance, listUnits } from '../api.ts';
import {
  breachesByKind,
  detentionsPerDay,
  lateEntriesByUnit,
  notificationDelays,
  periodOf,
  totals,
  type Bar,
} from '../figures.ts';
import { ColumnChart, RowChart } from './bar-chart.tsx';
import { ChartCard } from './chart-card.tsx';
import { DrillDown, type Selection } from './drill-down.tsx';
import '../../oversight/oversight.css';
import '../reports.css';

const DAY = 24 * 3600 * 1000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

interface Filter {
  readonly unitId: string;
  readonly from: string;
  readonly to: string;
}

function FilterForm(props: {
  initial: Filter;
  units: readonly Unit[];
  onApply: (f: Filter) => void;
}): ReactNode {
  const ot = useOversightT();
  const [draft, setDraft] = useState(props.initial);
  const [error, setError] = useState<string | undefined>();
  const options = [
    { value: '', label: ot('reports.allUnits') },
    ...props.units.map((u) => ({ value: u.id, label: u.name })),
  ];
  return (
    <form
      className="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (periodOf(draft.from, draft.to) === null) setError(ot('reports.periodInvalid'));
        else {
          setError(undefined);
          props.onApply(draft);
        }
      }}
    >
      {props.units.length > 1 && (
        <SelectField
          label={ot('reports.unit')}
          name="unitId"
          value={draft.unitId}
          options={options}
          onChange={(e) => {
            setDraft({ ...draft, unitId: e.target.value });
          }}
        />
      )}
      <TextField
        label={ot('reports.from')}
        name="from"
        type="date"
        value={draft.from}
        onChange={(e) => {
          setDraft({ ...draft, from: e.target.value });
        }}
      />
      <TextField
        label={ot('reports.to')}
        name="to"
        type="date"
        value={draft.to}
        error={error}
        onChange={(e) => {
          setDraft({ ...draft, to: e.target.value });
        }}
      />
      <Button type="submit" variant="primary">
        {ot('reports.apply')}
      </Button>
    </form>
  );
}

function Tile(props: { label: string; figure: ReportFigure; onSelect: () => void }): ReactNode {
  return (
    <li>
      <button type="button" className="tile" onClick={props.onSelect}>
        <span className="tile-count">{props.figure.count}</span>
        <span className="tile-label">{props.label}</span>
      </button>
    </li>
  );
}

function Dashboard(props: {
  report: ComplianceReport;
  units: readonly Unit[];
  onSelect: (s: Selection) => void;
}): ReactNode {
  const ot = useOversightT();
  const { locale } = useLocale();
  const { report } = props;
  const unitName = (id: string): string => props.units.find((u) => u.id === id)?.name ?? id;
  const t = totals(report);
  const perDay = detentionsPerDay(report);
  const byKind = breachesByKind(report);
  const delays = notificationDelays(report);
  const late = lateEntriesByUnit(report);
  const select = (bar: Bar, title: string): void => {
    props.onSelect({ title, figure: bar.figure });
  };
  const sum = (bars: readonly Bar[]): number => bars.reduce((n, b) => n + b.count, 0);
  const kindLabel = (b: Bar): string => ot(`breach.${b.key}` as OversightKey);
  const bucketLabel = (b: Bar): string => ot(`bucket.${b.key}` as OversightKey);
  return (
    <>
      <p className="muted">
        {ot('reports.generatedAt', {
          at: formatDateTime(report.generatedAt, locale),
          late: report.limits.lateEntryMinutes,
        })}
      </p>
      <ul className="tiles">
        {(['detentions', 'breaches', 'lateNotifications', 'lateEntries'] as const).map((k) => (
          <Tile
            key={k}
            label={ot(`reports.${k}`)}
            figure={t[k]}
            onSelect={() => {
              props.onSelect({ title: ot(`reports.${k}`), figure: t[k] });
            }}
          />
        ))}
      </ul>
      {t.detentions.count === 0 && <p className="notice">{ot('reports.noData')}</p>}
      <div className="chart-grid">
        <ChartCard
          id="chart-per-day"
          title={ot('reports.perDay')}
          bars={perDay}
          headers={[ot('reports.day'), ot('reports.count')]}
          labelOf={(b) => b.key.slice(5)}
          onSelect={select}
          chart={
            <ColumnChart
              bars={perDay}
              label={ot('reports.perDayLabel', { days: perDay.length, total: sum(perDay) })}
              labelOf={(b) => b.key.slice(5)}
              onSelect={(b) => {
                select(b, `${ot('reports.perDay')}: ${b.key}`);
              }}
            />
          }
        />
        <ChartCard
          id="chart-by-kind"
          title={ot('reports.byKind')}
          bars={byKind}
          headers={[ot('reports.kind'), ot('reports.count')]}
          labelOf={kindLabel}
          onSelect={select}
          chart={
            <RowChart
              bars={byKind}
              label={ot('reports.byKindLabel', { total: sum(byKind) })}
              labelOf={kindLabel}
              onSelect={(b) => {
                select(b, `${ot('reports.byKind')}: ${kindLabel(b)}`);
              }}
            />
          }
        />
        <ChartCard
          id="chart-delays"
          title={ot('reports.delays')}
          bars={delays}
          headers={[ot('reports.bucket'), ot('reports.count')]}
          labelOf={(b) => bucketLabel(b)}
          onSelect={select}
          chart={
            <ColumnChart
              tone="warning"
              bars={delays}
              label={ot('reports.delaysLabel', { total: sum(delays) })}
              labelOf={(b) => bucketLabel(b)}
              onSelect={(b) => {
                select(b, `${ot('reports.delays')}: ${bucketLabel(b)}`);
              }}
            />
          }
        />
        <ChartCard
          id="chart-late"
          title={ot('reports.lateEntriesTitle')}
          bars={late}
          headers={[ot('reports.unit'), ot('reports.count')]}
          labelOf={(b) => unitName(b.key)}
          onSelect={select}
          chart={
            <ColumnChart
              tone="warning"
              bars={late}
              label={ot('reports.lateEntriesLabel', { total: sum(late) })}
              labelOf={(b) => unitName(b.key)}
              onSelect={(b) => {
                select(b, `${ot('reports.lateEntriesTitle')}: ${unitName(b.key)}`);
              }}
            />
          }
        />
      </div>
    </>
  );
}

/**
 * The supervisor and HQ compliance dashboard (issue 6 point 6; domain.md §7): filtered by unit and
 * period, four hand-drawn charts, each figure drilling down to its records.
 */
export default function ReportsScreen(): ReactNode {
  const ot = useOversightT();
  const user = useUser();
  const [filter, setFilter] = useState<Filter>(() => {
    const today = Date.now();
    return { unitId: user.unitId ?? '', from: isoDay(today - 29 * DAY), to: isoDay(today) };
  });
  const [selection, setSelection] = useState<Selection | null>(null);
  const [units] = useResource(listUnits, []);
  const [report] = useResource(() => {
    const period = periodOf(filter.from, filter.to);
    if (period === null) return Promise.reject(new Error(ot('reports.periodInvalid')));
    return getCompliance({ unitId: filter.unitId || undefined, ...period });
  }, [filter]);
  return (
    <>
      <h1>{ot('reports.title')}</h1>
      <p className="muted">{ot('reports.intro')}</p>
      <ResourceView resource={units}>
        {(list) => (
          <>
            <FilterForm
              initial={filter}
              units={list}
              onApply={(f) => {
                setSelection(null);
                setFilter(f);
              }}
            />
            <ResourceView resource={report}>
              {(data) => <Dashboard report={data} units={list} onSelect={setSelection} />}
            </ResourceView>
          </>
        )}
      </ResourceView>
      {selection && (
        <DrillDown
          selection={selection}
          onClose={() => {
            setSelection(null);
          }}
        />
      )}
    </>
  );
}
