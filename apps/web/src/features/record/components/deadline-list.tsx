import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { LegalBasis, Obligation } from '@custody/contracts';
import { compareUrgency } from '@custody/domain';
import { useLocale } from '../../../i18n/index.ts';
import { StatusBadge, formatDateTime } from '../../../ui/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { obligationLabel } from '../obligation-label.ts';
import { obligationStatus } from '../status.ts';
import { formatCountdown } from '../time.ts';

const ARTICLE: Partial<Record<LegalBasis['act'], readonly [string, string]>> = {
  КПК: ['ст.', 'ч.'],
  КУпАП: ['ст.', 'ч.'],
  Конституція: ['ст.', 'ч.'],
  PACE: ['s.', '('],
  'Vienna Convention': ['art.', '§'],
  'Law 2858-IX': ['art.', 'part'],
};

/** A legal basis as lawyers cite it: "КПК ст. 211 ч. 2", "PACE s.40(3)", "PACE Code C 9.3". */
export function basisText(basis: LegalBasis): string {
  if (basis.article === '') return basis.act;
  const [art, part] = ARTICLE[basis.act] ?? ['', ''];
  const article =
    art === 's.' ? `s.${basis.article}` : [art, basis.article].filter(Boolean).join(' ');
  const tail =
    basis.part === undefined ? '' : part === '(' ? `(${basis.part})` : ` ${part} ${basis.part}`;
  return `${basis.act} ${article}${tail}`.replace(/\s+/g, ' ').trim();
}

/**
 * The legal basis of a deadline on hover (title) and on tap (a disclosure that stays open until
 * tapped again), so that a user on a tablet can also see why a deadline is what it is
 * (domain.md §4: each deadline carries its basis and a one-line explanation).
 */
function BasisPopover(props: { obligation: Obligation; label: string }): ReactNode {
  const dt = useDutyT();
  const { locale } = useLocale();
  const [open, setOpen] = useState(false);
  const id = useId();
  const basis = basisText(props.obligation.basis);
  const why = props.obligation.explanation[locale];
  return (
    <span className="basis">
      <button
        type="button"
        className="basis-button"
        title={`${basis}: ${why}`}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          setOpen((o) => !o);
        }}
      >
        {props.label}
        <span className="basis-short"> · {basis}</span>
      </button>
      {open && (
        <span id={id} className="basis-popover" role="note">
          <strong>{dt('rec.basis', { basis })}</strong>
          <span>{why}</span>
        </span>
      )}
    </span>
  );
}

/**
 * Every open deadline of the record with status, countdown and legal basis, the most urgent
 * first by the domain's ranking (legal weight, then time: domain.md §4); those met folded
 * under one line below (a record held for days has dozens); times on the unit's clock.
 */
export function DeadlineList(props: {
  obligations: readonly Obligation[];
  now: number;
  timeZone: string;
}): ReactNode {
  const dt = useDutyT();
  const { locale } = useLocale();
  const shown = props.obligations.filter((o) => o.status !== 'not_applicable').sort(compareUrgency);
  if (shown.length === 0) return <p>{dt('rec.noDeadlines')}</p>;
  const open = shown.filter((o) => o.status !== 'met');
  const met = shown.filter((o) => o.status === 'met');
  const item = (o: Obligation) => {
    const status = obligationStatus(o.status, o.absolute ?? false);
    return (
      <li key={o.id} className={`deadline deadline-${o.status}`} data-obligation={o.id}>
        <BasisPopover obligation={o} label={obligationLabel(o, dt)} />
        <span className="deadline-when">
          {o.status === 'met' ? (
            dt(o.metLate ? 'rec.metLate' : 'rec.met', {
              time: formatDateTime(o.metAt ?? null, locale, props.timeZone),
            })
          ) : o.dueAt ? (
            <>
              {dt('rec.due', { time: formatDateTime(o.dueAt, locale, props.timeZone) })}{' '}
              <span className="deadline-countdown">
                ({formatCountdown(o.dueAt, props.now, dt, true)})
              </span>
            </>
          ) : (
            '—'
          )}
        </span>
        {o.status !== 'met' && <StatusBadge status={status} />}
      </li>
    );
  };
  return (
    <>
      {open.length > 0 ? (
        <ul className="deadlines">{open.map(item)}</ul>
      ) : (
        <p>{dt('rec.noDeadlines')}</p>
      )}
      {met.length > 0 && (
        <details className="deadlines-met">
          <summary>{dt('rec.metCollapsed', { n: met.length })}</summary>
          <ul className="deadlines">{met.map(item)}</ul>
        </details>
      )}
    </>
  );
}
