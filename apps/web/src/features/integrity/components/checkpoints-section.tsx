import { useState } from 'react';
import type { ReactNode } from 'react';
import type { CheckpointView } from '@custody/contracts';
import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../api/query-client.ts';
import { useLocale } from '../../../i18n/index.ts';
import {
  Button,
  DataTable,
  Dialog,
  formatDateTime,
  ResourceView,
  type Column,
} from '../../../ui/index.ts';
import { useOversightT } from '../../oversight/i18n/index.ts';
import { useOwnTimeZone } from '../../record/use-unit-time-zone.ts';
import { publishedVkey, recentCheckpoints } from '../api.ts';
import { shortHash, vkeyName } from '../checkpoint-format.ts';
import { CopyButton, DownloadNoteButton } from './checkpoint-actions.tsx';
import '../integrity.css';

/** How many recent checkpoints the section lists. */
const RECENT = 10;

/** When a checkpoint was made, on the clock of the user's unit (else the server's default zone). */
function useWhen(): (iso: string | null) => string {
  const { locale } = useLocale();
  const timeZone = useOwnTimeZone();
  return (iso) => formatDateTime(iso, locale, timeZone);
}

/** The signed note as text, with copy and download, for an auditor to keep it outside. */
function NoteText(props: { checkpoint: CheckpointView }): ReactNode {
  const ot = useOversightT();
  const c = props.checkpoint;
  const what = ot('integrity.checkpointOf', { size: c.size });
  return (
    <>
      <pre className="note-text" tabIndex={0} aria-label={`${ot('integrity.note')}: ${what}`}>
        {c.note}
      </pre>
      <div className="integrity-actions">
        <CopyButton text={c.note} what={`${ot('integrity.note')}, ${what}`} />
        <DownloadNoteButton note={c.note} origin={c.origin} size={c.size} />
      </div>
    </>
  );
}

function KeyFacts(props: { vkey: string | null; origin: string | null }): ReactNode {
  const ot = useOversightT();
  return (
    <>
      <dl className="checkpoint-facts">
        <dt>{ot('integrity.origin')}</dt>
        <dd className="mono" data-testid="log-origin">
          {props.origin ?? '—'}
        </dd>
        <dt>{ot('integrity.vkey')}</dt>
        <dd>
          {props.vkey === null ? (
            ot('integrity.noVkey')
          ) : (
            <div className="vkey-line">
              <code className="secret" data-testid="vkey">
                {props.vkey}
              </code>
              <CopyButton text={props.vkey} what={ot('integrity.vkey')} />
            </div>
          )}
        </dd>
      </dl>
      <p className="integrity-hint">{ot('integrity.vkeyHint')}</p>
    </>
  );
}

function Latest(props: { checkpoint: CheckpointView }): ReactNode {
  const ot = useOversightT();
  const when = useWhen();
  const c = props.checkpoint;
  return (
    <>
      <dl className="checkpoint-facts">
        <dt>{ot('integrity.size')}</dt>
        <dd>{c.size}</dd>
        <dt>{ot('integrity.root')}</dt>
        <dd className="mono">{c.root}</dd>
        <dt>{ot('integrity.createdAt')}</dt>
        <dd>{when(c.createdAt)}</dd>
      </dl>
      <NoteText checkpoint={c} />
    </>
  );
}

/** One checkpoint of the list opened: its full root and signed note. */
function CheckpointDialog(props: {
  checkpoint: CheckpointView | undefined;
  onClose: () => void;
}): ReactNode {
  const ot = useOversightT();
  const when = useWhen();
  const c = props.checkpoint;
  return (
    <Dialog
      open={c !== undefined}
      title={c ? ot('integrity.checkpointOf', { size: c.size }) : ''}
      onClose={props.onClose}
    >
      {c && (
        <>
          <dl className="checkpoint-facts">
            <dt>{ot('integrity.origin')}</dt>
            <dd className="mono">{c.origin}</dd>
            <dt>{ot('integrity.root')}</dt>
            <dd className="mono" data-testid="full-root">
              {c.root}
            </dd>
            <dt>{ot('integrity.createdAt')}</dt>
            <dd>{when(c.createdAt)}</dd>
          </dl>
          <h3>{ot('integrity.note')}</h3>
          <NoteText checkpoint={c} />
          <div className="actions">
            <Button variant="primary" onClick={props.onClose}>
              {ot('integrity.close')}
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}

function Recent(props: { items: readonly CheckpointView[] }): ReactNode {
  const ot = useOversightT();
  const when = useWhen();
  const [open, setOpen] = useState<CheckpointView | undefined>();
  const columns: Column<CheckpointView>[] = [
    { key: 'size', header: ot('integrity.size'), numeric: true, cell: (c) => c.size },
    {
      key: 'at',
      header: ot('integrity.createdAt'),
      cell: (c) => when(c.createdAt),
    },
    {
      key: 'root',
      header: ot('integrity.root'),
      cell: (c) => (
        <code className="mono" title={c.root}>
          {shortHash(c.root)}
        </code>
      ),
    },
    {
      key: 'note',
      header: ot('integrity.note'),
      cell: (c) => (
        <Button
          aria-label={`${ot('integrity.show')}: ${ot('integrity.checkpointOf', { size: c.size })}`}
          onClick={() => {
            setOpen(c);
          }}
        >
          {ot('integrity.show')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <DataTable
        caption={ot('integrity.recentCaption')}
        columns={columns}
        rows={props.items}
        rowKey={(c) => `${String(c.size)}-${c.root}`}
        empty={ot('integrity.none')}
      />
      <CheckpointDialog
        checkpoint={open}
        onClose={() => {
          setOpen(undefined);
        }}
      />
    </>
  );
}

/**
 * The log's signing key and its signed checkpoints (integrity.md "Checkpoints"; issue 6 points 8
 * and 9), for the integrity screen and the administration screen: the origin, the C2SP verifier
 * key with a copy button, the latest checkpoint with its signed note (copy, download), and the
 * recent checkpoints, each of whose full root and note opens in a dialog. `headingLevel` lets a
 * host screen nest it.
 */
export function CheckpointsSection(props: { headingLevel?: 2 | 3 }): ReactNode {
  const ot = useOversightT();
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  const data = useQuery({
    queryKey: keys.checkpoints(),
    queryFn: () =>
      Promise.all([publishedVkey(), recentCheckpoints(RECENT)]).then(([vkey, recent]) => ({
        vkey,
        items: recent.items,
      })),
  });
  return (
    <ResourceView query={data}>
      {({ vkey, items }) => {
        const latest = items[0];
        const origin = latest?.origin ?? (vkey === null ? null : vkeyName(vkey));
        return (
          <>
            <section className="panel" aria-labelledby="log-key">
              <H id="log-key">{ot('integrity.key')}</H>
              <KeyFacts vkey={vkey} origin={origin} />
            </section>
            <section className="panel" aria-labelledby="latest-checkpoint">
              <H id="latest-checkpoint">{ot('integrity.latest')}</H>
              {latest === undefined ? (
                <p>{ot('integrity.none')}</p>
              ) : (
                <Latest checkpoint={latest} />
              )}
            </section>
            <section className="panel" aria-labelledby="recent-checkpoints">
              <H id="recent-checkpoints">{ot('integrity.recent')}</H>
              <Recent items={items} />
            </section>
          </>
        );
      }}
    </ResourceView>
  );
}
