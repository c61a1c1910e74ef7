import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ComplianceCounts, Unit } from '@custody/contracts';
import { useUser } from '../../../app/session.tsx';
import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../api/query-client.ts';
import { unitsQuery } from '../../admin/api.ts';
import { useLocale } from '../../../i18n/index.ts';
import { Button, formatDateTime, ResourceView, SelectField, TextField } from '../../../ui/index.ts';
import { useOversightT, type OversightKey } from '../../oversight/i18n/index.ts';
import { zoneName } from '../../record/time.ts';
import { DEFAULT_TIME_ZONE, usableTimeZone } from '../../record/use-unit-time-zone.ts';
import { getComplianceCounts } from '../api.ts';
import {
  breachesByKind,
  detentionsPerDay,
  lastThirtyDays,
  lateEntriesByUnit,
  notificationDelays,
  periodOf,
  periodZone,
  totals,
  type Bar,
} from '../figures.ts';
import { ColumnChart, RowChart } from './bar-chart.tsx';
import { ChartCard } from './chart-card.tsx';
import { DrillDown, type Selection } from './drill-down.tsx';
import '../../oversight/oversight.css';
import '../reports.css';

interface Filter {
  readonly unitId: string;
  readonly from: string;
  readonly to: string;
}

function FilterForm(props: {
  initial: Filter;
  units: readonly Unit[];
  zoneFor: (unitId: string) => string;
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
        if (periodOf(draft.from, draft.to, props.zoneFor(draft.unitId)) === null)
          setError(ot('reports.periodInvalid'));
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

/** A day of the chart (YYYY-MM-DD as the server dates it) as people write it: "03.12", "03/12". */
function dayLabel(key: string, locale: string, withYear = false): string {
  const [y = '', m = '', d = ''] = key.split('-');
  const sep = locale === 'uk' ? '.' : '/';
  return withYear ? [d, m, y].join(sep) : [d, m].join(sep);
}

function Tile(props: { label: string; bar: Bar; onSelect: () => void }): ReactNode {
  return (
    <li>
      <button type="button" className="tile" onClick={props.onSelect}>
        <span className="tile-count">{props.bar.count}</span>
        <span className="tile-label">{props.label}</span>
      </button>
    </li>
  );
}

function Dashboard(props: {
  report: ComplianceCounts;
  units: readonly Unit[];
  timeZone: string;
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
    props.onSelect({ title, parts: bar.parts });
  };
  const selectDay = (bar: Bar, title: string): void => {
    props.onSelect({ title, day: bar.key });
  };
  const sum = (bars: readonly Bar[]): number => bars.reduce((n, b) => n + b.count, 0);
  const kindLabel = (b: Bar): string => ot(`breach.${b.key}` as OversightKey);
  const bucketLabel = (b: Bar): string => ot(`bucket.${b.key}` as OversightKey);
  return (
    <>
      <p className="muted">
        {ot('reports.generatedAt', {
          at: formatDateTime(report.generatedAt, locale, props.timeZone),
          late: report.limits.lateEntryMinutes,
        })}
      </p>
      <ul className="tiles">
        {(['detentions', 'breaches', 'lateNotifications', 'lateEntries'] as const).map((k) => (
          <Tile
            key={k}
            label={ot(`reports.${k}`)}
            bar={t[k]}
            onSelect={() => {
              props.onSelect({ title: ot(`reports.${k}`), parts: t[k].parts });
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
          labelOf={(b) => dayLabel(b.key, locale)}
          onSelect={selectDay}
          chart={
            <ColumnChart
              bars={perDay}
              label={ot('reports.perDayLabel', { days: perDay.length, total: sum(perDay) })}
              labelOf={(b) => dayLabel(b.key, locale)}
              onSelect={(b) => {
                selectDay(b, `${ot('reports.perDay')}: ${dayLabel(b.key, locale, true)}`);
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
            <RowChart
              tone="warning"
              nameLines={3}
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
 * The filter, the figures and the drill-down, once the units are known: the period is whole days
 * on the clock of the chosen unit (or of every unit, when they share a zone), as are its defaults
 * and every time shown, whatever the browser's zone.
 */
function Reports(props: { units: readonly Unit[] }): ReactNode {
  const ot = useOversightT();
  const user = useUser();
  const zoneFor = (unitId: string): string =>
    usableTimeZone(periodZone(unitId, props.units, DEFAULT_TIME_ZONE));
  const [filter, setFilter] = useState<Filter>(() => {
    const unitId = user.unitId ?? '';
    return { unitId, ...lastThirtyDays(Date.now(), zoneFor(unitId)) };
  });
  const timeZone = zoneFor(filter.unitId);
  const mixed = !filter.unitId && new Set(props.units.map((u) => u.timeZone)).size > 1;
  const [selection, setSelection] = useState<Selection | null>(null);
  const report = useQuery({
    queryKey: keys.report({ filter, timeZone }),
    queryFn: () => {
      const period = periodOf(filter.from, filter.to, timeZone);
      if (period === null) return Promise.reject(new Error(ot('reports.periodInvalid')));
      return getComplianceCounts({ unitId: filter.unitId || undefined, ...period });
    },
  });
  return (
    <>
      <FilterForm
        initial={filter}
        units={props.units}
        zoneFor={zoneFor}
        onApply={(f) => {
          setSelection(null);
          setFilter(f);
        }}
      />
      <p className="muted report-zone">
        {ot(mixed ? 'reports.timeZoneMixed' : 'reports.timeZone', { zone: zoneName(timeZone) })}
      </p>
      <ResourceView query={report}>
        {(data) => (
          <Dashboard
            report={data}
            units={props.units}
            timeZone={timeZone}
            onSelect={setSelection}
          />
        )}
      </ResourceView>
      {selection && report.data && (
        <DrillDown
          selection={selection}
          period={{ from: report.data.from, to: report.data.to }}
          unitId={filter.unitId}
          units={props.units}
          timeZone={timeZone}
          onClose={() => {
            setSelection(null);
          }}
        />
      )}
    </>
  );
}

/**
 * The supervisor and HQ compliance dashboard (issue 6 point 6; domain.md §7): filtered by unit and
 * period, four hand-drawn charts, each figure drilling down to its records.
 */
export default function ReportsScreen(): ReactNode {
  const ot = useOversightT();
  const units = useQuery(unitsQuery());
  return (
    <>
      <h1>{ot('reports.title')}</h1>
      <p className="muted">{ot('reports.intro')}</p>
      <ResourceView query={units}>{(list) => <Reports units={list} />}</ResourceView>
    </>
  );
}
