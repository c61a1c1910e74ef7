import { useState } from 'react';
import type { SyntheticEvent, ReactNode } from 'react';
import type { CreatedApiToken, TokenScope, Unit } from '@custody/contracts';
import { useT, type MessageKey } from '../../../i18n/index.ts';
import {
  Button,
  CheckboxGroup,
  Dialog,
  FormAlert,
  SelectField,
  TextField,
  required,
  useFormErrors,
  validate,
} from '../../../ui/index.ts';
import { createToken } from '../api.ts';

export const SCOPE_LABEL: Record<TokenScope, MessageKey> = {
  'records:read': 'tokens.scope.records:read',
  'records:write': 'tokens.scope.records:write',
  metrics: 'tokens.scope.metrics',
  'integrity:read': 'tokens.scope.integrity:read',
};

const SCOPES = Object.keys(SCOPE_LABEL) as TokenScope[];

/** A date one year from the given day, as yyyy-mm-dd for a date input. */
export function defaultExpiry(today: Date): string {
  const d = new Date(today);
  d.setFullYear(d.getFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/** New API token: name, scopes, optional unit, expiry date (end of that day, UTC). */
export function TokenForm(props: {
  open: boolean;
  units: readonly Unit[];
  onClose: () => void;
  onCreated: (token: CreatedApiToken) => void;
}): ReactNode {
  const t = useT();
  const [values, setValues] = useState(() => ({
    name: '',
    unitId: '',
    expires: defaultExpiry(new Date()),
  }));
  const [scopes, setScopes] = useState<string[]>(['records:read']);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(t);
  const set = (name: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
  };

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    const invalid: Record<string, string> = {
      ...validate(t, values, { name: [required], expires: [required] }),
    };
    if (scopes.length === 0) invalid['scopes'] = t('form.required');
    errors.setFields(invalid);
    if (Object.keys(invalid).length) return;
    setBusy(true);
    try {
      const token = await createToken({
        name: values.name.trim(),
        scopes: scopes as TokenScope[],
        unitId: values.unitId === '' ? null : values.unitId,
        expiresAt: new Date(`${values.expires}T23:59:59Z`).toISOString(),
      });
      errors.clear();
      setValues((v) => ({ ...v, name: '' }));
      props.onCreated(token);
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={props.open} title={t('tokens.create')} onClose={props.onClose}>
      <form noValidate onSubmit={(e) => void submit(e)}>
        {errors.form && <FormAlert>{errors.form}</FormAlert>}
        <TextField
          label={t('tokens.name')}
          name="name"
          value={values.name}
          onChange={set('name')}
          error={errors.fields['name']}
        />
        <CheckboxGroup
          legend={t('tokens.scopes')}
          name="scopes"
          values={scopes}
          onChange={setScopes}
          options={SCOPES.map((s) => ({ value: s, label: t(SCOPE_LABEL[s]) }))}
          error={errors.fields['scopes']}
        />
        <SelectField
          label={t('tokens.unit')}
          name="unitId"
          value={values.unitId}
          onChange={set('unitId')}
          options={[
            { value: '', label: t('tokens.allUnits') },
            ...props.units.map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` })),
          ]}
          error={errors.fields['unitId']}
        />
        <TextField
          label={t('tokens.expiresAt')}
          name="expires"
          type="date"
          value={values.expires}
          onChange={set('expires')}
          error={errors.fields['expiresAt'] ?? errors.fields['expires']}
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
