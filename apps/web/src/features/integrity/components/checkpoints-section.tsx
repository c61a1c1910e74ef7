import type { ReactNode } from 'react';
import type { CheckpointView } from '@custody/contracts';
import { useResource } from '../../../api/use-resource.ts';
import { useLocale } from '../../../i18n/index.ts';
import { DataTable, formatDateTime, ResourceView, type Column } from '../../../ui/index.ts';
import { useOversightT } from '../../oversight/i18n/index.ts';
import { latestCheckpoint, publishedVkey, recentCheckpoints } from '../api.ts';
import '../integrity.css';

function Latest(props: { checkpoint: CheckpointView; vkey: string | null }): ReactNode {
  const ot = useOversightT();
  const { locale } = useLocale();
  const c = props.checkpoint;
  return (
    <>
      <dl className="checkpoint-facts">
        <dt>{ot('integrity.origin')}</dt>
        <dd className="mono">{c.origin}</dd>
        <dt>{ot('integrity.size')}</dt>
        <dd>{c.size}</dd>
        <dt>{ot('integrity.root')}</dt>
        <dd className="mono">{c.root}</dd>
        <dt>{ot('integrity.createdAt')}</dt>
        <dd>{formatDateTime(c.createdAt, locale)}</dd>
        <dt>{ot('integrity.vkey')}</dt>
        <dd className="mono">{props.vkey ?? '—'}</dd>
      </dl>
      <h3>{ot('integrity.note')}</h3>
      <pre className="note-text" tabIndex={0} aria-label={ot('integrity.note')}>
        {c.note}
      </pre>
    </>
  );
}

function Recent(props: { items: readonly CheckpointView[] }): ReactNode {
  const ot = useOversightT();
  const { locale } = useLocale();
  const columns: Column<CheckpointView>[] = [
    { key: 'size', header: ot('integrity.size'), numeric: true, cell: (c) => c.size },
    {
      key: 'root',
      header: ot('integrity.root'),
      cell: (c) => <span className="mono">{c.root}</span>,
    },
    {
      key: 'at',
      header: ot('integrity.createdAt'),
      cell: (c) => formatDateTime(c.createdAt, locale),
    },
  ];
  return (
    <DataTable
      caption={ot('integrity.recentCaption')}
      columns={columns}
      rows={props.items}
      rowKey={(c) => `${c.size}-${c.root}`}
      empty={ot('integrity.none')}
    />
  );
}

/**
 * The latest signed checkpoint with its verifier key and the recent checkpoints (integrity.md
 * "Checkpoints"; issue 6 points 8 and 9), for the integrity screen and the administration screen.
 * `headingLevel` lets a host screen nest it.
 */
export function CheckpointsSection(props: { headingLevel?: 2 | 3 }): ReactNode {
  const ot = useOversightT();
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  const [latest] = useResource(
    () =>
      Promise.all([latestCheckpoint(), publishedVkey()]).then(([checkpoint, vkey]) => ({
        checkpoint,
        vkey,
      })),
    [],
  );
  const [recent] = useResource(() => recentCheckpoints(10), []);
  return (
    <>
      <section className="panel" aria-labelledby="latest-checkpoint">
        <H id="latest-checkpoint">{ot('integrity.latest')}</H>
        <ResourceView resource={latest}>
          {(d) => <Latest checkpoint={d.checkpoint} vkey={d.vkey} />}
        </ResourceView>
      </section>
      <section className="panel" aria-labelledby="recent-checkpoints">
        <H id="recent-checkpoints">{ot('integrity.recent')}</H>
        <ResourceView resource={recent}>{(d) => <Recent items={d.items} />}</ResourceView>
      </section>
    </>
  );
}
