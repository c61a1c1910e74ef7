import { useState } from 'react';
import type { ReactNode } from 'react';
import { entryLabel } from '@custody/domain';
import type { TimelineEntry, Withheld } from '@custody/contracts';
import { useUser } from '../../app/session.tsx';
import { useLocale, useT } from '../../i18n/index.ts';
import { Button, DataTable, describeError, FormAlert, type Column } from '../../ui/index.ts';
import { needsReason } from '../oversight/api.ts';
import { ReasonDialog } from '../oversight/components/reason-dialog.tsx';
import { useOversightT, type OversightT } from '../oversight/i18n/index.ts';
import { publishedVkey, publishedWitnessPolicy, recordProofs } from './api.ts';
import type { EntryResult, RecordVerification } from './verify-record.ts';
import type { RecordWitnessing } from './witness-quorum.ts';
import '../oversight/oversight.css';
import './integrity.css';

type State =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running' }
  | { readonly kind: 'done'; readonly result: Checked }
  | { readonly kind: 'error'; readonly error: unknown };

interface Checked extends RecordVerification {
  /** True when the server publishes no key and the one in the response had to be used. */
  readonly keyFromResponse: boolean;
  /** The witnesses' quorum on the proofs' `witnessed` checkpoint (judgeQuorum). */
  readonly witnessing: RecordWitnessing;
}

/** The entries of a timeline withheld from its reader, by event id, with why. */
export function withheldEntries(timeline: readonly TimelineEntry[]): ReadonlyMap<string, Withheld> {
  return new Map(timeline.flatMap((e) => (e.withheld === null ? [] : [[e.eventId, e.withheld]])));
}

async function runCheck(
  recordId: string,
  reason: string | undefined,
  withheld: ReadonlyMap<string, Withheld>,
): Promise<Checked> {
  const [proofs, vkey, policyText, verifier, quorum] = await Promise.all([
    recordProofs(recordId, reason),
    publishedVkey(),
    publishedWitnessPolicy(),
    import('./verify-record.ts'),
    import('./witness-quorum.ts'),
  ]);
  const trusted = vkey ?? proofs.vkey;
  const result = verifier.verifyRecordProofs(proofs, trusted, new Set(withheld.keys()));
  const witnessing = quorum.judgeRecordWitnessing({
    policyText,
    vkey: trusted,
    proofs,
    now: Math.floor(Date.now() / 1000),
  });
  return { ...result, keyFromResponse: vkey === null, witnessing };
}

function headline(result: RecordVerification, ot: OversightT): string {
  const failed = result.entries.filter((e) => e.status === 'failed').length;
  const withheld = result.entries.filter((e) => e.status === 'withheld').length;
  if (result.ok) return withheld > 0 ? ot('verify.okWithheld', { withheld }) : ot('verify.ok');
  return failed > 0 ? ot('verify.failed', { failed }) : ot('verify.failedGlobal');
}

/** The witnesses' word on the record, in plain words; a failed check is an alert. */
function WitnessView(props: { witnessing: RecordWitnessing }): ReactNode {
  const ot = useOversightT();
  const { status: s, covered, entries } = props.witnessing;
  let body: ReactNode;
  switch (s.state) {
    case 'no_policy':
      body = <p className="muted">{ot('verify.witness.noPolicy')}</p>;
      break;
    case 'not_witnessed':
      body = <p className="notice">{ot('verify.witness.notYet', { quorum: s.quorum })}</p>;
      break;
    case 'broken':
      body = (
        <p className="verify-witness-line verify-bad" role="alert">
          <span aria-hidden="true">✗ </span>
          {ot('verify.witness.broken', {
            problem: ot(`verify.witness.problem.${s.problem}`),
            detail: s.detail,
          })}
        </p>
      );
      break;
    case 'no_quorum':
    case 'witnessed': {
      const words = {
        signed: s.cosignedBy.length,
        of: s.witnessCount,
        n: s.size - 1,
        who: s.cosignedBy.length === 0 ? ot('verify.witness.nobody') : s.cosignedBy.join(', '),
        quorum: s.quorum,
      };
      body = (
        <>
          {s.state === 'witnessed' ? (
            <p className="verify-witness-line verify-ok">
              <span aria-hidden="true">✓ </span>
              {ot('verify.witness.witnessed', words)}
            </p>
          ) : (
            <p className="notice">{ot('verify.witness.noQuorum', words)}</p>
          )}
          <p>
            {covered === entries
              ? ot('verify.witness.all', { entries })
              : ot('verify.witness.some', { covered, entries })}
          </p>
        </>
      );
      break;
    }
  }
  return (
    <div className="verify-witness" data-testid="record-witness" data-state={s.state}>
      <h3>{ot('verify.witness.title')}</h3>
      {body}
    </div>
  );
}

function ResultView(props: {
  result: Checked;
  withheld: ReadonlyMap<string, Withheld>;
}): ReactNode {
  const ot = useOversightT();
  const { locale } = useLocale();
  const { result } = props;
  const columns: Column<EntryResult>[] = [
    { key: 'index', header: ot('verify.index'), numeric: true, cell: (e) => e.logIndex },
    { key: 'version', header: ot('verify.version'), numeric: true, cell: (e) => e.version },
    {
      key: 'type',
      header: ot('verify.entry'),
      // The leaf names the kind; one withheld as health data is named neutrally here too.
      cell: (e) => entryLabel(e.type, props.withheld.get(e.eventId), locale),
    },
    {
      key: 'result',
      header: ot('verify.result'),
      cell: (e) => (
        <span className={`verify-status verify-${e.status}`}>
          <span aria-hidden="true">{e.status === 'failed' ? '✗ ' : '✓ '}</span>
          {ot(`verify.status.${e.status}`)}
          {e.problem && `: ${ot(`problem.${e.problem}`)}`}
        </span>
      ),
    },
  ];
  return (
    <div className="verify-result">
      <p
        className={result.ok ? 'verify-banner verify-ok' : 'verify-banner verify-bad'}
        role="status"
      >
        <span aria-hidden="true">{result.ok ? '✓ ' : '✗ '}</span>
        {headline(result, ot)}
      </p>
      {result.problems.length > 0 && (
        <ul className="verify-problems">
          {result.problems.map((p) => (
            <li key={p}>{ot(`problem.${p}`)}</li>
          ))}
        </ul>
      )}
      {result.keyFromResponse && <p className="notice">{ot('verify.keyFromResponse')}</p>}
      <WitnessView witnessing={result.witnessing} />
      {result.checkpoint && (
        <p className="muted">
          {ot('verify.checkpoint', {
            origin: result.checkpoint.origin,
            size: result.checkpoint.size,
          })}
        </p>
      )}
      <DataTable
        caption={ot('verify.caption')}
        columns={columns}
        rows={result.entries}
        rowKey={(e) => String(e.logIndex)}
        empty="—"
      />
    </div>
  );
}

const NONE_WITHHELD: ReadonlyMap<string, Withheld> = new Map();

/**
 * "Verify this record" (issue 6 point 9, issue 7 point 3): fetches the record's proofs and the
 * log's published key and checks them in the browser with the project's ledger
 * (verify-record.ts, loaded on first use with its @noble primitives). Roles that must state a reason for a read are asked for one first
 * unless the page already has it.
 */
export function VerifyRecordButton(props: {
  recordId: string;
  reason?: string | undefined;
  /** Entries withheld from the reader (withheldEntries): their payloads verify by commitment. */
  withheld?: ReadonlyMap<string, Withheld>;
}): ReactNode {
  const ot = useOversightT();
  const t = useT();
  const user = useUser();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [asking, setAsking] = useState(false);
  const withheld = props.withheld ?? NONE_WITHHELD;

  const start = (reason: string | undefined): void => {
    setState({ kind: 'running' });
    runCheck(props.recordId, reason, withheld).then(
      (result) => {
        setState({ kind: 'done', result });
      },
      (error: unknown) => {
        setState({ kind: 'error', error });
      },
    );
  };

  return (
    <section className="panel verify" aria-labelledby="verify-heading">
      <h2 id="verify-heading">{ot('verify.title')}</h2>
      <p className="muted">{ot('verify.howto')}</p>
      <Button
        variant="primary"
        busy={state.kind === 'running'}
        onClick={() => {
          if (props.reason === undefined && needsReason(user.role)) setAsking(true);
          else start(props.reason);
        }}
      >
        {state.kind === 'running' ? ot('verify.running') : ot('verify.button')}
      </Button>
      <ReasonDialog
        open={asking}
        onClose={() => {
          setAsking(false);
        }}
        onSubmit={(reason) => {
          setAsking(false);
          start(reason);
        }}
      />
      {state.kind === 'done' && <ResultView result={state.result} withheld={withheld} />}
      {state.kind === 'error' && <FormAlert>{describeError(t, state.error)}</FormAlert>}
    </section>
  );
}
