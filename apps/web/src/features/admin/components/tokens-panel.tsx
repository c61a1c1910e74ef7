import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ApiToken, CreatedApiToken } from '@custody/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../api/query-client.ts';
import { useLocale, useT } from '../../../i18n/index.ts';
import {
  Button,
  ConfirmDialog,
  DataTable,
  Dialog,
  ResourceView,
  describeError,
  formatDateTime,
  useToast,
} from '../../../ui/index.ts';
import { zoneName } from '../../record/time.ts';
import { useOwnTimeZone } from '../../record/use-unit-time-zone.ts';
import { listTokens, listUnits, revokeToken } from '../api.ts';
import { commandLabel, SCOPE_LABEL, TokenForm } from './token-form.tsx';

/**
 * API tokens of system integrations: created with scopes and an expiry, shown once, revocable.
 * An administrator's tab of administration; on its own screen (`standalone`) for the unit staff
 * and HQ, who issue and revoke their own tokens (the server lists only those).
 * Times read on the clock of the user's unit (the server's default zone for an administrator).
 */
export function TokensPanel(props: { standalone?: boolean } = {}): ReactNode {
  const t = useT();
  const { locale } = useLocale();
  const timeZone = useOwnTimeZone();
  const toast = useToast();
  const client = useQueryClient();
  const data = useQuery({
    queryKey: keys.tokens(),
    queryFn: () => Promise.all([listTokens(), listUnits()]),
  });
  const reload = () => {
    void client.invalidateQueries({ queryKey: keys.tokens() });
  };
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | undefined>();
  const [revoking, setRevoking] = useState<ApiToken | undefined>();
  const [busy, setBusy] = useState(false);

  async function revoke(token: ApiToken): Promise<void> {
    setBusy(true);
    try {
      await revokeToken(token.id);
      toast('success', t('tokens.revoked', { name: token.name }));
      reload();
    } catch (error) {
      toast('error', describeError(t, error));
    } finally {
      setBusy(false);
      setRevoking(undefined);
    }
  }

  const state = (x: ApiToken): string =>
    x.revokedAt
      ? t('tokens.revokedState')
      : Date.parse(x.expiresAt) < Date.now()
        ? t('tokens.expired')
        : t('tokens.active');

  return (
    <section>
      <div className="section-head">
        {props.standalone === true ? <h1>{t('tokens.title')}</h1> : <h2>{t('admin.tokens')}</h2>}
        <Button
          variant="primary"
          onClick={() => {
            setCreating(true);
          }}
        >
          {t('tokens.create')}
        </Button>
      </div>
      {props.standalone === true && <p>{t('tokens.intro')}</p>}
      <p className="muted tokens-zone">{t('time.clockOf', { zone: zoneName(timeZone) })}</p>
      <ResourceView query={data}>
        {([tokens, units]) => (
          <>
            <DataTable<ApiToken>
              caption={t('admin.tokens')}
              hideCaption
              rows={tokens}
              rowKey={(x) => x.id}
              empty={t('table.empty')}
              columns={[
                { key: 'name', header: t('tokens.name'), cell: (x) => x.name },
                {
                  key: 'scopes',
                  header: t('tokens.scopes'),
                  cell: (x) =>
                    x.scopes
                      .map((s) =>
                        s === 'records:commands' && x.actsAs !== null
                          ? `${t(SCOPE_LABEL[s])} (${t(`role.${x.actsAs}`)}: ${x.commands
                              .map((c) => commandLabel(c, locale))
                              .join(', ')})`
                          : t(SCOPE_LABEL[s]),
                      )
                      .join(', '),
                },
                {
                  key: 'unit',
                  header: t('tokens.unit'),
                  cell: (x) => units.find((u) => u.id === x.unitId)?.name ?? t('tokens.allUnits'),
                },
                {
                  key: 'expires',
                  header: t('tokens.expiresAt'),
                  cell: (x) => formatDateTime(x.expiresAt, locale, timeZone),
                },
                {
                  key: 'used',
                  header: t('tokens.lastUsed'),
                  cell: (x) =>
                    x.lastUsedAt
                      ? formatDateTime(x.lastUsedAt, locale, timeZone)
                      : t('tokens.never'),
                },
                { key: 'state', header: t('tokens.state'), cell: state },
                {
                  key: 'actions',
                  header: t('table.actions'),
                  cell: (x) =>
                    x.revokedAt ? null : (
                      <Button
                        variant="danger"
                        aria-label={`${t('tokens.revoke')}: ${x.name}`}
                        onClick={() => {
                          setRevoking(x);
                        }}
                      >
                        {t('tokens.revoke')}
                      </Button>
                    ),
                },
              ]}
            />
            <TokenForm
              open={creating}
              units={units}
              timeZone={timeZone}
              onClose={() => {
                setCreating(false);
              }}
              onCreated={(token) => {
                setCreating(false);
                setCreated(token);
                reload();
              }}
            />
          </>
        )}
      </ResourceView>
      <Dialog
        open={created !== undefined}
        title={created?.name ?? ''}
        onClose={() => {
          setCreated(undefined);
        }}
      >
        <p className="notice">{t('tokens.shownOnce')}</p>
        <h3 className="label">{t('tokens.value')}</h3>
        <code className="secret" data-testid="created-token">
          {created?.token}
        </code>
        <div className="actions">
          <Button
            variant="primary"
            onClick={() => {
              setCreated(undefined);
            }}
          >
            {t('form.close')}
          </Button>
        </div>
      </Dialog>
      <ConfirmDialog
        open={revoking !== undefined}
        title={t('tokens.revoke')}
        message={t('tokens.confirmRevoke', { name: revoking?.name ?? '' })}
        confirmLabel={t('tokens.revoke')}
        busy={busy}
        onConfirm={() => {
          if (revoking) void revoke(revoking);
        }}
        onClose={() => {
          setRevoking(undefined);
        }}
      />
    </section>
  );
}
