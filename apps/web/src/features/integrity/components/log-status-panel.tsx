import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocale } from '../../../i18n/index.ts';
import { formatDateTime, ResourceView, StatusBadge } from '../../../ui/index.ts';
import { useOversightT } from '../../oversight/i18n/index.ts';
import { useOwnTimeZone } from '../../record/use-unit-time-zone.ts';
import { consistencyProof, publishedVkey, recentCheckpoints } from '../api.ts';
import { earlierCheckpoint, judgeLog, type LogStatus, type SeenCheckpoint } from '../log-status.ts';

const SEEN_KEY = 'custody.integrity.seen';

function remembered(): SeenCheckpoint | null {
  try {
    const raw = localStorage.getItem(SEEN_KEY);
    const value = raw === null ? null : (JSON.parse(raw) as Partial<SeenCheckpoint>);
    return typeof value?.origin === 'string' &&
      typeof value.size === 'number' &&
      typeof value.root === 'string'
      ? { origin: value.origin, size: value.size, root: value.root }
      : null;
  } catch {
    return null;
  }
}

/** Checks the log in the browser; an intact log's latest checkpoint is remembered for next time. */
async function checkLog(): Promise<{ status: LogStatus; checkedAt: string }> {
  const [vkey, recent] = await Promise.all([publishedVkey(), recentCheckpoints(10)]);
  const latest = recent.items[0];
  const earlier = earlierCheckpoint(remembered(), recent.items);
  const proof =
    latest !== undefined && earlier !== null && earlier.size < latest.size && earlier.size > 0
      ? await consistencyProof(earlier.size, latest.size)
      : null;
  const status = judgeLog({
    vkey,
    checkpoints: recent.items,
    earlier: earlier !== null && earlier.size > 0 ? earlier : null,
    proof,
  });
  if (status.state === 'intact' && latest !== undefined) {
    try {
      localStorage.setItem(
        SEEN_KEY,
        JSON.stringify({ origin: status.signer, size: latest.size, root: latest.root }),
      );
    } catch {
      // A browser that keeps nothing still gets this visit's check.
    }
  }
  return { status, checkedAt: new Date().toISOString() };
}

/**
 * The integrity page's first answer, in plain words (issue 15 point 7): "log intact up to entry
 * N, checked at …, signed by …", checked in this browser with the published key; the technical
 * details follow it on the page. A separate component, so that other statuses (witnesses) can sit
 * beside it.
 */
export function LogStatusPanel(): ReactNode {
  const ot = useOversightT();
  const { locale } = useLocale();
  const timeZone = useOwnTimeZone();
  const check = useQuery({ queryKey: ['log-status'], queryFn: checkLog });
  return (
    <section className="panel log-status" aria-labelledby="log-status-heading">
      <h2 id="log-status-heading">{ot('logStatus.title')}</h2>
      <ResourceView query={check}>
        {({ status, checkedAt }) => {
          const at = formatDateTime(checkedAt, locale, timeZone);
          if (status.state === 'empty') return <p>{ot('logStatus.empty')}</p>;
          if (status.state === 'broken') {
            return (
              <div role="alert" className="log-status-broken">
                <p className="log-status-headline">
                  <StatusBadge status="overdue" label={ot('logStatus.broken')} />
                </p>
                <p>{ot(`logStatus.problem.${status.problem}`)}</p>
                <p className="muted">{ot('logStatus.checked', { at })}</p>
              </div>
            );
          }
          return (
            <div data-testid="log-intact">
              <p className="log-status-headline">
                <StatusBadge status="ok" label={ot('logStatus.intact', { n: status.lastEntry })} />
              </p>
              <p>{ot('logStatus.checked', { at })}</p>
              <p>{ot('logStatus.signed', { signer: status.signer, keyId: status.keyId })}</p>
              {status.extends !== null && (
                <p>{ot('logStatus.extends', { n: status.extends - 1 })}</p>
              )}
              <p className="muted">{ot('logStatus.meaning')}</p>
            </div>
          );
        }}
      </ResourceView>
    </section>
  );
}
