import { useState } from 'react';
import type { ReactNode, SyntheticEvent } from 'react';
import type { UnitPolicyChange, UnitPolicyField, UnitPolicyView } from '@custody/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../api/query-client.ts';
import { useUser } from '../../../app/session.tsx';
import { useLocale, useT, type MessageKey, type TFunction } from '../../../i18n/index.ts';
import {
  Button,
  DataTable,
  FormProblems,
  ResourceView,
  TextField,
  formatDateTime,
  useFormErrors,
  useToast,
} from '../../../ui/index.ts';
import { useDutyT, type DutyT } from '../../record/i18n/use-duty-t.ts';
import { formatDuration } from '../../record/time.ts';
import { useOwnTimeZone } from '../../record/use-unit-time-zone.ts';
import { changeUnitPolicy, getUnitPolicy } from '../api.ts';

const fieldLabel = (t: TFunction, key: string) => t(`policy.field.${key}` as MessageKey);
/** A figure in words: "30 хв", "6 год 00 хв", "1 д 0 год". */
const minutes = (dt: DutyT, m: number) => formatDuration(m * 60_000, dt);

/** "Перевірка кімнати: інтервал 60 хв → 30 хв" for each figure a change changed. */
function changeText(t: TFunction, dt: DutyT, c: UnitPolicyChange): ReactNode {
  return (
    <ul className="policy-changes">
      {c.changes.map((x) => (
        <li key={x.key}>
          {fieldLabel(t, x.key)}: {minutes(dt, x.from)} → {minutes(dt, x.to)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The figures of the unit's policy and the form that changes them: every figure as a whole number
 * of minutes, with its range; the server checks the whole policy again and logs the change.
 */
function ChangeForm(props: {
  unitId: string;
  view: UnitPolicyView;
  onChanged: (view: UnitPolicyView) => void;
}): ReactNode {
  const t = useT();
  const initial = () =>
    Object.fromEntries(props.view.fields.map((f) => [f.key, String(f.minutes)]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(t);

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    const invalid: Record<string, string> = {};
    const changed: Record<string, number> = {};
    for (const f of props.view.fields) {
      const text = (values[f.key] ?? '').trim();
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < f.min || n > f.max) {
        invalid[f.key] = t('policy.notNumber', { min: f.min, max: f.max });
      } else if (n !== f.minutes) changed[f.key] = n;
    }
    if (reason.trim().length < 3) invalid['reason'] = t('form.required');
    if (Object.keys(invalid).length === 0 && Object.keys(changed).length === 0) {
      invalid[props.view.fields[0]?.key ?? 'reason'] = t('policy.unchanged');
    }
    errors.setFields(invalid);
    if (Object.keys(invalid).length > 0) return;
    setBusy(true);
    try {
      const view = await changeUnitPolicy(props.unitId, {
        expectedVersion: props.view.version,
        values: changed,
        reason: reason.trim(),
      });
      errors.clear();
      setReason('');
      props.onChanged(view);
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  }

  const labels: Record<string, string> = { reason: t('policy.reason') };
  const names: Record<string, string> = {};
  for (const f of props.view.fields) {
    labels[f.key] = fieldLabel(t, f.key);
    labels[`values.${f.key}`] = fieldLabel(t, f.key);
    names[`values.${f.key}`] = f.key;
  }
  const fieldError = (f: UnitPolicyField) =>
    errors.fields[f.key] ?? errors.fields[`values.${f.key}`];

  return (
    <form noValidate className="policy-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('policy.change')}</h2>
      <FormProblems
        form={errors.form}
        fields={errors.fields}
        attempt={errors.attempt}
        labels={labels}
        names={names}
      />
      <div className="form-grid">
        {props.view.fields.map((f) => (
          <TextField
            key={f.key}
            label={fieldLabel(t, f.key)}
            hint={t('policy.range', {
              min: f.min,
              max: f.max,
              default: f.installationMinutes,
            })}
            name={f.key}
            type="number"
            inputMode="numeric"
            min={f.min}
            max={f.max}
            step={1}
            value={values[f.key] ?? ''}
            onValue={(v: string) => {
              setValues((old) => ({ ...old, [f.key]: v }));
            }}
            error={fieldError(f)}
          />
        ))}
      </div>
      <TextField
        label={t('policy.reason')}
        name="reason"
        value={reason}
        onValue={setReason}
        error={errors.fields['reason']}
      />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy}>
          {t('policy.save')}
        </Button>
      </div>
    </form>
  );
}

/**
 * The unit's policy (domain.md §4, issue 14 point 3): the clock's figures no Ukrainian act sets,
 * each labelled as the unit's policy and what it is modelled on, the history of changes, and for
 * the unit's supervisor the form that changes them. Times read on the unit's clock.
 */
export default function PolicyScreen(): ReactNode {
  const t = useT();
  const dt = useDutyT();
  const { locale } = useLocale();
  const user = useUser();
  const timeZone = useOwnTimeZone();
  const toast = useToast();
  const client = useQueryClient();
  const unitId = user.unitId ?? '';
  const data = useQuery({
    queryKey: keys.policy(unitId),
    queryFn: () => getUnitPolicy(unitId),
    enabled: unitId !== '',
  });
  if (unitId === '') return <p>{t('policy.noUnit')}</p>;
  return (
    <section className="policy">
      <h1>{t('policy.title')}</h1>
      <p>{t('policy.intro')}</p>
      <p>{t('policy.effect')}</p>
      <ResourceView query={data}>
        {(view) => (
          <>
            <DataTable<UnitPolicyField>
              caption={t('policy.title')}
              hideCaption
              rows={view.fields}
              rowKey={(f) => f.key}
              empty={t('table.empty')}
              columns={[
                { key: 'figure', header: t('policy.figure'), cell: (f) => fieldLabel(t, f.key) },
                {
                  key: 'value',
                  header: t('policy.value'),
                  numeric: true,
                  cell: (f) => minutes(dt, f.minutes),
                },
                {
                  key: 'default',
                  header: t('policy.installation'),
                  numeric: true,
                  cell: (f) => minutes(dt, f.installationMinutes),
                },
                { key: 'basis', header: t('policy.basis'), cell: (f) => f.basis[locale] },
              ]}
            />
            {view.canChange ? (
              <ChangeForm
                key={view.version}
                unitId={unitId}
                view={view}
                onChanged={(next) => {
                  client.setQueryData(keys.policy(unitId), next);
                  void client.invalidateQueries({ queryKey: ['whiteboard'] });
                  void client.invalidateQueries({ queryKey: ['record'] });
                  toast('success', t('policy.saved'));
                }}
              />
            ) : (
              <p className="muted">{t('policy.readOnly')}</p>
            )}
            <h2 className="policy-history">{t('policy.history')}</h2>
            <DataTable<UnitPolicyChange>
              caption={t('policy.history')}
              hideCaption
              rows={view.history}
              rowKey={(c) => c.id}
              empty={t('policy.historyEmpty')}
              columns={[
                {
                  key: 'when',
                  header: t('policy.when'),
                  cell: (c) => formatDateTime(c.at, locale, timeZone),
                },
                { key: 'who', header: t('policy.who'), cell: (c) => c.by.displayName },
                { key: 'what', header: t('policy.what'), cell: (c) => changeText(t, dt, c) },
                { key: 'why', header: t('policy.why'), cell: (c) => c.reason },
                {
                  key: 'log',
                  header: t('policy.logIndex'),
                  numeric: true,
                  cell: (c) => c.logIndex,
                },
              ]}
            />
          </>
        )}
      </ResourceView>
    </section>
  );
}
