import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { COMMAND_EVENT, EVENT_LABELS, type CommandType } from '@custody/domain';
import { useUser } from '../../../app/session.tsx';
import { useLocale } from '../../../i18n/index.ts';
import { Button } from '../../../ui/index.ts';
import { unitsQuery } from '../../admin/api.ts';
import type { RecordAction } from '../../record/actions/action.ts';
import { CommandForm } from '../../record/actions/command-form.tsx';
import type { FormContext } from '../../record/actions/field-spec.ts';
import { CUSTODY_ACTIONS } from '../../record/actions/actions.custody.ts';
import { WELFARE_ACTIONS } from '../../record/actions/actions.welfare.ts';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { useUnitTimeZone } from '../../record/use-unit-time-zone.ts';
import { isFieldCommand } from '../field-commands.ts';
import { useOffline } from '../offline-context.tsx';
import type { OutboxEntry } from '../outbox.ts';
import '../field.css';

/**
 * The start of the delivery to the unit (КПК ст. 210: the detained person is delivered "without
 * delay"): the move away from the scene, with where to and the escort. Its purpose is what the
 * screen is for, so the form does not ask it.
 */
const DELIVERY_START: RecordAction = {
  id: 'deliveryStart',
  command: 'MoveDetainee',
  label: 'field.deliveryStart',
  group: 'quick',
  fields: [
    { kind: 'text', name: 'to.description', label: 'field.deliveryTo' },
    { kind: 'people', name: 'escort', hint: 'act.namesHint', optional: true },
  ],
};

function actionOf(actions: readonly RecordAction[], id: string): RecordAction {
  const found = actions.find((a) => a.id === id);
  if (found === undefined) throw new Error(`no record action ${id}`);
  return found;
}

/**
 * What an officer records at the scene (issue 19 "Field entries offline"), each the record page's
 * own form (one home for its fields): the delivery starting, force used, property taken.
 */
const FIELD_ACTIONS: readonly RecordAction[] = [
  DELIVERY_START,
  actionOf(WELFARE_ACTIONS, 'force'),
  actionOf(CUSTODY_ACTIONS, 'property'),
];

/** The detained person's name while the tablet still holds the detention's signed text. */
function personOf(entries: readonly OutboxEntry[]): string | null {
  const detention = entries.find((e) => e.type === 'RecordDetention');
  if (detention?.signed == null) return null;
  const body = JSON.parse(detention.signed) as {
    command: { payload: { person?: { fullName?: string; description?: string } } };
  };
  const person = body.command.payload.person;
  return person?.fullName ?? person?.description ?? null;
}

/**
 * Entries at the scene of a detention, kept in this tablet's outbox and sent in the order they
 * were made (the detention first): reached after a detention saved without signal. The list
 * says what the tablet holds of this record and what the server answered.
 */
export default function FieldScreen(): ReactNode {
  const { recordId } = useParams({ from: '/field/$recordId' });
  const dt = useDutyT();
  const { locale } = useLocale();
  const user = useUser();
  const offline = useOffline();
  const timeZone = useUnitTimeZone(user.unitId);
  const units = useQuery(unitsQuery());
  const unitName = units.data?.find((u) => u.id === user.unitId)?.name ?? '';
  const [open, setOpen] = useState<RecordAction | null>(null);
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  useEffect(() => {
    let live = true;
    void offline?.entriesOf(recordId).then((list) => {
      if (live) setEntries(list);
    });
    return () => {
      live = false;
    };
  }, [offline, recordId]);

  const ctx: FormContext = {
    recordId,
    unitId: user.unitId ?? '',
    timeZone,
    user: { id: user.id, displayName: user.displayName },
    rooms: [],
    timeline: [],
  };
  const defaultsOf = (action: RecordAction): Record<string, unknown> =>
    action === DELIVERY_START
      ? {
          to: { description: unitName },
          purpose: dt('field.deliveryPurpose'),
          escort: [],
        }
      : (action.defaults?.(ctx) ?? {});
  const who = personOf(entries);
  const at = (iso: string) =>
    new Intl.DateTimeFormat(locale === 'uk' ? 'uk-UA' : 'en-GB', {
      timeStyle: 'short',
      hourCycle: 'h23',
      timeZone,
    }).format(new Date(iso));
  const stateOf = (e: OutboxEntry) =>
    e.state === 'pending'
      ? dt('field.state.pending')
      : e.state === 'accepted'
        ? dt('field.state.accepted', { n: e.result?.logIndex ?? '' })
        : dt('field.state.refused', { reason: e.result?.problem?.detail ?? '' });
  const typeOf = (type: CommandType) => EVENT_LABELS[COMMAND_EVENT[type]][locale];
  const accepted = entries.some((e) => e.type === 'RecordDetention' && e.state === 'accepted');

  return (
    <section className="panel field-screen" aria-labelledby="field-title">
      <h1 id="field-title">{dt('field.title')}</h1>
      <p className="field-who">
        {who === null
          ? dt('field.record', { id: recordId.slice(0, 8) })
          : dt('field.person', { name: who })}
      </p>
      <p>{dt('field.intro')}</p>
      <div className="field-actions">
        {FIELD_ACTIONS.map((action) => (
          <Button
            key={action.id}
            variant="primary"
            disabled={offline === null}
            onClick={() => {
              setOpen(action);
            }}
          >
            {dt(action.label)}
          </Button>
        ))}
      </div>
      <h2>{dt('field.onTablet')}</h2>
      {entries.length === 0 ? (
        <p>{dt('field.none')}</p>
      ) : (
        <ol className="field-entries" data-testid="field-entries">
          {entries.map((e) => (
            <li key={e.entryId} data-state={e.state}>
              <strong>{typeOf(e.type)}</strong> · {at(e.deviceTime)} · {stateOf(e)}
            </li>
          ))}
        </ol>
      )}
      {accepted && (
        <p>
          <Link to="/records/$recordId" params={{ recordId }}>
            {dt('field.openRecord')}
          </Link>
        </p>
      )}
      {open !== null && offline !== null && (
        <CommandForm
          type={open.command}
          title={dt(open.label)}
          fields={open.fields}
          defaults={defaultsOf(open)}
          ctx={ctx}
          version={0}
          submitLabel={open.submitLabel === undefined ? undefined : dt(open.submitLabel)}
          onClose={() => {
            setOpen(null);
          }}
          savedToast={dt('field.saved')}
          save={async (values) => {
            const type = open.command;
            if (!isFieldCommand(type)) throw new Error(`${type} is not a field command`);
            await offline.save({ type, recordId, ...values });
          }}
        />
      )}
    </section>
  );
}
