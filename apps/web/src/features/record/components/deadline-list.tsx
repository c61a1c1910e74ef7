import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { Obligation } from '@custody/contracts';
import { cite, compareUrgency } from '@custody/domain';
import { useLocale } from '../../../i18n/index.ts';
import { StatusBadge, formatDateTime } from '../../../ui/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { obligationLabel } from '../obligation-label.ts';
import { obligationStatus } from '../status.ts';
import { formatCountdown } from '../time.ts';

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
  const basis = cite(props.obligation.basis, locale);
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
  // A breach stays a breach (domain.md §4): a deadline met late is listed with the open ones,
  // only those met in time fold away.
  const folded = (o: Obligation) => o.status === 'met' && o.metLate !== true;
  const open = shown.filter((o) => !folded(o));
  const met = shown.filter(folded);
  const item = (o: Obligation) => {
    const status = obligationStatus(o.status, o.absolute ?? false);
    const breached = o.outcome?.kind === 'breached' || o.metLate === true;
    return (
      <li
        key={o.id}
        className={`deadline deadline-${o.status}${breached ? ' deadline-breached' : ''}`}
        data-obligation={o.id}
        data-outcome={o.outcome?.kind}
      >
        <BasisPopover obligation={o} label={obligationLabel(o, dt)} />
        <span className="deadline-when">
          {o.outcome !== undefined ? (
            // Custody has ended: the final outcome, never a countdown (nothing runs after it).
            <span className={`deadline-outcome outcome-${o.outcome.kind}`}>
              {o.outcome.text[locale]}
            </span>
          ) : o.status === 'met' ? (
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
        {o.status !== 'met' && o.outcome === undefined && <StatusBadge status={status} />}
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
