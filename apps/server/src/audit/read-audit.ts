import type { FastifyRequest } from 'fastify';
import type { Principal } from '../authz/principal.ts';
import { badRequest } from '../http/problem.ts';
import type { AppDeps } from '../http/types.ts';
import { cutText, headerText } from '../text.ts';
import type { StoredEvent } from '../store/index.ts';
import { accessStream } from '../streams.ts';

/** The event type of one logged read. */
export const RECORD_READ = 'RecordRead';

/** What one logged read says. */
export interface RecordReadPayload {
  readonly recordId: string;
  readonly reason: string | null;
  readonly purpose: string;
  readonly route: string | null;
  [key: string]: string | null;
}

/** HQ, monitors and lawyers state why they read a record (domain.md §5; issue 5 "read audit"). */
export function reasonRequired(principal: Principal): boolean {
  return (
    principal.kind === 'user' &&
    (principal.role === 'hq' || principal.role === 'monitor' || principal.role === 'lawyer')
  );
}

/** The actor of the log for a principal: the user, or the API token as `token`. */
export function actorOf(principal: Principal): { id: string; role: string } {
  return principal.kind === 'user'
    ? { id: principal.userId, role: principal.role }
    : { id: principal.tokenId, role: principal.actsAs ?? 'token' };
}

/** The longest stated reason kept, in characters (code points); a longer one is cut. */
const MAX_REASON = 500;

const missingReason = () =>
  badRequest('Вкажіть підставу доступу. State the reason for access.', [
    { path: 'query.reason', message: 'a reason is required for this role' },
  ]);

/**
 * The stated reason of a read, from `?reason=` or the `x-access-reason` header; throws 400
 * problem when the caller's role must give one and did not.
 */
export function readReason(request: FastifyRequest, principal: Principal): string | null {
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = typeof query?.['reason'] === 'string' ? query['reason'] : undefined;
  const fromHeader = headerText(request.headers['x-access-reason'], MAX_REASON * 2);
  const reason = cutText((fromQuery ?? fromHeader ?? '').trim(), MAX_REASON);
  if (reason === '') {
    if (reasonRequired(principal)) throw missingReason();
    return null;
  }
  return reason;
}

/**
 * Appends one read of a record to the tamper-evident log, stream `access:<recordId>` (domain.md
 * §5: who, role, when, which record, the stated reason, the route). Every read of a record, its
 * timeline, a stream subscription, an export or a document calls this before answering.
 */
export async function recordRead(
  deps: AppDeps,
  principal: Principal,
  recordId: string,
  reason: string | null,
  purpose: string,
  route: string | null = null,
): Promise<StoredEvent> {
  if (deps.store === undefined || deps.ids === undefined) {
    throw new Error('the read audit needs the event store');
  }
  if (reason === null && reasonRequired(principal)) throw missingReason();
  const now = deps.clock().toISOString();
  const payload: RecordReadPayload = { recordId, reason, purpose, route };
  const { events } = await deps.store.append(accessStream(recordId), 'any', [
    {
      id: deps.ids(),
      type: RECORD_READ,
      occurredAt: now,
      recordedAt: now,
      actor: actorOf(principal),
      payload,
    },
  ]);
  const stored = events[0];
  if (stored === undefined) throw new Error('the read audit stored nothing');
  return stored;
}
