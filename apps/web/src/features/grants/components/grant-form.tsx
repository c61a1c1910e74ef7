import { useState } from 'react';
import type { SyntheticEvent, ReactNode } from 'react';
import type { Grant, Grantee, Unit } from '@custody/contracts';
import { useT } from '../../../i18n/index.ts';
import {
  Button,
  CheckboxGroup,
  Dialog,
  FormProblems,
  SelectField,
  TextField,
  required,
  useFormErrors,
  validate,
} from '../../../ui/index.ts';
import { fromLocalInput, zoneName } from '../../record/time.ts';
import { useZonedInput } from '../../record/use-zoned-input.ts';
import { createGrant } from '../api.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A new grant: who (an active monitor or lawyer, by name), which units or which record, the
 * validity window on the clock of `timeZone` (the unit's), and the purpose (domain.md §2, §5:
 * time-boxed access for a visit, every use logged). With `record` (opened from a record's page)
 * the grant is to that record, named by its detainee.
 */
export function GrantForm(props: {
  open: boolean;
  units: readonly Unit[];
  grantees: readonly Grantee[];
  timeZone: string;
  record?: { id: string; label: string };
  onClose: () => void;
  onCreated: (grant: Grant) => void;
}): ReactNode {
  const t = useT();
  const [values, setValues] = useState(() => ({
    granteeId: '',
    scope: props.record ? 'record' : 'units',
    recordId: '',
    purpose: '',
  }));
  const [validFrom, setValidFrom] = useZonedInput(props.timeZone);
  const [validUntil, setValidUntil] = useZonedInput(props.timeZone, DAY_MS);
  const zoneHint = t('time.clockOf', { zone: zoneName(props.timeZone) });
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(t);
  const set = (name: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
  };

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    const invalid: Record<string, string> = {
      ...validate(
        t,
        { ...values, validFrom, validUntil },
        {
          granteeId: [required],
          validFrom: [required],
          validUntil: [required],
          purpose: [required],
          recordId: values.scope === 'record' && !props.record ? [required] : [],
        },
      ),
    };
    if (values.scope === 'units' && unitIds.length === 0) invalid['units'] = t('form.required');
    const from = fromLocalInput(validFrom, props.timeZone);
    const until = fromLocalInput(validUntil, props.timeZone);
    if (from && until && until <= from) invalid['validUntil'] = t('grants.windowInvalid');
    errors.setFields(invalid);
    if (Object.keys(invalid).length || !from || !until) return;
    setBusy(true);
    try {
      const grant = await createGrant({
        granteeId: values.granteeId,
        scope:
          values.scope === 'units'
            ? { kind: 'units', unitIds }
            : { kind: 'record', recordId: props.record?.id ?? values.recordId.trim() },
        validFrom: from,
        validUntil: until,
        purpose: values.purpose.trim(),
      });
      errors.clear();
      props.onCreated(grant);
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={props.open} title={t('grants.create')} onClose={props.onClose}>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <FormProblems
          form={errors.form}
          fields={errors.fields}
          attempt={errors.attempt}
          labels={{
            granteeId: t('grants.grantee'),
            scope: t('grants.scope'),
            units: t('grants.units'),
            recordId: t('grants.record'),
            validFrom: t('grants.validFrom'),
            validUntil: t('grants.validUntil'),
            purpose: t('grants.purpose'),
            'scope.unitIds': t('grants.units'),
            'scope.recordId': t('grants.record'),
          }}
          names={{ 'scope.unitIds': 'units', 'scope.recordId': 'recordId' }}
        />
        <SelectField
          label={t('grants.grantee')}
          hint={t(props.grantees.length === 0 ? 'grants.noGrantees' : 'grants.granteeHint')}
          name="granteeId"
          value={values.granteeId}
          onChange={set('granteeId')}
          options={[
            { value: '', label: t('grants.granteePick') },
            ...props.grantees.map((g) => ({
              value: g.id,
              label: `${g.displayName} — ${t(g.role === 'monitor' ? 'role.monitor' : 'role.lawyer')}`,
            })),
          ]}
          error={errors.fields['granteeId']}
        />
        {props.record ? (
          <p className="grant-record">
            <span className="label">{t('grants.scope')}: </span>
            {t('grants.scopeRecord')} — {props.record.label}
          </p>
        ) : (
          <>
            <SelectField
              label={t('grants.scope')}
              name="scope"
              value={values.scope}
              onChange={set('scope')}
              options={[
                { value: 'units', label: t('grants.scopeUnit') },
                { value: 'record', label: t('grants.scopeRecord') },
              ]}
            />
            {values.scope === 'units' ? (
              <CheckboxGroup
                legend={t('grants.units')}
                name="units"
                values={unitIds}
                onChange={setUnitIds}
                options={props.units.map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` }))}
                error={errors.fields['units'] ?? errors.fields['scope.unitIds']}
              />
            ) : (
              <TextField
                label={t('grants.record')}
                hint={t('grants.recordHint')}
                name="recordId"
                value={values.recordId}
                onChange={set('recordId')}
                error={errors.fields['recordId'] ?? errors.fields['scope.recordId']}
              />
            )}
          </>
        )}
        <div className="form-grid">
          <TextField
            label={t('grants.validFrom')}
            hint={zoneHint}
            name="validFrom"
            type="datetime-local"
            value={validFrom}
            onValue={setValidFrom}
            error={errors.fields['validFrom']}
          />
          <TextField
            label={t('grants.validUntil')}
            hint={zoneHint}
            name="validUntil"
            type="datetime-local"
            value={validUntil}
            onValue={setValidUntil}
            error={errors.fields['validUntil']}
          />
        </div>
        <TextField
          label={t('grants.purpose')}
          name="purpose"
          value={values.purpose}
          onChange={set('purpose')}
          error={errors.fields['purpose']}
        />
        <div className="actions">
          <Button onClick={props.onClose}>{t('form.cancel')}</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {t('form.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
