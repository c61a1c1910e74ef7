import type { ReactNode } from 'react';
import type { ReportFinding, ReportFigure } from '@custody/contracts';
import { Link } from '@tanstack/react-router';
import { Button, DataTable, type Column } from '../../../ui/index.ts';
import { useOversightT } from '../../oversight/i18n/index.ts';

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

/** The records behind one figure, each a link to its record page (`/records/:id`). */
export function DrillDown(props: { selection: Selection; onClose: () => void }): ReactNode {
  const ot = useOversightT();
  const rows = rowsOf(props.selection.figure);
  const columns: Column<Row>[] = [
    {
      key: 'record',
      header: ot('reports.drillRecord'),
      cell: (f) => (
        <Link
          to="/records/$recordId"
          params={{ recordId: f.recordId }}
          aria-label={ot('reports.openRecord', { id: f.recordId })}
        >
          {f.recordId}
        </Link>
      ),
    },
    {
      key: 'minutes',
      header: ot('reports.drillMinutes'),
      numeric: true,
      cell: (f) => (f.minutes === undefined ? '—' : Math.round(f.minutes)),
    },
    { key: 'detail', header: ot('reports.drillDetail'), cell: (f) => f.detail ?? '' },
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
          `${f.recordId}-${f.eventId ?? ''}-${f.officerId ?? ''}-${String(f.minutes ?? '')}`
        }
        empty={ot('reports.drillEmpty')}
      />
    </section>
  );
}
