import { useState } from 'react';
import type { ReactNode, SyntheticEvent } from 'react';
import type { DeviceBreak, DeviceView } from '@custody/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { keys } from '../../../api/query-client.ts';
import { canOpen, SECTIONS } from '../../../app/access.ts';
import { useUser } from '../../../app/session.tsx';
import { useLocale, useT } from '../../../i18n/index.ts';
import {
  Button,
  DataTable,
  Dialog,
  FormProblems,
  ResourceView,
  TextField,
  formatDateTime,
  required,
  useFormErrors,
  useToast,
  validate,
} from '../../../ui/index.ts';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { zoneName } from '../../record/time.ts';
import { useOwnTimeZone } from '../../record/use-unit-time-zone.ts';
import { listDevices, revokeDevice } from '../api.ts';
import './devices.css';

/** A device's short name for people: what it calls itself, and the start of its id. */
function deviceLabel(d: Pick<DeviceView, 'name' | 'deviceId'>): string {
  return `${d.name.slice(0, 40)} · ${d.deviceId.slice(0, 8)}`;
}

/** One break of a device chain, with the device it belongs to. */
interface BreakRow extends DeviceBreak {
  readonly device: DeviceView;
}

/**
 * The supervisor's dashboard of tablets (issue 19): the unit's enrolled tablets (an
 * administrator's: every unit's), who enrolled each and when, its last sync and the entries the
 * server received; every gap or fork in a tablet's chain with the record it touched; and the
 * revocation of a lost or handed-back tablet, with its reason. Entries received before the
 * revocation stay valid. The server decides who sees and revokes what.
 */
export default function DevicesScreen(): ReactNode {
  const t = useT();
  const dt = useDutyT();
  const { locale } = useLocale();
  const user = useUser();
  const timeZone = useOwnTimeZone();
  const toast = useToast();
  const client = useQueryClient();
  const data = useQuery({ queryKey: keys.devices(), queryFn: listDevices });
  const [revoking, setRevoking] = useState<DeviceView | undefined>();
  const at = (iso: string | null) => (iso === null ? '—' : formatDateTime(iso, locale, timeZone));
  const records = SECTIONS.find((s) => s.id === 'records');
  const mayOpenRecords = records !== undefined && canOpen(records, user.role);

  const state = (d: DeviceView): ReactNode =>
    d.revokedAt === null ? (
      <span className="tag tag-ok">{t('devices.active')}</span>
    ) : (
      <span className="tag tag-revoked">{t('devices.revokedAt', { time: at(d.revokedAt) })}</span>
    );

  return (
    <section className="devices">
      <h1>{t('devices.title')}</h1>
      <p>{t('devices.intro')}</p>
      <p className="muted">{t('time.clockOf', { zone: zoneName(timeZone) })}</p>
      <ResourceView query={data}>
        {(devices) => {
          const breaks: BreakRow[] = devices.flatMap((d) =>
            d.breaks.map((b) => ({ ...b, device: d })),
          );
          return (
            <>
              <DataTable<DeviceView>
                caption={t('devices.title')}
                hideCaption
                rows={devices}
                rowKey={(d) => d.deviceId}
                empty={t('devices.none')}
                columns={[
                  { key: 'device', header: t('devices.device'), cell: deviceLabel },
                  {
                    key: 'officer',
                    header: t('devices.officer'),
                    cell: (d) => d.userName ?? d.userId,
                  },
                  {
                    key: 'enrolled',
                    header: t('devices.enrolled'),
                    cell: (d) => (
                      <>
                        {at(d.enrolledAt)}
                        <br />
                        <span className="muted">
                          {t('devices.logEntry', { n: d.enrolLogIndex })}
                        </span>
                      </>
                    ),
                  },
                  { key: 'sync', header: t('devices.lastSync'), cell: (d) => at(d.lastSyncAt) },
                  {
                    key: 'entries',
                    header: t('devices.entries'),
                    numeric: true,
                    cell: (d) => d.entries,
                  },
                  {
                    key: 'breaks',
                    header: t('devices.breaks'),
                    cell: (d) =>
                      d.gaps + d.forks === 0 ? (
                        t('devices.noBreaks')
                      ) : (
                        <span className="tag tag-late">
                          {t('devices.breakCounts', { gaps: d.gaps, forks: d.forks })}
                        </span>
                      ),
                  },
                  { key: 'state', header: t('devices.state'), cell: state },
                  {
                    key: 'actions',
                    header: t('table.actions'),
                    cell: (d) =>
                      d.revokedAt === null ? (
                        <Button
                          variant="danger"
                          aria-label={`${t('devices.revoke')}: ${deviceLabel(d)}, ${d.userName ?? ''}`}
                          onClick={() => {
                            setRevoking(d);
                          }}
                        >
                          {t('devices.revoke')}
                        </Button>
                      ) : null,
                  },
                ]}
              />
              <h2>{t('devices.breaksTitle')}</h2>
              <p>{t('devices.breaksIntro')}</p>
              <DataTable<BreakRow>
                caption={t('devices.breaksTitle')}
                hideCaption
                rows={breaks}
                rowKey={(b) => b.entryId}
                empty={t('devices.noBreaksAtAll')}
                columns={[
                  {
                    key: 'device',
                    header: t('devices.device'),
                    cell: (b) => deviceLabel(b.device),
                  },
                  {
                    key: 'officer',
                    header: t('devices.officer'),
                    cell: (b) => b.device.userName ?? b.device.userId,
                  },
                  {
                    key: 'kind',
                    header: t('devices.breakKind'),
                    cell: (b) => (
                      <span className="tag tag-late">{dt(`rec.device.chain.${b.chain}`)}</span>
                    ),
                  },
                  {
                    key: 'seq',
                    header: t('devices.seq'),
                    numeric: true,
                    cell: (b) => b.seq,
                  },
                  {
                    key: 'received',
                    header: t('devices.receivedAt'),
                    cell: (b) => at(b.receivedAt),
                  },
                  {
                    key: 'record',
                    header: t('devices.record'),
                    cell: (b) =>
                      mayOpenRecords ? (
                        <Link to="/records/$recordId" params={{ recordId: b.recordId }}>
                          {t('devices.openRecord')}
                          <span className="visually-hidden">
                            {' '}
                            {t('devices.recordOfBreak', {
                              seq: b.seq,
                              device: deviceLabel(b.device),
                            })}
                          </span>
                        </Link>
                      ) : (
                        <code>{b.recordId}</code>
                      ),
                  },
                ]}
              />
            </>
          );
        }}
      </ResourceView>
      <RevokeForm
        device={revoking}
        onClose={() => {
          setRevoking(undefined);
        }}
        onRevoked={(d) => {
          setRevoking(undefined);
          toast('success', t('devices.revoked', { device: deviceLabel(d) }));
          void client.invalidateQueries({ queryKey: keys.devices() });
        }}
      />
    </section>
  );
}

/** Asks the reason (kept in the log) before revoking; a revocation is not undone. */
function RevokeForm(props: {
  device: DeviceView | undefined;
  onClose: () => void;
  onRevoked: (d: DeviceView) => void;
}): ReactNode {
  const t = useT();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(t);
  const { device } = props;

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    if (device === undefined) return;
    const invalid = validate(t, { reason }, { reason: [required] });
    errors.setFields(invalid);
    if (Object.keys(invalid).length) return;
    setBusy(true);
    try {
      const view = await revokeDevice(device.deviceId, reason.trim());
      setReason('');
      errors.clear();
      props.onRevoked(view);
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={device !== undefined}
      title={device === undefined ? '' : `${t('devices.revoke')}: ${deviceLabel(device)}`}
      onClose={() => {
        setReason('');
        errors.clear();
        props.onClose();
      }}
    >
      <form noValidate onSubmit={(e) => void submit(e)}>
        <FormProblems
          form={errors.form}
          fields={errors.fields}
          attempt={errors.attempt}
          labels={{ reason: t('devices.reason') }}
        />
        <p>{t('devices.revokeExplain', { officer: device?.userName ?? '' })}</p>
        <TextField
          label={t('devices.reason')}
          hint={t('devices.reasonHint')}
          name="reason"
          maxLength={500}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
          }}
          error={errors.fields['reason']}
        />
        <div className="actions">
          <Button onClick={props.onClose}>{t('form.cancel')}</Button>
          <Button type="submit" variant="danger" busy={busy}>
            {t('devices.revoke')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
