import { useState } from 'react';
import type { SyntheticEvent, ReactNode } from 'react';
import type { TotpSetupResponse } from '@custody/contracts';
import { useSession } from '../../../app/session.tsx';
import { useT } from '../../../i18n/index.ts';
import {
  Button,
  FormProblems,
  TextField,
  pattern,
  required,
  useFormErrors,
  useToast,
  validate,
} from '../../../ui/index.ts';
import { currentSession } from '../../sign-in/api.ts';
import { confirmTotp, startTotpSetup } from '../api.ts';

/**
 * Enrols a TOTP second factor (RFC 6238), required for supervisors, HQ and
 * administrators: the secret and otpauth URI are shown as text to type or
 * paste into an authenticator, then one code confirms it.
 */
export default function TotpEnrolmentScreen(): ReactNode {
  const t = useT();
  const toast = useToast();
  const { state, established, signOut } = useSession();
  const [setup, setSetup] = useState<TotpSetupResponse | undefined>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(t);
  const required2fa = state.status === 'signed-in' && state.user.totpEnrolmentRequired;

  async function start(): Promise<void> {
    errors.clear();
    setBusy(true);
    try {
      setSetup(await startTotpSetup());
      setCode('');
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    const invalid = validate(t, { code }, { code: [required, pattern(/^\d{6}$/)] });
    errors.setFields(invalid);
    if (Object.keys(invalid).length) return;
    setBusy(true);
    try {
      await confirmTotp(code);
      toast('success', t('totp.confirmed'));
      setSetup(undefined);
      established(await currentSession());
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel narrow">
      <h1>{t('totp.title')}</h1>
      {required2fa && <p className="notice">{t('home.totpMissing')}</p>}
      <p>{t('totp.intro')}</p>
      <FormProblems
        form={errors.form}
        fields={errors.fields}
        attempt={errors.attempt}
        labels={{ code: t('totp.code') }}
      />
      {setup ? (
        <form noValidate onSubmit={(e) => void confirm(e)}>
          <h2 className="label">{t('totp.secret')}</h2>
          <code className="secret" data-testid="totp-secret">
            {setup.secret}
          </code>
          <h2 className="label">{t('totp.uri')}</h2>
          <code className="secret">{setup.otpauthUri}</code>
          <TextField
            label={t('totp.code')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => {
              setCode(e.target.value.trim());
            }}
            error={errors.fields['code']}
          />
          <div className="actions">
            <Button type="submit" variant="primary" busy={busy}>
              {t('totp.confirm')}
            </Button>
          </div>
        </form>
      ) : (
        <>
          {!required2fa && <p>{t('totp.warning')}</p>}
          <div className="actions start">
            <Button variant="primary" busy={busy} onClick={() => void start()}>
              {t('totp.start')}
            </Button>
            {!required2fa && (
              <Button variant="danger" onClick={() => void signOut(true)}>
                {t('header.signOutEverywhere')}
              </Button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
