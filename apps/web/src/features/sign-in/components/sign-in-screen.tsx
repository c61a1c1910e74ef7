import { useState } from 'react';
import type { SyntheticEvent, ReactNode } from 'react';
import { ApiError } from '../../../api/client.ts';
import { useSession } from '../../../app/session.tsx';
import { hasStoredLocale, useLocale, useT, type TFunction } from '../../../i18n/index.ts';
import {
  Button,
  FormAlert,
  TextField,
  describeError,
  required,
  validate,
  type Rule,
} from '../../../ui/index.ts';
import { rememberPassword } from '../../offline/unlock.ts';
import { signIn } from '../api.ts';
import { formatWait } from '../wait.ts';

type Step = 'password' | 'totp';

const RULES: Readonly<Record<Step, Record<string, Rule[]>>> = {
  password: { username: [required], password: [required] },
  totp: { totp: [required] },
};

/**
 * What went wrong, kept as the values that were checked and the refusal itself, never as
 * words: the messages are worded at render, so switching УКР/ENG rewords them.
 */
interface Problems {
  readonly checked?: Readonly<Record<string, string>>;
  readonly totp?: unknown;
  readonly alert?: unknown;
}

function refusal(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return describeError(t, error);
  const wait = formatWait(t, error.retryAfterSeconds ?? 60);
  switch (error.code) {
    case 'invalid_credentials':
      return t('signIn.invalidCredentials');
    case 'totp_invalid':
      return t('signIn.totpInvalid');
    case 'locked_out':
      return t('signIn.lockedOut', { wait });
    case 'rate_limited':
      return t('signIn.rateLimited', { wait });
    default:
      return describeError(t, error);
  }
}

/**
 * Sign-in: username and password, then a TOTP code (RFC 6238) when the
 * server answers `totp_required`. Refusals appear inline, lockouts with the wait.
 */
export function SignInScreen(props: { expired: boolean }): ReactNode {
  const t = useT();
  const { setLocale } = useLocale();
  const { established } = useSession();
  const [step, setStep] = useState<Step>('password');
  const [values, setValues] = useState({ username: '', password: '', totp: '' });
  const [problems, setProblems] = useState<Problems>({});
  const fieldErrors: Record<string, string> = {
    ...(problems.checked ? validate(t, problems.checked, RULES[step]) : {}),
    ...('totp' in problems ? { totp: refusal(t, problems.totp) } : {}),
  };
  const alert = 'alert' in problems ? refusal(t, problems.alert) : undefined;
  const [busy, setBusy] = useState(false);

  const set = (name: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
  };

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    const invalid = validate(t, values, RULES[step]);
    setProblems(Object.keys(invalid).length ? { checked: { ...values } } : {});
    if (Object.keys(invalid).length) return;
    setBusy(true);
    try {
      const session = await signIn({
        username: values.username.trim(),
        password: values.password,
        ...(step === 'totp' ? { totp: values.totp.replace(/\s/g, '') } : {}),
      });
      if (!hasStoredLocale()) setLocale(session.user.locale);
      // An enrolled tablet keeps a hash of it, to unlock its screen without signal (issue 19).
      rememberPassword(values.password);
      established(session);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'totp_required') {
        setStep('totp');
      } else if (error instanceof ApiError && error.code === 'totp_invalid') {
        setProblems({ totp: error });
        setValues((v) => ({ ...v, totp: '' }));
      } else {
        setProblems({ alert: error });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <form className="panel sign-in-panel" noValidate onSubmit={(e) => void submit(e)}>
        <h1>{t('signIn.title')}</h1>
        {props.expired && <p className="notice">{t('app.sessionExpired')}</p>}
        <p>{t('signIn.intro')}</p>
        {alert && <FormAlert>{alert}</FormAlert>}
        {step === 'password' ? (
          <>
            <TextField
              label={t('signIn.username')}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={values.username}
              onChange={set('username')}
              error={fieldErrors['username']}
            />
            <TextField
              label={t('signIn.password')}
              name="password"
              type="password"
              autoComplete="current-password"
              value={values.password}
              onChange={set('password')}
              error={fieldErrors['password']}
            />
          </>
        ) : (
          <TextField
            label={t('signIn.totp')}
            hint={t('signIn.totpHint')}
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            autoFocus
            value={values.totp}
            onChange={set('totp')}
            error={fieldErrors['totp']}
          />
        )}
        <div className="actions">
          {step === 'totp' && (
            <Button
              variant="ghost"
              onClick={() => {
                setStep('password');
                setValues({ username: '', password: '', totp: '' });
                setProblems({});
              }}
            >
              {t('signIn.back')}
            </Button>
          )}
          <Button type="submit" variant="primary" busy={busy}>
            {step === 'password' ? t('signIn.submit') : t('signIn.totpSubmit')}
          </Button>
        </div>
      </form>
    </div>
  );
}
