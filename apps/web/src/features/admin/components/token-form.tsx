import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { SyntheticEvent, ReactNode } from 'react';
import type {
  CreatedApiToken,
  TokenCommand,
  TokenRole,
  TokenScope,
  Unit,
} from '@custody/contracts';
import { COMMAND_EVENT, EVENT_LABELS, zonedDate } from '@custody/domain';
import { useLocale, useT, type Locale, type MessageKey } from '../../../i18n/index.ts';
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
import { keys } from '../../../api/query-client.ts';
import { createToken, issuableScopes } from '../api.ts';

export const SCOPE_LABEL: Record<TokenScope, MessageKey> = {
  'records:read': 'tokens.scope.records:read',
  'records:write': 'tokens.scope.records:write',
  'records:commands': 'tokens.scope.records:commands',
  metrics: 'tokens.scope.metrics',
  'integrity:read': 'tokens.scope.integrity:read',
};

// The form offers what the server says the signed-in person may put on a token (the token
// ceiling, apps/server/src/authz/token-ceiling.ts): an administrator is offered metrics and
// integrity, never custody content. With records:commands the person picks the unit role the
// token acts as and the commands it may issue, among those offered for that role; such a token
// belongs to the person's own unit.

/** A command as the token forms and lists name it: the entry it makes, and its API name. */
export function commandLabel(c: TokenCommand, locale: Locale): string {
  return `${EVENT_LABELS[COMMAND_EVENT[c]][locale]} (${c})`;
}

/** The day one year after `today` (yyyy-mm-dd), for a date input; 29 February gives 1 March. */
export function defaultExpiry(today: string): string {
  const [y = 0, m = 1, d = 1] = today.split('-').map(Number);
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
}

/**
 * New API token: name, scopes, optional unit, expiry date: the token lapses at the end of that
 * day (23:59) on the clock of `timeZone`, the zone the panel shows times in.
 */
export function TokenForm(props: {
  open: boolean;
  units: readonly Unit[];
  timeZone: string;
  onClose: () => void;
  onCreated: (token: CreatedApiToken) => void;
}): ReactNode {
  const t = useT();
  const { locale } = useLocale();
  const [values, setValues] = useState(() => ({
    name: '',
    unitId: '',
    actsAs: '',
    expires: defaultExpiry(zonedDate(Date.now(), props.timeZone)),
  }));
  const offered = useQuery({ queryKey: keys.tokenScopes(), queryFn: issuableScopes });
  const allowed = offered.data?.scopes ?? [];
  // Until the person picks, the first scope they may hold is ticked.
  const [picked, setScopes] = useState<string[] | undefined>();
  const scopes = picked ?? allowed.slice(0, 1);
  const writes = scopes.includes('records:commands');
  const roles = offered.data?.commands ?? [];
  const role = roles.find((r) => r.actsAs === values.actsAs);
  const [commands, setCommands] = useState<string[]>([]);
  // A writing token belongs to the person's own unit: the only unit offered then.
  const ownUnit = offered.data?.unitId ?? null;
  const units = writes ? props.units.filter((u) => u.id === ownUnit) : props.units;
  const unitId = writes ? (ownUnit ?? '') : values.unitId;
  // A field's message goes once the person changes that field.
  const settle = (field: string) => {
    if (!(field in errors.fields)) return;
    errors.setFields(
      Object.fromEntries(Object.entries(errors.fields).filter(([k]) => k !== field)),
      { focus: false },
    );
  };
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
    if (writes && role === undefined) invalid['actsAs'] = t('form.required');
    if (writes && commands.length === 0) invalid['commands'] = t('form.required');
    const expiresAt = fromLocalInput(`${values.expires}T23:59`, props.timeZone);
    if (expiresAt === undefined) invalid['expires'] ??= t('form.invalid');
    errors.setFields(invalid);
    if (Object.keys(invalid).length || expiresAt === undefined) return;
    setBusy(true);
    try {
      const token = await createToken({
        name: values.name.trim(),
        scopes: scopes as TokenScope[],
        ...(writes && role !== undefined
          ? { actsAs: role.actsAs, commands: commands as TokenCommand[] }
          : {}),
        unitId: unitId === '' ? null : unitId,
        expiresAt,
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
        <FormProblems
          form={errors.form}
          fields={errors.fields}
          attempt={errors.attempt}
          labels={{
            name: t('tokens.name'),
            scopes: t('tokens.scopes'),
            actsAs: t('tokens.actsAs'),
            commands: t('tokens.commands'),
            unitId: t('tokens.unit'),
            expires: t('tokens.expiresAt'),
            expiresAt: t('tokens.expiresAt'),
          }}
          names={{ expiresAt: 'expires' }}
        />
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
          options={allowed.map((s) => ({ value: s, label: t(SCOPE_LABEL[s]) }))}
          error={errors.fields['scopes']}
        />
        {writes && (
          <>
            <SelectField
              label={t('tokens.actsAs')}
              hint={t('tokens.actsAsHint')}
              name="actsAs"
              value={values.actsAs}
              onChange={(e) => {
                setValues((v) => ({ ...v, actsAs: e.target.value }));
                settle('actsAs');
                const next = roles.find((r) => r.actsAs === e.target.value)?.commands ?? [];
                setCommands((c) => c.filter((x) => next.includes(x as TokenCommand)));
              }}
              options={[
                { value: '', label: t('tokens.pickRole') },
                ...roles.map((r) => ({
                  value: r.actsAs,
                  label: t(`role.${r.actsAs satisfies TokenRole}`),
                })),
              ]}
              error={errors.fields['actsAs']}
            />
            {role !== undefined && (
              <CheckboxGroup
                legend={t('tokens.commands')}
                name="commands"
                values={commands}
                onChange={(next) => {
                  setCommands(next);
                  settle('commands');
                }}
                options={role.commands.map((c) => ({ value: c, label: commandLabel(c, locale) }))}
                error={errors.fields['commands']}
              />
            )}
          </>
        )}
        <SelectField
          label={t('tokens.unit')}
          name="unitId"
          value={unitId}
          onChange={set('unitId')}
          options={[
            ...(writes ? [] : [{ value: '', label: t('tokens.allUnits') }]),
            ...units.map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` })),
          ]}
          error={errors.fields['unitId']}
        />
        <TextField
          label={t('tokens.expiresAt')}
          hint={t('tokens.expiresHint', { zone: zoneName(props.timeZone) })}
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
