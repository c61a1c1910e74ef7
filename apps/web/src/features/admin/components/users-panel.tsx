import { useState } from 'react';
import type { ReactNode } from 'react';
import type { Unit, User } from '@custody/contracts';
import { ROLE_LABEL } from '../../../app/access.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../api/query-client.ts';
import { useT } from '../../../i18n/index.ts';
import {
  Button,
  ConfirmDialog,
  DataTable,
  ResourceView,
  describeError,
  useToast,
  type Column,
} from '../../../ui/index.ts';
import { disableUser, listUnits, listUsers, resetUserTotp } from '../api.ts';
import { UserForm } from './user-form.tsx';

type Pending = { kind: 'disable' | 'reset-totp'; user: User } | undefined;

/** Accounts: list, create with role and unit, disable, reset the second factor. */
export function UsersPanel(): ReactNode {
  const t = useT();
  const toast = useToast();
  const client = useQueryClient();
  const users = useQuery({
    queryKey: keys.users(),
    queryFn: () => Promise.all([listUsers(), listUnits()]),
  });
  const reload = () => {
    void client.invalidateQueries({ queryKey: keys.users() });
  };
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<Pending>();
  const [busy, setBusy] = useState(false);

  async function act(action: Pending): Promise<void> {
    if (!action) return;
    const { kind, user } = action;
    setBusy(true);
    try {
      if (kind === 'reset-totp') {
        await resetUserTotp(user.id);
        toast('success', t('users.resetTotpDone', { username: user.username }));
      } else {
        await disableUser(user.id);
        toast('success', t('users.disabledToast', { username: user.username }));
      }
      reload();
    } catch (error) {
      toast('error', describeError(t, error));
    } finally {
      setBusy(false);
      setPending(undefined);
    }
  }

  const columns = (units: readonly Unit[]): Column<User>[] => [
    {
      key: 'username',
      header: t('users.username'),
      cell: (u) => (
        <>
          <code>{u.username}</code>
          <code className="muted-id">{u.id}</code>
        </>
      ),
    },
    { key: 'name', header: t('users.displayName'), cell: (u) => u.displayName },
    { key: 'role', header: t('users.role'), cell: (u) => t(ROLE_LABEL[u.role]) },
    {
      key: 'unit',
      header: t('users.unit'),
      cell: (u) => units.find((x) => x.id === u.unitId)?.name ?? '—',
    },
    {
      key: 'status',
      header: t('users.status'),
      cell: (u) => (u.disabled ? t('users.disabled') : t('users.active')),
    },
    {
      key: 'totp',
      header: t('users.totp'),
      cell: (u) => (u.totpEnabled ? t('users.totpOn') : t('users.totpOff')),
    },
    {
      key: 'actions',
      header: t('table.actions'),
      cell: (u) => (
        <div className="row-actions">
          {!u.disabled && (
            <Button
              variant="danger"
              aria-label={`${t('users.disable')}: ${u.username}`}
              onClick={() => {
                setPending({ kind: 'disable', user: u });
              }}
            >
              {t('users.disable')}
            </Button>
          )}
          {u.totpEnabled && (
            <Button
              aria-label={`${t('users.resetTotp')}: ${u.username}`}
              onClick={() => {
                setPending({ kind: 'reset-totp', user: u });
              }}
            >
              {t('users.resetTotp')}
            </Button>
          )}
        </div>
      ),
    },
  ];

  return (
    <section>
      <div className="section-head">
        <h2>{t('admin.users')}</h2>
        <Button
          variant="primary"
          onClick={() => {
            setCreating(true);
          }}
        >
          {t('users.create')}
        </Button>
      </div>
      <ResourceView query={users}>
        {([list, units]) => (
          <>
            <DataTable
              caption={t('admin.users')}
              hideCaption
              columns={columns(units)}
              rows={list}
              rowKey={(u) => u.id}
              empty={t('table.empty')}
            />
            <UserForm
              open={creating}
              units={units}
              onClose={() => {
                setCreating(false);
              }}
              onCreated={(user) => {
                setCreating(false);
                toast('success', t('users.created', { username: user.username }));
                reload();
              }}
            />
          </>
        )}
      </ResourceView>
      <ConfirmDialog
        open={pending !== undefined}
        title={pending?.kind === 'reset-totp' ? t('users.resetTotp') : t('users.disable')}
        message={
          pending?.kind === 'reset-totp'
            ? t('users.confirmResetTotp', { username: pending.user.username })
            : t('users.confirmDisable', { username: pending?.user.username ?? '' })
        }
        confirmLabel={pending?.kind === 'reset-totp' ? t('users.resetTotp') : t('users.disable')}
        busy={busy}
        onConfirm={() => void act(pending)}
        onClose={() => {
          setPending(undefined);
        }}
      />
    </section>
  );
}
