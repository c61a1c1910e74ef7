import type { ReactNode } from 'react';
import type { RecordView } from '@custody/contracts';
import { useLocale } from '../../../i18n/index.ts';
import { StatusBadge, formatDateTime } from '../../../ui/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { rowStatus } from '../status.ts';
import { formatDuration } from '../time.ts';
import { PlacementBreachTag, PlacementFlagNotice } from './placement-flag.tsx';

/** Person, status and the facts of the record at a glance (domain.md §3.1-3.3). */
export function RecordHeader(props: {
  view: RecordView;
  now: number;
  /** The unit's IANA zone: every instant of the record is shown on the unit's clock. */
  timeZone: string;
}): ReactNode {
  const dt = useDutyT();
  const { locale } = useLocale();
  const { summary, flags } = props.view;
  const fmt = (iso: string | null) => formatDateTime(iso, locale, props.timeZone);
  return (
    <header className={`panel record-head record-${rowStatus(summary.worstStatus)}`}>
      <div className="record-title">
        <h1>{summary.person.displayName}</h1>
        <p className="record-number">
          {summary.custodyNumber
            ? dt('rec.custodyNumber', { number: summary.custodyNumber })
            : dt('rec.noNumber')}
        </p>
        <div className="record-tags">
          <span className="tag">{dt(`recordStatus.${summary.status}`)}</span>
          {summary.person.juvenile && <span className="tag">{dt('common.juvenile')}</span>}
          {summary.person.foreigner && <span className="tag">{dt('common.foreigner')}</span>}
          <StatusBadge status={rowStatus(summary.worstStatus)} />
        </div>
      </div>
      {flags.overDetention && (
        <p className="over-detention" role="alert">
          {dt('rec.overDetention', { time: fmt(flags.overDetentionSince) })}
        </p>
      )}
      <dl className="record-facts">
        <div>
          <dt>{dt('rec.t0')}</dt>
          <dd>
            <span className="record-when">{fmt(summary.t0)}</span>
            {summary.endedAt === null && (
              <>
                {' '}
                <span className="muted record-held">
                  · {formatDuration(props.now - Date.parse(summary.t0), dt)}
                </span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{dt('rec.delivered')}</dt>
          <dd>{fmt(summary.deliveredAt)}</dd>
        </div>
        <div>
          <dt>{dt('det.profile')}</dt>
          <dd>{dt(`profile.${summary.profile}`)}</dd>
        </div>
        <div>
          <dt>{dt('rec.location')}</dt>
          <dd>
            {summary.location ?? dt('wb.notPlaced')}
            {flags.placement && <PlacementBreachTag />}
          </dd>
        </div>
        <div>
          <dt>{dt('rec.observation')}</dt>
          <dd>{summary.observationLevel ? dt(`observation.${summary.observationLevel}`) : '—'}</dd>
        </div>
        {summary.endedAt !== null && (
          <div>
            <dt>{dt('rec.end')}</dt>
            <dd>{fmt(summary.endedAt)}</dd>
          </div>
        )}
      </dl>
      <PlacementFlagNotice flag={flags.placement} />
      {flags.flaggedContacts > 0 && (
        <p className="tag tag-late">{dt('rec.flaggedContacts', { n: flags.flaggedContacts })}</p>
      )}
      {props.view.healthWithheld && <p className="muted">{dt('rec.healthWithheld')}</p>}
    </header>
  );
}
