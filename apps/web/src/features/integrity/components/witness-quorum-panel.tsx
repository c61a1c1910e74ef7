import { useId, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocale, type Locale } from '../../../i18n/index.ts';
import { Button, formatDateTime, ResourceView, StatusBadge } from '../../../ui/index.ts';
import { useOwnTimeZone } from '../../record/use-unit-time-zone.ts';
import '../integrity.css';
import { latestCheckpoint, publishedVkey, publishedWitnessPolicy } from '../api.ts';
import { judgeQuorum, type QuorumStatus } from '../witness-quorum.ts';
import { useWordsOf } from './words.ts';

/** This component's own words (uk first, en), beside those of the witness status it sits in. */
const WORDS = {
  uk: {
    title: 'Перевірка свідків у вашому браузері',
    intro:
      'Браузер сам перевіряє підписи свідків на контрольній точці за політикою журналу (хто свідки і скільки їх має підписати), не покладаючись на сервер.',
    witnessed: 'Кворум {quorum} засвідчив журнал до запису № {n}: підписали {who} ({at}).',
    pending: 'Ще не засвідчено пізніших записів: {n}. Свідки підписують раз на пів хвилини.',
    extends:
      'Засвідчена контрольна точка доведено є ранішим станом останньої (журнал лише зростав).',
    noQuorum:
      'Кворум {quorum} не досягнуто: контрольну точку до запису № {n} підписали лише {who}. Журнал не засвідчено так, як вимагає політика.',
    nobody: 'жоден свідок',
    notWitnessed: 'Жоден свідок ще не підписав контрольної точки цього журналу (кворум {quorum}).',
    noPolicy: 'Політики свідків немає: перевіряти нічого.',
    broken: 'Перевірка свідків не пройшла',
    badgeWitnessed: 'Засвідчено',
    badgeNoQuorum: 'Кворум не досягнуто',
    badgeNotYet: 'Ще не засвідчено',
    'problem.policy_invalid': 'Політика не відповідає формату c2sp.org/tlog-policy: {detail}.',
    'problem.policy_other_log':
      'Політика не називає ключа цього журналу ({detail}): вона для іншого журналу.',
    'problem.signature':
      'Останню контрольну точку не підписано журналом, названим у політиці: {detail}.',
    'problem.cosignature':
      'Підпис свідка на контрольній точці недійсний або запис пошкоджено: {detail}. Це може бути підробка.',
    'problem.consistency':
      'Засвідчена контрольна точка не є ранішим станом останньої ({detail}): журнал розгалужено або відкочено.',
    policySource: 'Політика: опублікована журналом.',
    policyPasted: 'Політика: вставлена вами.',
    paste: 'Перевірити за власною політикою',
    pasteLabel: 'Політика свідків (c2sp.org/tlog-policy)',
    pasteHint:
      'Рядки log, witness, group і quorum, як їх дав вам журнал або ваша установа. Перевіряється лише у браузері.',
    check: 'Перевірити',
    usePublished: 'Повернути опубліковану',
  },
  en: {
    title: 'Witnesses checked in your browser',
    intro:
      'Your browser checks the witnesses’ cosignatures on the checkpoint itself, against the log’s policy (who the witnesses are and how many must cosign), without relying on the server.',
    witnessed:
      'The quorum {quorum} has witnessed the log up to entry {n}: cosigned by {who} ({at}).',
    pending: 'Later entries not witnessed yet: {n}. The witnesses cosign every half minute.',
    extends:
      'The witnessed checkpoint is proved to be an earlier state of the latest one (the log only grew).',
    noQuorum:
      'The quorum {quorum} is not met: the checkpoint up to entry {n} is cosigned by {who} only. The log is not witnessed as the policy requires.',
    nobody: 'no witness',
    notWitnessed: 'No witness has cosigned a checkpoint of this log yet (quorum {quorum}).',
    noPolicy: 'There is no witness policy: nothing to check.',
    broken: 'The witness check failed',
    badgeWitnessed: 'Witnessed',
    badgeNoQuorum: 'Quorum not met',
    badgeNotYet: 'Not witnessed yet',
    'problem.policy_invalid': 'The policy is not a c2sp.org/tlog-policy file: {detail}.',
    'problem.policy_other_log':
      'The policy does not name this log’s key ({detail}): it is for another log.',
    'problem.signature':
      'The latest checkpoint is not signed by the log the policy names: {detail}.',
    'problem.cosignature':
      'A witness’s cosignature on the checkpoint is invalid or the note is damaged: {detail}. This may be a forgery.',
    'problem.consistency':
      'The witnessed checkpoint is not an earlier state of the latest one ({detail}): the log forked or was rolled back.',
    policySource: 'Policy: published by the log.',
    policyPasted: 'Policy: pasted by you.',
    paste: 'Check with your own policy',
    pasteLabel: 'Witness policy (c2sp.org/tlog-policy)',
    pasteHint:
      'The log, witness, group and quorum lines, as the log or your office gave them to you. Checked in this browser only.',
    check: 'Check',
    usePublished: 'Use the published one',
  },
} as const satisfies Record<Locale, Record<string, string>>;

type Word = keyof (typeof WORDS)['uk'];

function useWords() {
  return useWordsOf<Word>(WORDS);
}

/** Everything the check needs, fetched from the public routes. */
async function inputs(): Promise<{
  vkey: string | null;
  published: string | null;
  latest: Awaited<ReturnType<typeof latestCheckpoint>>;
}> {
  const [vkey, published, latest] = await Promise.all([
    publishedVkey(),
    publishedWitnessPolicy(),
    latestCheckpoint(),
  ]);
  return { vkey, published, latest };
}

function Verdict(props: { status: QuorumStatus }): ReactNode {
  const w = useWords();
  const { locale } = useLocale();
  const timeZone = useOwnTimeZone();
  const s = props.status;
  switch (s.state) {
    case 'no_policy':
      return <p className="muted">{w('noPolicy')}</p>;
    case 'not_witnessed':
      return (
        <div data-testid="quorum-verdict" data-state={s.state}>
          <p>
            <StatusBadge status="warning" label={w('badgeNotYet')} />
          </p>
          <p>{w('notWitnessed', { quorum: s.quorum })}</p>
        </div>
      );
    case 'broken':
      return (
        <div role="alert" data-testid="quorum-verdict" data-state={s.state}>
          <p>
            <StatusBadge status="overdue" label={w('broken')} />
          </p>
          <p>{w(`problem.${s.problem}`, { detail: s.detail })}</p>
        </div>
      );
    case 'no_quorum':
      return (
        <div role="alert" data-testid="quorum-verdict" data-state={s.state}>
          <p>
            <StatusBadge status="overdue" label={w('badgeNoQuorum')} />
          </p>
          <p>
            {w('noQuorum', {
              quorum: s.quorum,
              n: s.size - 1,
              who: s.cosignedBy.length === 0 ? w('nobody') : s.cosignedBy.join(', '),
            })}
          </p>
        </div>
      );
    case 'witnessed':
      return (
        <div data-testid="quorum-verdict" data-state={s.state}>
          <p>
            <StatusBadge status="ok" label={w('badgeWitnessed')} />
          </p>
          <p>
            {w('witnessed', {
              quorum: s.quorum,
              n: s.size - 1,
              who: s.cosignedBy.join(', '),
              at: s.cosignedAt === null ? '—' : formatDateTime(s.cosignedAt, locale, timeZone),
            })}
          </p>
          {s.pending > 0 && (
            <>
              <p>{w('extends')}</p>
              <p>{w('pending', { n: s.pending })}</p>
            </>
          )}
        </div>
      );
  }
}

/**
 * The quorum of the log's witnesses, decided in this browser (issue 17) with the one ledger
 * (`judgeQuorum`): the policy the installation publishes, or one the user pastes (an Ombudsman's
 * office checks with its own copy, not the server's).
 */
export function WitnessQuorumPanel(): ReactNode {
  const w = useWords();
  const id = useId();
  const [draft, setDraft] = useState('');
  const [pasted, setPasted] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['witness-quorum'],
    queryFn: inputs,
    refetchInterval: 30_000,
  });
  return (
    <section
      className="panel witness-quorum"
      aria-labelledby={`${id}-title`}
      data-testid="witness-quorum"
    >
      <h3 id={`${id}-title`}>{w('title')}</h3>
      <p className="muted">{w('intro')}</p>
      <ResourceView query={query}>
        {({ vkey, published, latest }) => (
          <>
            <Verdict
              status={judgeQuorum({
                policyText: pasted ?? published,
                vkey,
                latest,
                now: Math.floor(Date.now() / 1000),
              })}
            />
            <p className="muted">{w(pasted === null ? 'policySource' : 'policyPasted')}</p>
          </>
        )}
      </ResourceView>
      <details>
        <summary>{w('paste')}</summary>
        <div className="field">
          <label htmlFor={`${id}-policy`}>{w('pasteLabel')}</label>
          <p id={`${id}-hint`} className="field-hint">
            {w('pasteHint')}
          </p>
          <textarea
            id={`${id}-policy`}
            aria-describedby={`${id}-hint`}
            rows={6}
            spellCheck={false}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
            }}
          />
        </div>
        <p>
          <Button
            variant="primary"
            onClick={() => {
              setPasted(draft);
            }}
          >
            {w('check')}
          </Button>{' '}
          {pasted !== null && (
            <Button
              onClick={() => {
                setPasted(null);
              }}
            >
              {w('usePublished')}
            </Button>
          )}
        </p>
      </details>
    </section>
  );
}
