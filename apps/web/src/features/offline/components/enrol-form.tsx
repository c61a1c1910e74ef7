import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { ApiError } from '../../../api/client.ts';
import { useT } from '../../../i18n/index.ts';
import {
  Button,
  Dialog,
  FormProblems,
  TextField,
  required,
  useFormErrors,
  validate,
} from '../../../ui/index.ts';
import { DEVICE_NAME_MAX, thisDeviceName } from '../device-name.ts';
import type { EnrolForm as EnrolValues } from '../enrol.ts';

/**
 * Enrolment asks a name for the tablet (what the supervisor's Tablets screen shows; offered from
 * the browser and system, not the raw user-agent string) and the officer's password, which the
 * server checks and whose hash the tablet keeps to open without signal (issue 19).
 */
export function EnrolForm(props: {
  open: boolean;
  onClose: () => void;
  enrol: (form: EnrolValues) => Promise<void>;
}): ReactNode {
  const t = useT();
  const [name, setName] = useState(thisDeviceName);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(t);
  const labels = { name: t('offline.deviceName'), password: t('offline.enrolPassword') };

  function close(): void {
    setPassword('');
    errors.clear();
    props.onClose();
  }

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    const invalid = validate(t, { name, password }, { name: [required], password: [required] });
    errors.setFields(invalid);
    if (Object.keys(invalid).length) return;
    setBusy(true);
    try {
      await props.enrol({ name, password });
      setPassword('');
      errors.clear();
      props.onClose();
    } catch (error) {
      setPassword('');
      if (error instanceof ApiError && error.code === 'wrong_password') {
        errors.setFields({ password: t('offline.wrongPassword') });
      } else {
        errors.fail(error);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={props.open} title={t('offline.enrolTitle')} onClose={close}>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <FormProblems
          form={errors.form}
          fields={errors.fields}
          attempt={errors.attempt}
          labels={labels}
        />
        <p>{t('offline.enrolExplain')}</p>
        <TextField
          label={labels.name}
          hint={t('offline.deviceNameHint')}
          name="name"
          maxLength={DEVICE_NAME_MAX}
          autoComplete="off"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
          }}
          error={errors.fields['name']}
        />
        <TextField
          label={labels.password}
          hint={t('offline.enrolPasswordHint')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
          }}
          error={errors.fields['password']}
        />
        <div className="actions">
          <Button onClick={close}>{t('form.cancel')}</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {t('offline.enrolSubmit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
