import { useState, type ReactNode } from 'react';
import { EVENT_LABELS, type EventType } from '@custody/domain';
import type { ReportFinding, ReportRecord, Unit } from '@custody/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { keys } from '../../../api/query-client.ts';
import { useLocale, type Locale } from '../../../i18n/index.ts';
import { Button, DataTable, formatDateTime, ResourceView, type Column } from '../../../ui/index.ts';
import { useOversightT, type OversightKey, type OversightT } from '../../oversight/i18n/index.ts';
import { isDutyKey, useDutyT, type DutyT } from '../../record/i18n/use-duty-t.ts';
import { INSTANT } from '../../record/payload/payload-fields.ts';
import { getComplianceCounts, getComplianceFindings } from '../api.ts';
import { BREACH_KINDS, partsOf, periodOf, type Part } from '../figures.ts';

/**
 * What the drill-down opens: the parts of a figure (per unit and figure of the counts answer),
 * or a day of the detentions chart, whose parts are the counts of that day.
 */
export type Selection =
  | { readonly title: string; readonly parts: readonly Part[] }
  | { readonly title: string; readonly day: string };

/** Findings per page, and the parts opened at once (the others on demand). */
const PAGE = 50;
const OPEN_AT_ONCE = 3;
/** Parts listed at once (every unit of a country has hundreds): more on "show more". */
const PARTS_PAGE = 20;

type Row = ReportFinding & { readonly n: number };

interface Words {
  readonly locale: Locale;
  readonly timeZone: string;
  readonly ot: OversightT;
  readonly dt: DutyT;
}

/**
 * A finding's detail in words (`ReportFinding.detail` is a code): an entry's name, a deadline's
 * name, an instant on the unit's clock; without one, when the person was detained.
 */
export function detailText(
  detail: string | undefined,
  record: ReportRecord | undefined,
  w: Words,
): string {
  const detained = (t0: string) =>
    `${w.ot('reports.drillDetained')}: ${formatDateTime(t0, w.locale, w.timeZone)}`;
  if (detail === undefined) return record ? detained(record.t0) : '—';
  if (INSTANT.test(detail)) {
    return record && Date.parse(detail) === Date.parse(record.t0)
      ? detained(record.t0)
      : formatDateTime(detail, w.locale, w.timeZone);
  }
  if (detail === 'never') return w.ot('reports.detailNever');
  if (detail === 'not_registered') return w.ot('reports.detailNotRegistered');
  const event = (EVENT_LABELS as Partial<Record<string, (typeof EVENT_LABELS)[EventType]>>)[detail];
  if (event) return event[w.locale];
  const obligation = `obligation.${detail}`;
  return isDutyKey(obligation) ? w.dt(obligation) : detail;
}

/** A figure of the counts answer in words: 'limit72h.overdue' → 'Граничний строк (72 год) · прострочено'. */
export function figureLabel(figure: string, ot: OversightT, dt: DutyT): string {
  const [head = '', part] = figure.split('.');
  if (figure === 'detentions') return ot('reports.figureDetentions');
  if (figure === 'lateEntries') return ot('reports.lateEntriesTitle');
  if (head === 'notification') {
    const [, kind = '', bucket = ''] = figure.split('.');
    const key = `notification.${kind}`;
    const who = isDutyKey(key) ? dt(key) : kind;
    return `${who} · ${bucket === 'late' ? ot('breach.lateNotifications') : ot(`bucket.${bucket}` as OversightKey)}`;
  }
  if (head === 'cellChecks') {
    return ot(part === 'late' ? 'breach.cellChecksLate' : 'breach.cellChecksMissed');
  }
  const kind = BREACH_KINDS.find((k) => k === head);
  const label = kind === undefined ? figure : ot(`breach.${kind}`);
  if (part === 'metLate') return `${label} · ${ot('reports.metLate')}`;
  if (part === 'overdue') return `${label} · ${ot('reports.overdue')}`;
  return label;
}

/** One unit's figure: its findings a page at a time, the next page on "show more". */
function PartFindings(props: {
  part: Part;
  title: string;
  period: { from: string; to: string };
  timeZone: string;
}): ReactNode {
  const ot = useOversightT();
  const dt = useDutyT();
  const { locale } = useLocale();
  const words: Words = { locale, timeZone: props.timeZone, ot, dt };
  const { part, period } = props;
  const pages = useInfiniteQuery({
    queryKey: keys.report({ findings: part, period }),
    queryFn: ({ pageParam }) =>
      getComplianceFindings({
        unitId: part.unitId,
        figure: part.figure,
        ...period,
        limit: PAGE,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const loaded = pages.data?.pages ?? [];
  const records = new Map(loaded.flatMap((p) => p.records).map((r) => [r.recordId, r]));
  const rows: Row[] = loaded.flatMap((p) => p.findings).map((f, n) => ({ ...f, n }));
  const columns: Column<Row>[] = [
    {
      key: 'record',
      header: ot('reports.drillRecord'),
      cell: (f) => {
        const record = records.get(f.recordId);
        return (
          <span className="drill-record">
            <Link to="/records/$recordId" params={{ recordId: f.recordId }}>
              {record?.personName ?? f.recordId}
            </Link>
            {record?.custodyNumber && <span className="tag">{record.custodyNumber}</span>}
          </span>
        );
      },
    },
    {
      key: 'minutes',
      header: ot('reports.drillMinutes'),
      numeric: true,
      cell: (f) => (f.minutes === undefined ? '—' : Math.round(f.minutes)),
    },
    {
      key: 'detail',
      header: ot('reports.drillDetail'),
      // A record whose custody ended: the deadline's final outcome, a breach in words.
      cell: (f) => {
        const text = detailText(f.detail, records.get(f.recordId), words);
        return f.outcome === undefined ? text : `${text} · ${f.outcome[locale]}`;
      },
    },
  ];
  if (pages.status !== 'success') {
    return <ResourceView query={pages}>{() => null}</ResourceView>;
  }
  return (
    <>
      <DataTable
        caption={ot('reports.drillCaption', { figure: props.title })}
        hideCaption
        columns={columns}
        rows={rows}
        rowKey={(f) =>
          `${f.recordId}-${f.eventId ?? ''}-${f.officerId ?? ''}-${String(f.minutes ?? '')}-${String(f.n)}`
        }
        empty={ot('reports.drillEmpty')}
      />
      <p className="drill-more">
        <span className="muted" role="status">
          {ot('reports.shown', { shown: rows.length, count: part.count })}
        </span>
        {pages.hasNextPage && (
          <Button
            disabled={pages.isFetchingNextPage}
            onClick={() => {
              void pages.fetchNextPage();
            }}
          >
            {ot('reports.showMore')}
          </Button>
        )}
      </p>
    </>
  );
}

/** The parts of a figure, each unit's figure under its own heading, opened on demand. */
function Parts(props: {
  parts: readonly Part[];
  period: { from: string; to: string };
  unitName: (id: string) => string;
  timeZone: string;
}): ReactNode {
  const ot = useOversightT();
  const dt = useDutyT();
  const [opened, setOpened] = useState<ReadonlySet<string>>(
    () => new Set(props.parts.slice(0, OPEN_AT_ONCE).map((p) => `${p.unitId}|${p.figure}`)),
  );
  const [listed, setListed] = useState(PARTS_PAGE);
  if (props.parts.length === 0) return <p className="muted">{ot('reports.drillEmpty')}</p>;
  return (
    <>
      {props.parts.slice(0, listed).map((part) => {
        const key = `${part.unitId}|${part.figure}`;
        const title = ot('reports.part', {
          unit: props.unitName(part.unitId),
          figure: figureLabel(part.figure, ot, dt),
        });
        return (
          <section key={key} className="drill-part" aria-label={title}>
            <h3>
              {title}: <span className="drill-count">{part.count}</span>
            </h3>
            {opened.has(key) ? (
              <PartFindings
                part={part}
                title={title}
                period={props.period}
                timeZone={props.timeZone}
              />
            ) : (
              <Button
                onClick={() => {
                  setOpened(new Set([...opened, key]));
                }}
              >
                {ot('reports.openPart')}
              </Button>
            )}
          </section>
        );
      })}
      {props.parts.length > listed && (
        <p className="drill-more">
          <span className="muted">
            {ot('reports.partsShown', { shown: listed, count: props.parts.length })}
          </span>
          <Button
            onClick={() => {
              setListed(listed + PARTS_PAGE);
            }}
          >
            {ot('reports.showMore')}
          </Button>
        </p>
      )}
    </>
  );
}

/** A day of the detentions chart: the counts of that day name its parts. */
function DayParts(props: {
  day: string;
  unitId: string;
  unitName: (id: string) => string;
  timeZone: string;
}): ReactNode {
  const period = periodOf(props.day, props.day, props.timeZone);
  const counts = useQuery({
    queryKey: keys.report({ day: props.day, unitId: props.unitId, zone: props.timeZone }),
    queryFn: () =>
      period === null
        ? Promise.reject(new Error(props.day))
        : getComplianceCounts({ unitId: props.unitId || undefined, ...period }),
  });
  return (
    <ResourceView query={counts}>
      {(data) => (
        <Parts
          parts={partsOf(data, (f) => f === 'detentions')}
          period={{ from: data.from, to: data.to }}
          unitName={props.unitName}
          timeZone={props.timeZone}
        />
      )}
    </ResourceView>
  );
}

/**
 * The records behind one figure: per unit and figure, each finding names the detained person (a
 * link to the record page), the record's custody number and what the occurrence was; loaded a
 * page at a time, never the whole report at once.
 */
export function DrillDown(props: {
  selection: Selection;
  /** The report's period and unit filter ('' for every unit the caller may read). */
  period: { from: string; to: string };
  unitId: string;
  units: readonly Unit[];
  timeZone: string;
  onClose: () => void;
}): ReactNode {
  const ot = useOversightT();
  const unitName = (id: string): string => props.units.find((u) => u.id === id)?.name ?? id;
  const { selection } = props;
  return (
    <section className="panel drill-down" aria-labelledby="drill-heading" tabIndex={-1}>
      <div className="drill-head">
        <h2 id="drill-heading">{ot('reports.drill', { figure: selection.title })}</h2>
        <Button onClick={props.onClose}>{ot('reports.close')}</Button>
      </div>
      {'day' in selection ? (
        <DayParts
          key={selection.day}
          day={selection.day}
          unitId={props.unitId}
          unitName={unitName}
          timeZone={props.timeZone}
        />
      ) : (
        <Parts
          key={selection.title}
          parts={selection.parts}
          period={props.period}
          unitName={unitName}
          timeZone={props.timeZone}
        />
      )}
    </section>
  );
}
