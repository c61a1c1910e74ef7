import type { ReactNode } from 'react';
import type { WitnessesView, WitnessStatusView } from '@custody/contracts';
import { useQuery } from '@tanstack/react-query';
import type { Locale } from '../../../i18n/index.ts';
import { DataTable, FormAlert, ResourceView, type Column } from '../../../ui/index.ts';
import { WitnessQuorumPanel } from './witness-quorum-panel.tsx';
import { useWordsOf } from './words.ts';

/**
 * This component's own words (uk first, en), so that it stays one self-contained file beside the
 * integrity screen that issue 15 lays out.
 */
const WORDS = {
  uk: {
    title: 'Незалежні свідки',
    none: 'Свідків не налаштовано: журнал ніхто не засвідчує ззовні.',
    quorum: 'Кворум',
    quorumMet: 'Кворум засвідчив {size} з {total} записів.',
    quorumNone: 'Кворум ще не засвідчив жодної контрольної точки.',
    caption: 'Свідки журналу: останній засвідчений розмір і коли',
    name: 'Свідок',
    size: 'Засвідчено записів',
    age: 'Відтоді',
    state: 'Стан',
    ok: 'гаразд',
    never: 'ще ні',
    unreachable: 'недоступний: {error}',
    alert:
      'Свідок {name} відмовився засвідчити журнал (HTTP {status}): {alert}. Це означає, що журнал розгалужено, відкочено з резервної копії або підписано іншим ключем. Повідомте адміністратора й свідка.',
    seconds: '{n} с',
    minutes: '{n} хв',
    hours: '{n} год',
  },
  en: {
    title: 'Independent witnesses',
    none: 'No witnesses are configured: nobody outside witnesses the log.',
    quorum: 'Quorum',
    quorumMet: 'The quorum has witnessed {size} of {total} entries.',
    quorumNone: 'The quorum has not witnessed any checkpoint yet.',
    caption: 'Witnesses of the log: the size each last cosigned, and when',
    name: 'Witness',
    size: 'Entries witnessed',
    age: 'Since',
    state: 'State',
    ok: 'ok',
    never: 'not yet',
    unreachable: 'unreachable: {error}',
    alert:
      'Witness {name} refused to cosign the log (HTTP {status}): {alert}. The log has forked, been rolled back from a backup or been signed with another key. Tell the administrator and the witness.',
    seconds: '{n} s',
    minutes: '{n} min',
    hours: '{n} h',
  },
} as const satisfies Record<Locale, Record<string, string>>;

type Word = keyof (typeof WORDS)['uk'];

function useWords() {
  return useWordsOf<Word>(WORDS);
}

/** The public witness status (`GET /api/v1/integrity/witnesses`). */
async function witnesses(): Promise<WitnessesView> {
  const response = await fetch('/api/v1/integrity/witnesses', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`witnesses: HTTP ${String(response.status)}`);
  return (await response.json()) as WitnessesView;
}

function Age(props: { seconds: number | null }): ReactNode {
  const w = useWords();
  const s = props.seconds;
  if (s === null) return w('never');
  if (s < 120) return w('seconds', { n: s });
  if (s < 7200) return w('minutes', { n: Math.floor(s / 60) });
  return w('hours', { n: Math.floor(s / 3600) });
}

function Witnesses(props: { view: WitnessesView }): ReactNode {
  const w = useWords();
  const v = props.view;
  if (v.quorum === null) return <p className="muted">{w('none')}</p>;
  const columns: Column<WitnessStatusView>[] = [
    { key: 'name', header: w('name'), cell: (r) => r.name },
    { key: 'size', header: w('size'), cell: (r) => r.cosignedSize ?? '—', numeric: true },
    { key: 'age', header: w('age'), cell: (r) => <Age seconds={r.ageSeconds} /> },
    {
      key: 'state',
      header: w('state'),
      cell: (r) =>
        r.alert !== null
          ? `HTTP ${String(r.lastStatus)}`
          : r.lastError !== null
            ? w('unreachable', { error: r.lastError })
            : w(r.cosignedSize === null ? 'never' : 'ok'),
    },
  ];
  return (
    <>
      {v.witnesses
        .filter((r) => r.alert !== null)
        .map((r) => (
          <FormAlert key={r.name}>
            {w('alert', { name: r.name, status: r.lastStatus ?? '—', alert: r.alert ?? '' })}
          </FormAlert>
        ))}
      <p data-testid="witness-quorum">
        {w('quorum')}: <code>{v.quorum}</code>.{' '}
        {v.quorumSize === null
          ? w('quorumNone')
          : w('quorumMet', { size: v.quorumSize, total: v.logSize })}
      </p>
      <DataTable
        caption={w('caption')}
        columns={columns}
        rows={v.witnesses}
        rowKey={(r) => r.name}
        empty={w('none')}
      />
      <WitnessQuorumPanel />
    </>
  );
}

/**
 * The witnesses of the log on the integrity page (issue 17): each witness's last cosigned size
 * and its age, whether a quorum holds, and an alert when a witness refused the log, as the server
 * reports them; then the quorum checked in the browser (`WitnessQuorumPanel`).
 */
export function WitnessStatus(): ReactNode {
  const w = useWords();
  const query = useQuery({ queryKey: ['witnesses'], queryFn: witnesses, refetchInterval: 30_000 });
  return (
    <section aria-labelledby="witnesses-title">
      <h2 id="witnesses-title">{w('title')}</h2>
      <ResourceView query={query}>{(view) => <Witnesses view={view} />}</ResourceView>
    </section>
  );
}
