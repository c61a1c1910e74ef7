import { useEffect, useState } from 'react';
import type { SyntheticEvent, ReactNode } from 'react';
import type { RecordView } from '@custody/contracts';
import { useResource } from '../../../api/use-resource.ts';
import { ROLE_LABEL } from '../../../app/access.ts';
import { Link, navigate } from '../../../app/router.tsx';
import { useUser } from '../../../app/session.tsx';
import { useLocale, useT } from '../../../i18n/index.ts';
import { Button, FormAlert, ResourceView, useToast } from '../../../ui/index.ts';
import { getRecord, sendCommand } from '../../record/api.ts';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { rolesFor } from '../../record/permissions.ts';
import { describeRefusal } from '../../record/refusal.ts';
import { notifiedKinds, typesSeen } from '../../record/record-state.ts';
import { fromLocalInput } from '../../record/time.ts';
import { useUnitTimeZone } from '../../record/use-unit-time-zone.ts';
import { useZonedInput } from '../../record/use-zoned-input.ts';
import { useRooms } from '../../record/use-rooms.ts';
import { validatePayload } from '../../record/validation.ts';
import { OccurredAtField } from '../../record/components/occurred-at-field.tsx';
import { clearDraft, loadDraft, saveDraft, type RegistrationDraft } from '../draft.ts';
import {
  STEPS,
  STEP_EVENT,
  defaultValues,
  fieldOf,
  requiredNotifications,
  stepCommands,
  type PendingCommand,
  type StepId,
} from '../steps.ts';
import { NotificationsPanel } from './notifications-panel.tsx';
import { StepFields, type Bind } from './step-fields.tsx';
import '../registration.css';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** The role that may record a step: that of its first command (health: the medical one). */
function stepRoles(step: StepId) {
  const first: Record<StepId, PendingCommand['type']> = {
    delivery: 'RecordDelivery',
    identity: 'RegisterDetainee',
    rights: 'RecordRightsExplained',
    notifications: 'RecordNotification',
    health: 'RecordInjuries',
    property: 'RecordProperty',
    risk: 'AssessRisk',
    cell: 'MoveDetainee',
  };
  return rolesFor(first[step]);
}

function useDraft(view: RecordView) {
  const dt = useDutyT();
  const recordId = view.summary.id;
  const defaults = defaultValues('українська', dt('reg.cell.purposeDefault'));
  const [restored] = useState(() => loadDraft(storage(), recordId, defaults) !== undefined);
  const [draft, setDraft] = useState<RegistrationDraft>(
    () => loadDraft(storage(), recordId, defaults) ?? { step: 0, done: [], values: defaults },
  );
  useEffect(() => {
    saveDraft(storage(), recordId, draft);
  }, [recordId, draft]);
  return { draft, setDraft, restored };
}

async function sendAll(
  recordId: string,
  version: number,
  occurredAt: string,
  commands: readonly PendingCommand[],
): Promise<number> {
  let v = version;
  for (const c of commands) {
    const result = await sendCommand(recordId, c.type, {
      occurredAt,
      expectedVersion: v,
      payload: c.payload,
    });
    v = result.version;
  }
  return v;
}

function Flow(props: { view: RecordView; reload: () => void }): ReactNode {
  const t = useT();
  const { locale } = useLocale();
  const dt = useDutyT();
  const toast = useToast();
  const user = useUser();
  const { view } = props;
  const rooms = useRooms(view.summary.unitId);
  const { draft, setDraft, restored } = useDraft(view);
  // Every step states its time on the clock of the record's unit, as the record page does.
  const timeZone = useUnitTimeZone(view.summary.unitId);
  const [when, setWhen, setWhenNow] = useZonedInput(timeZone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(view.summary.version);
  const seen = typesSeen(view.timeline);
  const made = notifiedKinds(view.timeline);
  const required = requiredNotifications(view.flags.juvenile, view.flags.foreigner);
  const index = Math.min(draft.step, STEPS.length - 1);
  const step = STEPS[index] ?? 'delivery';
  const isDone = (s: StepId) => {
    const event = STEP_EVENT[s];
    if (event !== null) return seen.has(event);
    return s === 'notifications' ? required.every((k) => made.has(k)) : draft.done.includes(s);
  };
  const mine = stepRoles(step).includes(user.role);
  const last = index === STEPS.length - 1;
  const effectiveVersion = Math.max(version, view.summary.version);

  const bind: Bind = (key) => ({
    value: draft.values[key],
    set: (value) => {
      setDraft((d) => ({ ...d, values: { ...d.values, [key]: value } }));
    },
  });
  const go = (to: number, markDone?: StepId) => {
    setErrors({});
    setAlert(undefined);
    setDraft((d) => ({
      ...d,
      step: Math.max(0, Math.min(to, STEPS.length - 1)),
      done: markDone && !d.done.includes(markDone) ? [...d.done, markDone] : d.done,
    }));
  };
  const finish = () => {
    clearDraft(storage(), view.summary.id);
    toast('success', dt('reg.complete'));
    navigate(`/records/${encodeURIComponent(view.summary.id)}`);
  };
  const advance = () => {
    if (last) finish();
    else go(index + 1, step);
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!mine || (isDone(step) && step !== 'notifications')) {
      advance();
      return;
    }
    const ctx = { unitId: view.summary.unitId, user, rooms };
    const commands = stepCommands(step, draft.values, ctx);
    if (commands.length === 0) {
      advance();
      return;
    }
    const found: Record<string, string> = {};
    for (const c of commands) {
      for (const [path, key] of Object.entries(validatePayload(c.type, c.payload))) {
        found[fieldOf(c.type, path)] ??= t(key);
      }
    }
    const occurredAt = fromLocalInput(when, timeZone);
    if (!occurredAt) found['occurredAt'] = t('form.required');
    setErrors(found);
    if (Object.keys(found).length > 0 || !occurredAt) {
      setAlert(t('form.fixErrors'));
      return;
    }
    setBusy(true);
    setAlert(undefined);
    try {
      setVersion(await sendAll(view.summary.id, effectiveVersion, occurredAt, commands));
      props.reload();
      setWhenNow();
      toast('success', dt('common.saved', { what: dt(`reg.step.${step}`) }));
      if (step === 'notifications') {
        setDraft((d) => ({
          ...d,
          values: { ...d.values, notifyRecipient: '', notifyReference: '', notifyDelegated: false },
        }));
      } else {
        advance();
      }
    } catch (error) {
      setAlert(describeRefusal(error, locale, dt, t));
      props.reload();
    } finally {
      setBusy(false);
    }
  };

  const roles = stepRoles(step)
    .map((r) => t(ROLE_LABEL[r]))
    .join(', ');
  const recordable = mine && !(isDone(step) && step !== 'notifications');
  return (
    <section className="panel registration" aria-labelledby="reg-title">
      <h1 id="reg-title">{dt('reg.title', { name: view.summary.person.displayName })}</h1>
      {restored && <p className="notice">{dt('reg.draftRestored')}</p>}
      <p className="reg-progress-text">
        {dt('reg.progress', { n: index + 1, total: STEPS.length })}
      </p>
      <progress className="reg-progress" max={STEPS.length} value={index + 1} aria-hidden="true" />
      <nav aria-label={dt('reg.steps')}>
        <ol className="reg-steps">
          {STEPS.map((s, i) => (
            <li key={s} className={isDone(s) ? 'reg-step-done' : undefined}>
              <button
                type="button"
                aria-current={i === index ? 'step' : undefined}
                onClick={() => {
                  go(i);
                }}
              >
                <span aria-hidden="true">{isDone(s) ? '✓' : i + 1}</span> {dt(`reg.step.${s}`)}
                {isDone(s) && <span className="visually-hidden"> ({dt('reg.stepDone')})</span>}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <form noValidate className="reg-form" onSubmit={(e) => void submit(e)}>
        <h2>{dt(`reg.step.${step}`)}</h2>
        {alert && <FormAlert>{alert}</FormAlert>}
        {!mine && <p className="notice">{dt('reg.notYours', { roles })}</p>}
        {mine && isDone(step) && step !== 'notifications' && (
          <p className="notice">{dt('reg.alreadyDone')}</p>
        )}
        {recordable && step === 'notifications' && (
          <NotificationsPanel required={required} made={made} bind={bind} errors={errors} />
        )}
        {recordable && step !== 'notifications' && (
          <StepFields step={step} bind={bind} errors={errors} rooms={rooms} />
        )}
        {recordable && (
          <OccurredAtField
            value={when}
            onChange={setWhen}
            error={errors['occurredAt']}
            timeZone={timeZone}
          />
        )}
        <div className="actions reg-actions">
          <Button
            disabled={index === 0}
            onClick={() => {
              go(index - 1);
            }}
          >
            {dt('reg.back')}
          </Button>
          {step === 'notifications' && mine && (
            <Button key="notify" type="submit" busy={busy}>
              {dt('reg.notify.record')}
            </Button>
          )}
          {step === 'notifications' || !recordable ? (
            <Button key="continue" variant="primary" onClick={advance}>
              {last ? dt('reg.finish') : mine ? dt('reg.continue') : dt('reg.skip')}
            </Button>
          ) : (
            <Button key="record" type="submit" variant="primary" busy={busy}>
              {last ? dt('reg.finish') : dt('reg.next')}
            </Button>
          )}
        </div>
        <p>
          <Link to={`/records/${encodeURIComponent(view.summary.id)}`}>{dt('reg.openRecord')}</Link>
        </p>
      </form>
    </section>
  );
}

/** The guided registration of a delivered person (issue 6 §4), resumable from a local draft. */
export default function RegistrationScreen(props: { recordId: string }): ReactNode {
  const [resource, reload] = useResource(() => getRecord(props.recordId), [props.recordId]);
  return (
    <ResourceView resource={resource}>
      {(view) => <Flow view={view} reload={reload} />}
    </ResourceView>
  );
}
