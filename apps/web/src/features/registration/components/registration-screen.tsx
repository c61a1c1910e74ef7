import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { RecordView } from '@custody/contracts';
import { useUser } from '../../../app/session.tsx';
import { Button, ResourceView, useToast } from '../../../ui/index.ts';
import { CommandForm } from '../../record/actions/command-form.tsx';
import { RECORD_ACTIONS_ALL } from '../../record/actions/registry.ts';
import { recordQuery } from '../../record/api.ts';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { useUnitTimeZone } from '../../record/use-unit-time-zone.ts';
import { useRooms } from '../../record/use-rooms.ts';
import { STEPS, notifiedKinds, requiredNotifications, resumeAt, stepDone } from '../steps.ts';
import '../registration.css';

function actionOf(id: string) {
  const action = RECORD_ACTIONS_ALL.find((a) => a.id === id);
  if (!action) throw new Error(`no record action ${id}`);
  return action;
}

/** What is still owed "immediately" (domain.md §3.5), the legal aid centre first (CMU № 1363). */
function OwedNotifications(props: { view: RecordView }): ReactNode {
  const dt = useDutyT();
  const required = requiredNotifications(props.view.flags.juvenile, props.view.flags.foreigner);
  const made = notifiedKinds(props.view.timeline);
  return (
    <>
      <p className="notice">{dt('reg.notify.legalAidFirst')}</p>
      <ul className="notify-list" aria-label={dt('reg.notify.outstanding')}>
        {required.map((k) => (
          <li key={k} className={made.has(k) ? 'notify-done' : 'notify-owed'}>
            <span aria-hidden="true">{made.has(k) ? '✓ ' : '○ '}</span>
            {dt(`notification.${k}`)}
            <span className="visually-hidden">
              {' '}
              {made.has(k) ? dt('reg.stepDone') : dt('reg.notify.outstanding')}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

function Flow(props: { view: RecordView }): ReactNode {
  const dt = useDutyT();
  const toast = useToast();
  const user = useUser();
  const navigate = useNavigate();
  const { view } = props;
  const rooms = useRooms(view.summary.unitId);
  const timeZone = useUnitTimeZone(view.summary.unitId);
  const required = requiredNotifications(view.flags.juvenile, view.flags.foreigner);
  const [index, setIndex] = useState(() => resumeAt(view.timeline, required));
  const step = STEPS[index] ?? STEPS[0];
  const action = actionOf(step.action);
  const done = (s: (typeof STEPS)[number]) => stepDone(s, view.timeline, required);
  const last = index === STEPS.length - 1;
  const mine = view.commands.includes(action.command);
  const recordable = mine && (step.id === 'notifications' || !done(step));
  const ctx = {
    recordId: view.summary.id,
    unitId: view.summary.unitId,
    timeZone,
    user: { id: user.id, displayName: user.displayName },
    rooms,
    timeline: view.timeline,
  };
  const finish = () => {
    toast('success', dt('reg.complete'));
    void navigate({ to: '/records/$recordId', params: { recordId: view.summary.id } });
  };
  const next = () => {
    if (last) finish();
    else setIndex(index + 1);
  };
  const back = (
    <Button
      disabled={index === 0}
      onClick={() => {
        setIndex(index - 1);
      }}
    >
      {dt('reg.back')}
    </Button>
  );
  return (
    <section className="panel registration" aria-labelledby="reg-title">
      <h1 id="reg-title">{dt('reg.title', { name: view.summary.person.displayName })}</h1>
      <p className="reg-progress-text">
        {dt('reg.progress', { n: index + 1, total: STEPS.length })}
      </p>
      <progress className="reg-progress" max={STEPS.length} value={index + 1} aria-hidden="true" />
      <nav aria-label={dt('reg.steps')}>
        <ol className="reg-steps">
          {STEPS.map((s, i) => (
            <li key={s.id} className={done(s) ? 'reg-step-done' : undefined}>
              <button
                type="button"
                aria-current={i === index ? 'step' : undefined}
                onClick={() => {
                  setIndex(i);
                }}
              >
                <span aria-hidden="true">{done(s) ? '✓' : i + 1}</span> {dt(`reg.step.${s.id}`)}
                {done(s) && <span className="visually-hidden"> ({dt('reg.stepDone')})</span>}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <div className="reg-form" data-step={step.id}>
        <h2>{dt(`reg.step.${step.id}`)}</h2>
        {step.id === 'notifications' && <OwedNotifications view={view} />}
        {recordable ? (
          <CommandForm
            key={`${step.id}-${String(view.summary.version)}`}
            inline
            type={action.command}
            title={dt(action.label)}
            fields={action.fields}
            defaults={{
              ...(action.defaults?.(ctx) ?? {}),
              ...(step.id === 'cell' ? { purpose: dt('reg.cell.purposeDefault') } : {}),
            }}
            ctx={ctx}
            version={view.summary.version}
            submitLabel={
              step.id === 'notifications'
                ? dt('reg.notify.record')
                : last
                  ? dt('reg.recordFinish')
                  : dt('reg.next')
            }
            secondary={
              <>
                {back}
                <Button variant="ghost" onClick={next}>
                  {step.id === 'notifications' && done(step) ? dt('reg.continue') : dt('reg.skip')}
                </Button>
              </>
            }
            onClose={next}
            onRecorded={step.id === 'notifications' ? () => undefined : next}
          />
        ) : (
          <>
            <p className="notice">{dt(mine ? 'reg.alreadyDone' : 'reg.notYours')}</p>
            <div className="actions reg-actions">
              {back}
              <Button variant="primary" onClick={next}>
                {last ? dt('reg.finish') : dt('reg.continue')}
              </Button>
            </div>
          </>
        )}
        <p>
          <Link to="/records/$recordId" params={{ recordId: view.summary.id }}>
            {dt('reg.openRecord')}
          </Link>
        </p>
      </div>
    </section>
  );
}

/**
 * The guided registration of a delivered person (issue 6 §4): one step per entry, each recorded
 * by its primary button, opening at the first step the record does not yet hold.
 */
export default function RegistrationScreen(): ReactNode {
  const { recordId } = useParams({ from: '/records/$recordId/registration' });
  const record = useQuery(recordQuery(recordId));
  return (
    <ResourceView query={record}>
      {(view) => <Flow key={view.summary.id} view={view} />}
    </ResourceView>
  );
}
