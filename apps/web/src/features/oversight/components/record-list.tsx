import { useState } from 'react';
import type { ReactNode } from 'react';
import type { RecordSummary } from '@custody/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { keys } from '../../../api/query-client.ts';
import { useLocale } from '../../../i18n/index.ts';
import {
  Button,
  DataTable,
  formatDateTime,
  ResourceView,
  TextField,
  type Column,
} from '../../../ui/index.ts';
import { zoneName } from '../../record/time.ts';
import { useUnitTimeZones } from '../../record/use-unit-time-zone.ts';
import { listRecords } from '../api.ts';
import { useOversightT } from '../i18n/index.ts';

/**
 * The records a monitor's or lawyer's current grant names (domain.md §5), read only; each time on
 * the clock of the record's unit.
 */
export function RecordList(): ReactNode {
  const ot = useOversightT();
  const { locale } = useLocale();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const zoneOf = useUnitTimeZones();
  const page = useQuery({
    queryKey: keys.records({ q }),
    queryFn: () => listRecords({ limit: 200, ...(q ? { q } : {}) }),
  });
  const columns: Column<RecordSummary>[] = [
    {
      key: 'person',
      header: ot('list.person'),
      cell: (r) => (
        <Link
          to="/oversight/$recordId"
          params={{ recordId: r.id }}
          aria-label={ot('list.openFor', { name: r.person.displayName })}
        >
          {r.person.displayName}
        </Link>
      ),
    },
    { key: 'number', header: ot('list.number'), cell: (r) => r.custodyNumber ?? '—' },
    { key: 'status', header: ot('list.status'), cell: (r) => ot(`recordStatus.${r.status}`) },
    {
      key: 't0',
      header: ot('list.t0'),
      cell: (r) => formatDateTime(r.t0, locale, zoneOf(r.unitId)),
    },
    {
      key: 'ended',
      header: ot('list.ended'),
      cell: (r) => formatDateTime(r.endedAt, locale, zoneOf(r.unitId)),
    },
  ];
  return (
    <>
      <h1>{ot('list.title')}</h1>
      <p className="muted">{ot('list.intro')}</p>
      <form
        className="inline-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(draft.trim());
        }}
      >
        <TextField label={ot('list.search')} name="q" value={draft} onValue={setDraft} />
        <Button type="submit">{ot('list.filter')}</Button>
      </form>
      <ResourceView query={page}>
        {(data) => {
          const zones = [...new Set(data.items.map((r) => zoneOf(r.unitId)))];
          const [only] = zones;
          return (
            <>
              {only !== undefined && (
                <p className="muted record-zone">
                  {zones.length === 1
                    ? ot('list.timeZone', { zone: zoneName(only) })
                    : ot('list.timeZones')}
                </p>
              )}
              <DataTable
                caption={ot('list.caption')}
                columns={columns}
                rows={data.items}
                rowKey={(r) => r.id}
                empty={ot('list.empty')}
              />
            </>
          );
        }}
      </ResourceView>
    </>
  );
}
