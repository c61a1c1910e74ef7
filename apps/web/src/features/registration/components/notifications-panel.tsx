import type { ReactNode } from 'react';
import type { NotificationKind } from '@custody/domain';
import { useT } from '../../../i18n/index.ts';
import { SelectField, TextField } from '../../../ui/index.ts';
import { Toggle } from '../../record/components/fields.tsx';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { NOTIFICATION_KINDS } from '@custody/domain';
import type { Bind } from './step-fields.tsx';
import { METHODS } from './step-fields.tsx';

/**
 * Notifications, each "immediately" (domain.md §3.5): what is still owed, the legal aid centre
 * first (CMU resolution 1363), and the form for the next one.
 */
export function NotificationsPanel(props: {
  required: readonly NotificationKind[];
  made: ReadonlySet<string>;
  bind: Bind;
  errors: Readonly<Record<string, string>>;
}): ReactNode {
  const t = useT();
  const dt = useDutyT();
  const { bind, errors } = props;
  const outstanding = props.required.filter((k) => !props.made.has(k));
  return (
    <>
      <p className="notice">{dt('reg.notify.legalAidFirst')}</p>
      <ul className="notify-list" aria-label={dt('reg.notify.outstanding')}>
        {props.required.map((k) => (
          <li key={k} className={props.made.has(k) ? 'notify-done' : 'notify-owed'}>
            <span aria-hidden="true">{props.made.has(k) ? '✓ ' : '○ '}</span>
            {dt(`notification.${k}`)}
            <span className="visually-hidden">
              {' '}
              {props.made.has(k) ? dt('reg.stepDone') : dt('reg.notify.outstanding')}
            </span>
          </li>
        ))}
      </ul>
      {outstanding.length === 0 && <p>{dt('reg.notify.allDone')}</p>}
      <SelectField
        label={dt('reg.notify.kind')}
        name="notifyKind"
        value={bind('notifyKind').value}
        options={NOTIFICATION_KINDS.map((k) => ({ value: k, label: dt(`notification.${k}`) }))}
        onChange={(e) => {
          bind('notifyKind').set(e.target.value as NotificationKind);
        }}
      />
      <TextField
        label={dt('reg.notify.recipient')}
        name="notifyRecipient"
        required
        value={bind('notifyRecipient').value}
        error={errors['notifyRecipient']}
        onChange={(e) => {
          bind('notifyRecipient').set(e.target.value);
        }}
      />
      <SelectField
        label={dt('reg.notify.method')}
        name="notifyMethod"
        value={bind('notifyMethod').value}
        options={METHODS.map((m) => ({ value: m, label: dt(`method.${m}`) }))}
        onChange={(e) => {
          bind('notifyMethod').set(e.target.value);
        }}
      />
      <TextField
        label={dt('reg.notify.reference')}
        hint={t('form.optional')}
        name="notifyReference"
        value={bind('notifyReference').value}
        onChange={(e) => {
          bind('notifyReference').set(e.target.value);
        }}
      />
      <Toggle
        label={dt('reg.notify.delegated')}
        name="notifyDelegated"
        checked={bind('notifyDelegated').value}
        onChange={bind('notifyDelegated').set}
      />
    </>
  );
}
