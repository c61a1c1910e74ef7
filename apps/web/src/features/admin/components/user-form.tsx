import { useState } from 'react';
import type { SyntheticEvent, ReactNode } from 'react';
import type { Role, Unit, User } from '@custody/contracts';
import { ALL_ROLES, ROLE_LABEL, UNIT_ROLES } from '../../../app/access.ts';
import { useT } from '../../../i18n/index.ts';
import {
  Button,
  Dialog,
  FormProblems,
  SelectField,
  TextField,
  minLength,
  pattern,
  required,
  useFormErrors,
  validate,
} from '../../../ui/index.ts';
import { createUser } from '../api.ts';

const EMPTY = { username: '', displayName: '', role: 'duty_inspector', unitId: '', password: '' };

/** New account form; the unit is asked for only for roles that work inside one unit (contracts UNIT_ROLES). */
export function UserForm(props: {
  open: boolean;
  units: readonly Unit[];
  onClose: () => void;
  onCreated: (user: User) => void;
}): ReactNode {
  const t = useT();
  const [values, setValues] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(t);
  const role = values.role as Role;
  const needsUnit = UNIT_ROLES.includes(role);

  const set = (name: keyof typeof EMPTY) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
  };

  function close(): void {
    setValues(EMPTY);
    errors.clear();
    props.onClose();
  }

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    const invalid = validate(t, values, {
      username: [required, minLength(3), pattern(/^[a-z0-9._-]+$/)],
      displayName: [required],
      password: [required, minLength(12)],
      unitId: needsUnit ? [required] : [],
    });
    errors.setFields(invalid);
    if (Object.keys(invalid).length) return;
    setBusy(true);
    try {
      const user = await createUser({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        role,
        unitId: needsUnit ? values.unitId : null,
      });
      setValues(EMPTY);
      errors.clear();
      props.onCreated(user);
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={props.open} title={t('users.create')} onClose={close}>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <FormProblems
          form={errors.form}
          fields={errors.fields}
          attempt={errors.attempt}
          labels={{
            username: t('users.username'),
            displayName: t('users.displayName'),
            role: t('users.role'),
            unitId: t('users.unit'),
            password: t('users.password'),
          }}
        />
        <div className="form-grid">
          <TextField
            label={t('users.username')}
            name="username"
            autoCapitalize="none"
            spellCheck={false}
            value={values.username}
            onChange={set('username')}
            error={errors.fields['username']}
          />
          <TextField
            label={t('users.displayName')}
            name="displayName"
            value={values.displayName}
            onChange={set('displayName')}
            error={errors.fields['displayName']}
          />
          <SelectField
            label={t('users.role')}
            name="role"
            value={values.role}
            onChange={set('role')}
            options={ALL_ROLES.map((r) => ({ value: r, label: t(ROLE_LABEL[r]) }))}
            error={errors.fields['role']}
          />
          <SelectField
            label={t('users.unit')}
            name="unitId"
            value={needsUnit ? values.unitId : ''}
            disabled={!needsUnit}
            onChange={set('unitId')}
            options={[
              { value: '', label: t('users.noUnit') },
              ...props.units.map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` })),
            ]}
            error={errors.fields['unitId']}
          />
          <TextField
            label={t('users.password')}
            hint={t('form.tooShort', { min: 12 })}
            name="password"
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={set('password')}
            error={errors.fields['password']}
          />
        </div>
        <div className="actions">
          <Button onClick={close}>{t('form.cancel')}</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {t('form.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
