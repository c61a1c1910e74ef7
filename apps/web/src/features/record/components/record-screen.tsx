import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { RecordView } from '@custody/contracts';
import { keys } from '../../../api/query-client.ts';
import { ResourceView } from '../../../ui/index.ts';
import { recordQuery, recordStreamUrl } from '../api.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { useLiveInvalidation } from '../live.ts';
import { isActive } from '../record-state.ts';
import { useNow } from '../use-now.ts';
import { useUnitTimeZone } from '../use-unit-time-zone.ts';
import { DeadlineList } from './deadline-list.tsx';
import { PendingApprovals } from './pending-approvals.tsx';
import { RecordActions } from './quick-actions.tsx';
import { RecordExtras } from './record-extras.tsx';
import { RecordHeader } from './record-header.tsx';
import { Timeline } from './timeline.tsx';
import '../record.css';

/** The commands of the guided registration's steps: whoever may record one is offered the guide. */
const REGISTRATION_COMMANDS = [
  'RecordDelivery',
  'RegisterDetainee',
  'RecordRightsExplained',
  'RecordNotification',
  'RecordInjuries',
  'RecordProperty',
  'AssessRisk',
  'MoveDetainee',
] as const;

function RecordPage(props: { view: RecordView }): ReactNode {
  const dt = useDutyT();
  const now = useNow(15_000);
  const { view } = props;
  const timeZone = useUnitTimeZone(view.summary.unitId);
  const registering =
    isActive(view) &&
    REGISTRATION_COMMANDS.some((c) => view.commands.includes(c)) &&
    !view.timeline.some((e) => e.type === 'DetaineeMoved');
  return (
    <div className="record">
      <RecordHeader view={view} now={now} timeZone={timeZone} />
      <PendingApprovals view={view} timeZone={timeZone} />
      {registering && (
        <p className="record-register">
          <Link
            className="btn btn-primary"
            to="/records/$recordId/registration"
            params={{ recordId: view.summary.id }}
          >
            {view.summary.custodyNumber ? dt('rec.continueRegistration') : dt('rec.registration')}
          </Link>
        </p>
      )}
      <RecordActions
        view={view}
        timeZone={timeZone}
        groups={['quick']}
        className="record-quickbar"
        title={dt('group.quick')}
      />
      <div className="record-columns">
        <div className="record-side">
          <RecordActions
            view={view}
            timeZone={timeZone}
            groups={['end', 'custody', 'rights', 'health', 'procedure', 'record']}
            title={dt('rec.actions')}
          />
          <section className="panel" aria-labelledby="deadlines-title">
            <h2 id="deadlines-title">{dt('rec.deadlines')}</h2>
            <DeadlineList obligations={view.obligations} now={now} timeZone={timeZone} />
          </section>
          <RecordExtras view={view} timeZone={timeZone} />
        </div>
        <section className="panel record-timeline" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{dt('rec.timeline')}</h2>
          <Timeline entries={view.timeline} timeZone={timeZone} />
        </section>
      </div>
    </div>
  );
}

function RecordRoute(props: { recordId: string }): ReactNode {
  const query = useQuery(recordQuery(props.recordId));
  useLiveInvalidation(recordStreamUrl(props.recordId), keys.record(props.recordId));
  return <ResourceView query={query}>{(view) => <RecordPage view={view} />}</ResourceView>;
}

/** `/records/$recordId`: the record page (issue 6 §5), live over its stream. */
export default function RecordScreen(): ReactNode {
  const { recordId } = useParams({ from: '/records/$recordId' });
  return <RecordRoute key={recordId} recordId={recordId} />;
}
