import { useState } from 'react';
import type { ReactNode } from 'react';
import type { Grant, Grantee, Unit } from '@custody/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../api/query-client.ts';
import { Link } from '@tanstack/react-router';
import { useLocale, useT, type MessageKey } from '../../../i18n/index.ts';
import {
  Button,
  ConfirmDialog,
  DataTable,
  ResourceView,
  describeError,
  formatDateTime,
  useToast,
} from '../../../ui/index.ts';
import { listUnits } from '../../admin/api.ts';
import { zoneName } from '../../record/time.ts';
import { useOwnTimeZone } from '../../record/use-unit-time-zone.ts';
import { listGrantees, listGrants, revokeGrant } from '../api.ts';
import { grantState, type GrantState } from '../grant-state.ts';
import { GrantForm } from './grant-form.tsx';

const STATE_LABEL: Record<GrantState, MessageKey> = {
  pending: 'grants.pending',
  active: 'grants.active',
  expired: 'grants.expired',
  revoked: 'grants.revokedState',
};

function loadAll(): Promise<[Grant[], Unit[], Grantee[]]> {
  return Promise.all([listGrants(), listUnits(), listGrantees()]);
}

/**
 * Grants to monitors and lawyers, made by HQ and unit supervisors; the server decides who may
 * grant what. People are named, and times read on the clock of the user's unit (HQ: the
 * server's default zone), whatever the device's zone.
 */
export default function GrantsScreen(): ReactNode {
  const t = useT();
  const { locale } = useLocale();
  const timeZone = useOwnTimeZone();
  const toast = useToast();
  const client = useQueryClient();
  const data = useQuery({ queryKey: keys.grants(), queryFn: loadAll });
  const reload = () => {
    void client.invalidateQueries({ queryKey: keys.grants() });
  };
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Grant | undefined>();
  const [busy, setBusy] = useState(false);

  async function revoke(grant: Grant): Promise<void> {
    setBusy(true);
    try {
      await revokeGrant(grant.id);
      toast('success', t('grants.revoked'));
      reload();
    } catch (error) {
      toast('error', describeError(t, error));
    } finally {
      setBusy(false);
      setRevoking(undefined);
    }
  }

  return (
    <section>
      <div className="section-head">
        <h1>{t('grants.title')}</h1>
        <Button
          variant="primary"
          onClick={() => {
            setCreating(true);
          }}
        >
          {t('grants.create')}
        </Button>
      </div>
      <p>{t('grants.intro')}</p>
      <p className="muted grants-zone">{t('time.clockOf', { zone: zoneName(timeZone) })}</p>
      <ResourceView query={data}>
        {([grants, units, grantees]) => {
          const scope = (g: Grant): ReactNode =>
            g.scope.kind === 'record' ? (
              <>
                {t('grants.scopeRecord')}:{' '}
                <Link to="/records/$recordId" params={{ recordId: g.scope.recordId }}>
                  {g.recordName ?? t('grants.openRecord')}
                </Link>
              </>
            ) : (
              g.scope.unitIds.map((id) => units.find((u) => u.id === id)?.name ?? id).join(', ')
            );
          return (
            <>
              <DataTable<Grant>
                caption={t('grants.title')}
                hideCaption
                rows={grants}
                rowKey={(g) => g.id}
                empty={t('table.empty')}
                columns={[
                  { key: 'who', header: t('grants.grantee'), cell: (g) => g.granteeName },
                  { key: 'scope', header: t('grants.scope'), cell: scope },
                  {
                    key: 'from',
                    header: t('grants.validFrom'),
                    cell: (g) => formatDateTime(g.validFrom, locale, timeZone),
                  },
                  {
                    key: 'until',
                    header: t('grants.validUntil'),
                    cell: (g) => formatDateTime(g.validUntil, locale, timeZone),
                  },
                  { key: 'purpose', header: t('grants.purpose'), cell: (g) => g.purpose },
                  { key: 'by', header: t('grants.grantedBy'), cell: (g) => g.grantedByName },
                  {
                    key: 'state',
                    header: t('grants.state'),
                    cell: (g) => t(STATE_LABEL[grantState(g, Date.now())]),
                  },
                  {
                    key: 'actions',
                    header: t('table.actions'),
                    cell: (g) =>
                      g.revokedAt ? null : (
                        <Button
                          variant="danger"
                          aria-label={`${t('grants.revoke')}: ${g.granteeName}`}
                          onClick={() => {
                            setRevoking(g);
                          }}
                        >
                          {t('grants.revoke')}
                        </Button>
                      ),
                  },
                ]}
              />
              <GrantForm
                key={creating ? 'open' : 'closed'}
                open={creating}
                units={units}
                grantees={grantees}
                timeZone={timeZone}
                onClose={() => {
                  setCreating(false);
                }}
                onCreated={() => {
                  setCreating(false);
                  toast('success', t('grants.created'));
                  reload();
                }}
              />
            </>
          );
        }}
      </ResourceView>
      <ConfirmDialog
        open={revoking !== undefined}
        title={t('grants.revoke')}
        message={t('grants.confirmRevoke', {
          name: revoking?.granteeName ?? '',
        })}
        confirmLabel={t('grants.revoke')}
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
