import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { cite, compareUrgency, entryLabel } from '@custody/domain';
import type { Obligation, RecordView, TimelineEntry } from '@custody/contracts';
import type { ReactNode } from 'react';
import { useLocale, type Locale } from '../../../i18n/index.ts';
import { DataTable, formatDateTime, StatusBadge, type Column } from '../../../ui/index.ts';
import { DocumentsPanel } from '../../documents/DocumentsPanel.tsx';
import { VerifyRecordButton, withheldEntries } from '../../integrity/VerifyRecordButton.tsx';
import { PayloadList } from '../../record/payload/payload-list.tsx';
import {
  PlacementBreachTag,
  PlacementFlagNotice,
  placementInBreach,
} from '../../record/components/placement-flag.tsx';
import { supersededRequestId } from '../../record/components/timeline.tsx';
import { zoneName } from '../../record/time.ts';
import { useUnitTimeZone } from '../../record/use-unit-time-zone.ts';
import { useOversightT, type OversightT } from '../i18n/index.ts';

function obligationState(o: Obligation, ot: OversightT, locale: Locale): ReactNode {
  // Custody has ended: the permanent outcome ("порушено: звільнено через 74 год 10 хв, ...").
  if (o.outcome !== undefined) {
    const text = o.outcome.text[locale];
    return o.outcome.kind === 'breached' ? <StatusBadge status="overdue" label={text} /> : text;
  }
  if (o.status === 'met')
    return ot(o.metLate ? 'obligationStatus.metLate' : 'obligationStatus.met');
  if (o.status === 'overdue')
    return <StatusBadge status="overdue" label={ot('obligationStatus.overdue')} />;
  if (o.status === 'warning')
    return <StatusBadge status="warning" label={ot('obligationStatus.warning')} />;
  return ot(`obligationStatus.${o.status}`);
}

function Deadlines(props: { obligations: readonly Obligation[]; timeZone: string }): ReactNode {
  const ot = useOversightT();
  const { locale } = useLocale();
  const columns: Column<Obligation>[] = [
    { key: 'what', header: ot('record.deadline'), cell: (o) => o.explanation[locale] },
    {
      key: 'due',
      header: ot('record.due'),
      cell: (o) => formatDateTime(o.dueAt, locale, props.timeZone),
    },
    { key: 'basis', header: ot('record.basis'), cell: (o) => cite(o.basis, locale) },
    { key: 'state', header: ot('record.state'), cell: (o) => obligationState(o, ot, locale) },
  ];
  return (
    <DataTable
      caption={ot('record.deadlinesCaption')}
      columns={columns}
      rows={props.obligations.filter((o) => o.status !== 'not_applicable').sort(compareUrgency)}
      rowKey={(o) => o.id}
      empty="—"
    />
  );
}

function entryContent(
  e: TimelineEntry,
  ot: OversightT,
  byId: ReadonlyMap<string, TimelineEntry>,
  timeZone: string,
): ReactNode {
  if (e.withheld === 'health_without_consent') {
    return <span className="withheld">{ot('record.withheld')}</span>;
  }
  if (e.withheld === 'erased') return <span className="withheld">{ot('record.erased')}</span>;
  const corrected = e.corrects === null ? undefined : byId.get(e.corrects);
  const request = supersededRequestId(e);
  const superseded = request === undefined ? undefined : byId.get(request);
  return (
    <>
      {corrected !== undefined && (
        <span className="tag">{ot('record.corrects', { index: corrected.version })}</span>
      )}
      {superseded !== undefined && (
        <span className="tag">{ot('record.supersedes', { index: superseded.version })}</span>
      )}
      <PayloadList
        payload={e.payload}
        subjectType={corrected?.type ?? e.type}
        timeZone={timeZone}
      />
    </>
  );
}

function Timeline(props: { timeline: readonly TimelineEntry[]; timeZone: string }): ReactNode {
  const ot = useOversightT();
  const { locale } = useLocale();
  const byId = new Map(props.timeline.map((e) => [e.eventId, e]));
  const columns: Column<TimelineEntry>[] = [
    // The entry's number within its record, as the unit's own record page numbers it (the
    // glossary's "запис"): one number for everyone; the log-wide index is the integrity check's.
    { key: 'index', header: ot('record.entryNumber'), numeric: true, cell: (e) => e.version },
    {
      key: 'occurred',
      header: ot('record.occurredAt'),
      cell: (e) => formatDateTime(e.occurredAt, locale, props.timeZone),
    },
    {
      key: 'recorded',
      header: ot('record.recordedAt'),
      cell: (e) => (
        <>
          {formatDateTime(e.recordedAt, locale, props.timeZone)}
          {e.late && <StatusBadge status="warning" label={ot('record.late')} />}
        </>
      ),
    },
    {
      key: 'type',
      header: ot('record.entry'),
      cell: (e) => (
        <>
          {entryLabel(e.type, e.withheld, locale)}
          {placementInBreach(e) && <PlacementBreachTag />}
        </>
      ),
    },
    { key: 'actor', header: ot('record.actor'), cell: (e) => e.actor.displayName ?? e.actor.id },
    {
      key: 'content',
      header: ot('record.details'),
      cell: (e) => entryContent(e, ot, byId, props.timeZone),
    },
  ];
  return (
    <DataTable
      caption={ot('record.timelineCaption')}
      columns={columns}
      rows={props.timeline}
      rowKey={(e) => e.eventId}
      empty="—"
    />
  );
}

function Summary(props: { view: RecordView; timeZone: string }): ReactNode {
  const ot = useOversightT();
  const { locale } = useLocale();
  const s = props.view.summary;
  const items: [string, ReactNode][] = [
    [ot('record.profile'), ot(`profile.${s.profile}`)],
    [ot('list.status'), ot(`recordStatus.${s.status}`)],
    [ot('record.t0'), formatDateTime(s.t0, locale, props.timeZone)],
    [ot('record.delivered'), formatDateTime(s.deliveredAt, locale, props.timeZone)],
    [ot('record.ended'), formatDateTime(s.endedAt, locale, props.timeZone)],
  ];
  return (
    <dl className="facts">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A custody record for a monitor or lawyer (issue 6 point 7): read only, both times of every
 * entry, deadlines with their legal basis, health entries withheld without consent (domain.md §5),
 * the in-browser verification and the documents, each export asking its reason. Every time is on
 * the clock of the record's unit (named under the heading), whatever the reader's device zone.
 */
export function ReadOnlyRecord(props: { view: RecordView; reason: string | undefined }): ReactNode {
  const ot = useOversightT();
  const dt = useDutyT();
  const { locale } = useLocale();
  const { view } = props;
  const timeZone = useUnitTimeZone(view.summary.unitId);
  return (
    <article className="oversight-record">
      <header className="record-head">
        <h1>{view.summary.person.displayName}</h1>
        <p className="record-tags">
          <span className="tag">{ot('record.readOnly')}</span>
          {view.summary.custodyNumber && (
            <span className="tag">
              {dt('rec.custodyNumber', { number: view.summary.custodyNumber })}
            </span>
          )}
          {view.flags.juvenile && <span className="tag">{ot('record.juvenile')}</span>}
          {view.flags.foreigner && <span className="tag">{ot('record.foreigner')}</span>}
          {view.flags.overDetention && (
            <StatusBadge status="over-detention" label={ot('record.overDetention')} />
          )}
          {view.flags.placement && <PlacementBreachTag />}
        </p>
        <PlacementFlagNotice flag={view.flags.placement} />
        {props.reason && (
          <p className="muted">{ot('record.reasonShown', { reason: props.reason })}</p>
        )}
        <p className="muted record-zone">{ot('record.timeZone', { zone: zoneName(timeZone) })}</p>
      </header>
      <Summary view={view} timeZone={timeZone} />
      {view.healthWithheld && (
        <p className="notice" role="note">
          {ot('record.healthWithheld')}
        </p>
      )}
      <section className="panel" aria-labelledby="deadlines-heading">
        <h2 id="deadlines-heading">{ot('record.deadlines')}</h2>
        <Deadlines obligations={view.obligations} timeZone={timeZone} />
      </section>
      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{ot('record.timeline')}</h2>
        <Timeline timeline={view.timeline} timeZone={timeZone} />
      </section>
      <VerifyRecordButton
        recordId={view.summary.id}
        reason={props.reason}
        withheld={withheldEntries(view.timeline)}
      />
      <DocumentsPanel
        recordId={view.summary.id}
        kinds={view.documents}
        locale={locale}
        reason={props.reason}
      />
    </article>
  );
}
