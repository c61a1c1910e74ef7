import { lazy, useCallback } from 'react';
import type { ReactNode } from 'react';
import type { RecordView } from '@custody/contracts';
import { useResource } from '../../../api/use-resource.ts';
import { Link, matchPath, usePath } from '../../../app/router.tsx';
import { useUser } from '../../../app/session.tsx';
import { ResourceView } from '../../../ui/index.ts';
import { getRecord, recordStreamUrl } from '../api.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { useLiveStream } from '../live.ts';
import { mayIssue } from '../permissions.ts';
import { isActive } from '../record-state.ts';
import { useNow } from '../use-now.ts';
import { useUnitTimeZone } from '../use-unit-time-zone.ts';
import { DeadlineList } from './deadline-list.tsx';
import { QuickActions } from './quick-actions.tsx';
import { RecordExtras } from './record-extras.tsx';
import { RecordHeader } from './record-header.tsx';
import { Timeline } from './timeline.tsx';
import '../record.css';

const RegistrationScreen = lazy(
  () => import('../../registration/components/registration-screen.tsx'),
);

function RecordPage(props: { view: RecordView; reload: () => void }): ReactNode {
  const dt = useDutyT();
  const user = useUser();
  const now = useNow(15_000);
  const { view } = props;
  const timeZone = useUnitTimeZone(view.summary.unitId);
  const registering =
    isActive(view) &&
    mayIssue(user.role, 'RegisterDetainee') &&
    !view.timeline.some((e) => e.type === 'DetaineeMoved');
  return (
    <div className="record">
      <RecordHeader view={view} now={now} timeZone={timeZone} />
      {registering && (
        <p className="record-register">
          <Link
            className="btn btn-primary"
            to={`/records/${encodeURIComponent(view.summary.id)}/registration`}
          >
            {view.summary.custodyNumber ? dt('rec.continueRegistration') : dt('rec.registration')}
          </Link>
        </p>
      )}
      <div className="record-columns">
        <div className="record-side">
          <section className="panel" aria-labelledby="deadlines-title">
            <h2 id="deadlines-title">{dt('rec.deadlines')}</h2>
            <DeadlineList obligations={view.obligations} now={now} timeZone={timeZone} />
          </section>
          <QuickActions view={view} role={user.role} timeZone={timeZone} onChanged={props.reload} />
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
  const [resource, reload] = useResource(() => getRecord(props.recordId), [props.recordId]);
  const onEvent = useCallback(() => {
    reload();
  }, [reload]);
  useLiveStream(recordStreamUrl(props.recordId), onEvent, reload);
  return (
    <ResourceView resource={resource}>
      {(view) => <RecordPage view={view} reload={reload} />}
    </ResourceView>
  );
}

/**
 * The `/records/...` section: `/records/:id` is the record page (issue 6 §5),
 * `/records/:id/registration` the guided registration (§4).
 */
export default function RecordScreen(): ReactNode {
  const path = usePath();
  const registration = matchPath('/records/:recordId/registration', path);
  if (registration?.['recordId']) return <RegistrationScreen recordId={registration['recordId']} />;
  const record = matchPath('/records/:recordId', path);
  const recordId = record?.['recordId'];
  if (!recordId) return null;
  return <RecordRoute key={recordId} recordId={recordId} />;
}
