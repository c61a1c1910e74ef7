import { useState } from 'react';
import type { ReactNode } from 'react';
import type { TimelineEntry } from '@custody/contracts';
import { EVENT_LABELS, isEventType } from '@custody/domain';
import { ROLE_LABEL } from '../../../app/access.ts';
import { useLocale, useT } from '../../../i18n/index.ts';
import { Button, formatDateTime } from '../../../ui/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { PayloadList } from '../payload/payload-list.tsx';
import { isRole } from '../roles.ts';

function EntryBody(props: {
  entry: TimelineEntry;
  /** The event type whose fields the payload holds: a correction's values are the corrected entry's. */
  subjectType: string;
  timeZone: string;
}): ReactNode {
  const t = useT();
  const dt = useDutyT();
  const { locale } = useLocale();
  const { entry } = props;
  const title = isEventType(entry.type) ? EVENT_LABELS[entry.type][locale] : entry.type;
  const actorRole = isRole(entry.actor.role) ? t(ROLE_LABEL[entry.actor.role]) : entry.actor.role;
  return (
    <>
      <div className="entry-head">
        <h3 className="entry-title">{title}</h3>
        {entry.late && (
          <span className="tag tag-late" title={dt('rec.lateHint')}>
            {dt('rec.late')}
          </span>
        )}
      </div>
      <dl className="entry-times">
        <div>
          <dt>{dt('rec.occurredAt')}</dt>
          <dd>{formatDateTime(entry.occurredAt, locale, props.timeZone)}</dd>
        </div>
        <div>
          <dt>{dt('rec.recordedAt')}</dt>
          <dd>{formatDateTime(entry.recordedAt, locale, props.timeZone)}</dd>
        </div>
      </dl>
      <p className="entry-actor">
        {entry.actor.displayName ?? entry.actor.id} · {actorRole}
      </p>
      {entry.withheld ? (
        <p className="entry-withheld">{dt(`rec.withheld.${entry.withheld}`)}</p>
      ) : (
        <PayloadList
          payload={entry.payload}
          subjectType={props.subjectType}
          timeZone={props.timeZone}
        />
      )}
    </>
  );
}

/**
 * The record's timeline (domain.md §3): both times of every entry, late entries marked, and each
 * correction shown beside the entry it corrects (nothing is edited or deleted).
 */
export function Timeline(props: {
  entries: readonly TimelineEntry[];
  timeZone: string;
}): ReactNode {
  const dt = useDutyT();
  const [newestFirst, setNewestFirst] = useState(true);
  const byId = new Map(props.entries.map((e) => [e.eventId, e]));
  const subjectOf = (e: TimelineEntry) =>
    (e.corrects === null ? undefined : byId.get(e.corrects)?.type) ?? e.type;
  const ordered = newestFirst ? [...props.entries].reverse() : props.entries;
  return (
    <>
      <p className="timeline-order">
        <Button
          variant="ghost"
          aria-pressed={newestFirst}
          onClick={() => {
            setNewestFirst((on) => !on);
          }}
        >
          {dt('rec.newestFirst')}
        </Button>
      </p>
      <ol className="timeline" reversed={newestFirst}>
        {ordered.map((entry) => {
          const corrections = entry.correctedBy
            .map((id) => byId.get(id))
            .filter((e): e is TimelineEntry => e !== undefined);
          const target = entry.corrects ? byId.get(entry.corrects) : undefined;
          return (
            <li
              key={entry.eventId}
              id={`entry-${entry.eventId}`}
              className={[
                'entry',
                entry.late ? 'entry-late' : '',
                corrections.length ? 'entry-corrected' : '',
              ].join(' ')}
            >
              <div className="entry-main">
                <p className="entry-number">{dt('rec.entry', { n: entry.version })}</p>
                <EntryBody entry={entry} subjectType={subjectOf(entry)} timeZone={props.timeZone} />
                {target && (
                  <p className="entry-link">
                    <a href={`#entry-${target.eventId}`}>
                      {dt('rec.corrects', { n: target.version })}
                    </a>
                  </p>
                )}
              </div>
              {corrections.length > 0 && (
                <div className="entry-corrections">
                  {corrections.map((c) => (
                    <div key={c.eventId} className="entry-correction">
                      <p className="entry-number">{dt('rec.correctedBy', { n: c.version })}</p>
                      <EntryBody entry={c} subjectType={subjectOf(c)} timeZone={props.timeZone} />
                    </div>
                  ))}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
