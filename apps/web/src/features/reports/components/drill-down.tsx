import type { ReactNode } from 'react';
import { EVENT_LABELS, type EventType } from '@custody/domain';
import type { ReportFinding, ReportFigure, ReportRecord } from '@custody/contracts';
import { Link } from '@tanstack/react-router';
import { useLocale, type Locale } from '../../../i18n/index.ts';
import { Button, DataTable, formatDateTime, type Column } from '../../../ui/index.ts';
import { useOversightT, type OversightT } from '../../oversight/i18n/index.ts';
import { isDutyKey, useDutyT, type DutyT } from '../../record/i18n/use-duty-t.ts';
import { INSTANT } from '../../record/payload/payload-fields.ts';

export interface Selection {
  readonly title: string;
  readonly figure: ReportFigure;
}

type Row = ReportFinding & { readonly n: number };

function rowsOf(figure: ReportFigure): Row[] {
  const findings =
    figure.findings.length > 0
      ? figure.findings
      : figure.recordIds.map((recordId) => ({ recordId }));
  return findings.map((f, n) => ({ ...f, n }));
}

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

/**
 * The records behind one figure: each names the detained person (a link to the record page),
 * the record's custody number, and what the occurrence was.
 */
export function DrillDown(props: {
  selection: Selection;
  records: ReadonlyMap<string, ReportRecord>;
  timeZone: string;
  onClose: () => void;
}): ReactNode {
  const ot = useOversightT();
  const dt = useDutyT();
  const { locale } = useLocale();
  const words: Words = { locale, timeZone: props.timeZone, ot, dt };
  const rows = rowsOf(props.selection.figure);
  const columns: Column<Row>[] = [
    {
      key: 'record',
      header: ot('reports.drillRecord'),
      cell: (f) => {
        const record = props.records.get(f.recordId);
        return (
          <>
            <Link to="/records/$recordId" params={{ recordId: f.recordId }}>
              {record?.personName ?? f.recordId}
            </Link>
            {record?.custodyNumber && <span className="tag">{record.custodyNumber}</span>}
          </>
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
        const text = detailText(f.detail, props.records.get(f.recordId), words);
        return f.outcome === undefined ? text : `${text} · ${f.outcome[locale]}`;
      },
    },
  ];
  return (
    <section className="panel drill-down" aria-labelledby="drill-heading" tabIndex={-1}>
      <div className="drill-head">
        <h2 id="drill-heading">{ot('reports.drill', { figure: props.selection.title })}</h2>
        <Button onClick={props.onClose}>{ot('reports.close')}</Button>
      </div>
      <DataTable
        caption={ot('reports.drillCaption', { figure: props.selection.title })}
        columns={columns}
        rows={rows}
        rowKey={(f) =>
          `${f.recordId}-${f.eventId ?? ''}-${f.officerId ?? ''}-${String(f.minutes ?? '')}-${String(f.n)}`
        }
        empty={ot('reports.drillEmpty')}
      />
    </section>
  );
}
