import { useEffect, useState } from 'react';
import type { SyntheticEvent, ReactNode } from 'react';
import { LEGAL_PROFILES, type LegalProfile } from '@custody/domain';
import { useNavigate } from '@tanstack/react-router';
import { useUser } from '../../../app/session.tsx';
import { useLocale, useT } from '../../../i18n/index.ts';
import { Button, FormProblems, SelectField, TextField, useToast } from '../../../ui/index.ts';
import { useOffline } from '../../offline/offline-context.tsx';
import { setFormDirty } from '../../offline/service-worker.ts';
import { openRecord } from '../../record/api.ts';
import { Choice, TextArea, Toggle } from '../../record/components/fields.tsx';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { describeRefusal } from '../../record/refusal.ts';
import type { PayloadErrors } from '../../record/validation.ts';
import { zoneName } from '../../record/time.ts';
import { useUnitTimeZone } from '../../record/use-unit-time-zone.ts';
import { useZonedInput } from '../../record/use-zoned-input.ts';
import {
  DEFAULT_BASIS,
  detentionErrors,
  emptyDetention,
  toOpenRequest,
  type DetentionForm,
} from '../detention-form.ts';
import '../detention.css';

/**
 * Detention on a tablet (issue 6 §3): the detaining officer opens the record at the moment of
 * actual detention with the minimum required fields (domain.md §3.1; КПК ст. 208-209,
 * Constitution art. 29), large touch targets, one column at 768 px. The time is stated on the
 * clock of the officer's unit, where the server opens the record, whatever the tablet's zone.
 */
export default function DetentionScreen(): ReactNode {
  const t = useT();
  const { locale } = useLocale();
  const dt = useDutyT();
  const toast = useToast();
  const navigate = useNavigate();
  const user = useUser();
  const offline = useOffline();
  const timeZone = useUnitTimeZone(user.unitId);
  const [when, setWhen, setWhenNow] = useZonedInput(timeZone);
  const [fields, setForm] = useState<DetentionForm>(() => emptyDetention('', user.displayName));
  const form: DetentionForm = { ...fields, when };
  const isDirty = JSON.stringify(fields) !== JSON.stringify(emptyDetention('', user.displayName));
  useEffect(() => {
    setFormDirty('detention', isDirty);
    return () => {
      setFormDirty('detention', false);
    };
  }, [isDirty]);
  // Kept as message keys and worded at render, so that switching УКР/ENG rewords them.
  const [problems, setProblems] = useState<PayloadErrors>({});
  const errors: Record<string, string> = Object.fromEntries(
    Object.entries(problems).map(([k, key]) => [k, t(key)]),
  );
  const [alert, setAlert] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const clearError = (key: string) => {
    setProblems((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== key)));
  };
  const set = <K extends keyof DetentionForm>(key: K, value: DetentionForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    clearError(key);
  };
  const text = (key: keyof DetentionForm) => ({
    name: key,
    value: String(form[key]),
    error: errors[key],
    onChange: (value: string) => {
      set(key, value as never);
    },
  });

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found = detentionErrors(form, timeZone);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      // The summary lists each field with a link to it and takes focus (GOV.UK).
      setAlert(undefined);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    setAlert(undefined);
    const request = toOpenRequest(form, timeZone);
    try {
      const result = await openRecord(request);
      toast('success', dt('det.opened'));
      void navigate({ to: '/records/$recordId', params: { recordId: result.recordId } });
    } catch (error) {
      const recordId = globalThis.crypto.randomUUID();
      const kept = await offline?.keepWithoutSignal(error, {
        type: 'RecordDetention',
        recordId,
        occurredAt: request.occurredAt,
        payload: request.payload,
      });
      if (kept === 'revoked') {
        setAlert(t('offline.revokedNoSave'));
        setAttempt((n) => n + 1);
        return;
      }
      if (kept === 'saved') {
        setForm(emptyDetention('', user.displayName));
        toast('success', t('offline.savedOnDevice'));
        // What the officer records next at the scene goes to the same outbox, after it.
        void navigate({ to: '/field/$recordId', params: { recordId } });
        return;
      }
      setAlert(describeRefusal(error, locale, dt, t));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const profiles = LEGAL_PROFILES.map((p) => ({ value: p, label: dt(`profile.${p}`) }));
  return (
    <section className="panel detention" aria-labelledby="det-title">
      <h1 id="det-title">{dt('det.title')}</h1>
      <p>{dt('det.intro')}</p>
      <form noValidate onSubmit={(e) => void submit(e)} className="detention-form">
        <FormProblems
          form={alert}
          fields={errors}
          attempt={attempt}
          labels={{
            when: dt('det.when'),
            fullName: dt('det.fullName'),
            dateOfBirth: dt('det.dateOfBirth'),
            identityDocument: dt('det.document'),
            description: dt('det.description'),
            sex: dt('det.sex'),
            nationality: dt('det.nationality'),
            place: dt('det.place'),
            legalBasis: dt('det.legalBasis'),
            grounds: dt('det.grounds'),
            officers: dt('det.officers'),
            language: dt('det.language'),
          }}
        />
        <div className="det-when">
          <TextField
            label={dt('det.when')}
            hint={dt('det.whenHint', { zone: zoneName(timeZone) })}
            type="datetime-local"
            required
            {...text('when')}
            onChange={(e) => {
              setWhen(e.target.value);
              clearError('when');
            }}
          />
          <Button
            onClick={() => {
              setWhenNow();
              clearError('when');
            }}
          >
            {dt('det.now')}
          </Button>
        </div>
        <Choice
          legend={dt('det.person')}
          name="personKind"
          value={form.personKind}
          options={[
            { value: 'identified', label: dt('det.identified') },
            { value: 'unidentified', label: dt('det.unidentified') },
          ]}
          onChange={(v) => {
            set('personKind', v);
          }}
        />
        {form.personKind === 'identified' ? (
          <>
            <TextField
              label={dt('det.fullName')}
              required
              autoComplete="off"
              {...text('fullName')}
              onChange={(e) => {
                set('fullName', e.target.value);
              }}
            />
            <div className="det-pair">
              <TextField
                label={dt('det.dateOfBirth')}
                hint={t('form.optional')}
                type="date"
                {...text('dateOfBirth')}
                onChange={(e) => {
                  set('dateOfBirth', e.target.value);
                }}
              />
              <TextField
                label={dt('det.document')}
                hint={t('form.optional')}
                {...text('identityDocument')}
                onChange={(e) => {
                  set('identityDocument', e.target.value);
                }}
              />
            </div>
          </>
        ) : (
          <TextArea label={dt('det.description')} required {...text('description')} />
        )}
        <Choice
          legend={dt('det.sex')}
          name="sex"
          value={form.sex}
          options={[
            { value: 'male', label: dt('det.sex.male') },
            { value: 'female', label: dt('det.sex.female') },
          ]}
          error={errors['sex']}
          onChange={(v) => {
            set('sex', v);
          }}
        />
        <div className="det-pair">
          <Toggle
            label={dt('common.juvenile')}
            name="juvenile"
            checked={form.juvenile}
            onChange={(v) => {
              set('juvenile', v);
            }}
          />
          <Toggle
            label={dt('common.foreigner')}
            name="foreigner"
            checked={form.foreigner}
            onChange={(v) => {
              set('foreigner', v);
            }}
          />
        </div>
        {form.foreigner && (
          <TextField
            label={dt('det.nationality')}
            {...text('nationality')}
            onChange={(e) => {
              set('nationality', e.target.value);
            }}
          />
        )}
        <TextField
          label={dt('det.place')}
          required
          {...text('place')}
          onChange={(e) => {
            set('place', e.target.value);
          }}
        />
        <div className="det-pair">
          <SelectField
            label={dt('det.profile')}
            name="profile"
            value={form.profile}
            options={profiles}
            onChange={(e) => {
              const profile = e.target.value as LegalProfile;
              setForm((f) => ({ ...f, profile, legalBasis: DEFAULT_BASIS[profile] }));
            }}
          />
          <TextField
            label={dt('det.legalBasis')}
            required
            {...text('legalBasis')}
            onChange={(e) => {
              set('legalBasis', e.target.value);
            }}
          />
        </div>
        <TextArea
          label={dt('det.grounds')}
          hint={dt('det.groundsHint')}
          required
          rows={4}
          {...text('grounds')}
        />
        <div className="det-pair">
          <TextField
            label={dt('det.officers')}
            hint={dt('det.officersHint')}
            required
            {...text('officers')}
            onChange={(e) => {
              set('officers', e.target.value);
            }}
          />
          <TextField
            label={dt('det.language')}
            required
            {...text('language')}
            onChange={(e) => {
              set('language', e.target.value);
            }}
          />
        </div>
        <TextField
          label={dt('det.bodycam')}
          hint={t('form.optional')}
          {...text('bodycam')}
          onChange={(e) => {
            set('bodycam', e.target.value);
          }}
        />
        <div className="actions">
          <Button type="submit" variant="primary" busy={busy} className="det-submit">
            {dt('det.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
