import { useState } from 'react';
import { PlacementBreachTag, placementInBreach } from './placement-flag.tsx';
import type { ReactNode } from 'react';
import type { TimelineEntry } from '@custody/contracts';
import { entryLabel } from '@custody/domain';
import { ROLE_LABEL } from '../../../app/access.ts';
import { useLocale, useT } from '../../../i18n/index.ts';
import { Button, formatDateTime } from '../../../ui/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { PayloadList } from '../payload/payload-list.tsx';
import { isRole } from '../roles.ts';

/** To the second: a device's clock offset is often seconds. */
function formatSeconds(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'uk' ? 'uk-UA' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'medium',
    hourCycle: 'h23',
    timeZone,
  }).format(new Date(iso));
}

/** "20 хв 3 с": the size of an offset. */
function duration(ms: number, dt: ReturnType<typeof useDutyT>): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const min = Math.floor(total / 60);
  const sec = total % 60;
  return min === 0
    ? dt('rec.device.seconds', { s: sec })
    : dt('rec.device.minutes', { m: min, s: sec });
}

/**
 * An entry made on a tablet without signal (issue 19): the tablet's own clock, the offset measured
 * against the server, the corrected time the late mark is judged on, and when the server received
 * it; a break in the tablet's chain of entries is said.
 */
function DeviceStampView(props: {
  stamp: NonNullable<TimelineEntry['device']>;
  timeZone: string;
}): ReactNode {
  const dt = useDutyT();
  const { locale } = useLocale();
  const { stamp } = props;
  const at = (iso: string) => formatSeconds(iso, locale, props.timeZone);
  const offset =
    stamp.offsetMs === null
      ? dt('rec.device.noOffset')
      : stamp.offsetMs === 0
        ? dt('rec.device.inStep')
        : dt(stamp.offsetMs < 0 ? 'rec.device.ahead' : 'rec.device.behind', {
            d: duration(stamp.offsetMs, dt),
          });
  return (
    <div className="entry-device" data-testid="device-stamp">
      <p className="entry-device-title">
        {dt('rec.device.title', { seq: stamp.seq })}
        {stamp.chain !== 'ok' && (
          <span className="tag tag-late">{dt(`rec.device.chain.${stamp.chain}`)}</span>
        )}
      </p>
      <dl className="entry-times">
        <div>
          <dt>{dt('rec.device.deviceTime')}</dt>
          <dd>{at(stamp.deviceTime)}</dd>
        </div>
        <div>
          <dt>{dt('rec.device.offset')}</dt>
          <dd>{offset}</dd>
        </div>
        <div>
          <dt>{dt('rec.device.correctedTime')}</dt>
          <dd>{at(stamp.correctedTime)}</dd>
        </div>
        <div>
          <dt>{dt('rec.device.receivedAt')}</dt>
          <dd>{at(stamp.receivedAt)}</dd>
        </div>
        {stamp.deviceLogIndex !== undefined && (
          <div>
            <dt>{dt('rec.device.signedLeaf')}</dt>
            <dd>{dt('rec.device.leaf', { n: stamp.deviceLogIndex })}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

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
  // An entry withheld as health data is named neutrally: its kind would tell of health (domain.md §5).
  const title = entryLabel(entry.type, entry.withheld, locale);
  const actorRole = isRole(entry.actor.role) ? t(ROLE_LABEL[entry.actor.role]) : entry.actor.role;
  return (
    <>
      <div className="entry-head">
        <h3 className="entry-title">{title}</h3>
        {entry.late && (
          <span
            className="tag tag-late"
            title={dt(entry.device ? 'rec.device.lateHint' : 'rec.lateHint')}
          >
            {dt('rec.late')}
          </span>
        )}
        {placementInBreach(entry) && <PlacementBreachTag />}
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
      {entry.device && <DeviceStampView stamp={entry.device} timeZone={props.timeZone} />}
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

/** A link to another entry of the timeline, worded by `text` with that entry's number. */
function EntryLink(props: {
  to: TimelineEntry | undefined;
  text: 'rec.corrects' | 'rec.supersedes' | 'rec.supersededBy';
}): ReactNode {
  const dt = useDutyT();
  if (props.to === undefined) return null;
  return (
    <p className="entry-link">
      <a href={`#entry-${props.to.eventId}`}>{dt(props.text, { n: props.to.version })}</a>
    </p>
  );
}

/** The request to lower the observation level an entry superseded, as the domain recorded it. */
export function supersededRequestId(e: TimelineEntry): string | undefined {
  const p = e.payload;
  if (typeof p !== 'object' || p === null || !('supersedesRequestEventId' in p)) return undefined;
  return typeof p.supersedesRequestEventId === 'string' ? p.supersedesRequestEventId : undefined;
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
  // A level set again while a request to lower it waited supersedes the request (domain.md §3.8):
  // both entries say so, so the timeline explains why the request is no longer pending.
  const supersededBy = new Map(
    props.entries.flatMap((e) => {
      const request = supersededRequestId(e);
      return request === undefined ? [] : [[request, e] as const];
    }),
  );
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
          const supersedes = supersededRequestId(entry);
          const superseded = supersedes === undefined ? undefined : byId.get(supersedes);
          const supersededByEntry = supersededBy.get(entry.eventId);
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
                <EntryLink to={target} text="rec.corrects" />
                <EntryLink to={superseded} text="rec.supersedes" />
                <EntryLink to={supersededByEntry} text="rec.supersededBy" />
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
