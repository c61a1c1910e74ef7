import { Role, type CommandResult, type RecordView } from '@custody/contracts';
import type { CommandType } from '@custody/domain';
import type { LightMyRequestResponse } from 'fastify';
import { createGrant } from '../../src/grants/index.ts';
import type { SignedIn } from './harness.ts';
import type { CustodyHarness } from './custody-harness.ts';
import { detentionPayload, WALK, type WalkRefs, type WalkStep } from './command-walk.ts';

/** Thin HTTP helpers over app.inject for the custody record tests. */
export function custodyClient(h: CustodyHarness) {
  const open = (as: SignedIn, occurredAt: string, over: Record<string, unknown> = {}) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: as.headers,
      payload: { occurredAt, payload: detentionPayload(over) },
    });
  const command = (
    as: SignedIn,
    recordId: string,
    type: CommandType,
    body: { occurredAt: string; expectedVersion: number; payload: unknown },
  ) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/records/${recordId}/commands/${type}`,
      headers: as.headers,
      payload: body,
    });
  const view = (as: SignedIn, recordId: string, reason?: string) =>
    h.app.inject({
      method: 'GET',
      url: `/api/v1/records/${recordId}${reason === undefined ? '' : `?reason=${encodeURIComponent(reason)}`}`,
      headers: { cookie: as.cookie },
    });
  async function grant(by: SignedIn, to: SignedIn, unitIds: string[], from: string, until: string) {
    await createGrant(
      h.database,
      {
        granteeId: to.userId,
        scope: { kind: 'units', unitIds },
        unitIds,
        validFrom: from,
        validUntil: until,
        purpose: 'Візит НПМ',
      },
      by.userId,
      h.clock.now(),
    );
  }
  return { open, command, view, grant };
}

/** The JSON body of a response of the expected status (throws with the body otherwise). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- typed reads of JSON in tests
export function ok<T>(response: LightMyRequestResponse, status = 201): T {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  return response.json<T>();
}

/** Signed-in users of every role the walk needs, in the own unit. */
export async function signInAll(h: CustodyHarness): Promise<Record<Role, SignedIn>> {
  const out: Partial<Record<Role, SignedIn>> = {};
  for (const r of Role.options) out[r] = await h.signIn(r);
  return out as Record<Role, SignedIn>;
}

/** Opens a record 10 minutes ago and walks `steps`, asserting each is accepted. */
export async function walk(
  h: CustodyHarness,
  users: Record<Role, SignedIn>,
  steps: readonly WalkStep[] = WALK,
): Promise<{ recordId: string; version: number; results: CommandResult[] }> {
  const c = custodyClient(h);
  const t0 = new Date(h.clock.now().getTime() - 10 * 60_000).toISOString();
  const opened = ok<CommandResult>(await c.open(users.detaining_officer, t0));
  const events: Record<string, string> = {};
  const userIds = Object.fromEntries(Object.entries(users).map(([r, u]) => [r, u.userId]));
  let version = opened.version;
  const results = [opened];
  for (const step of steps) {
    h.clock.advance(20);
    const refs: WalkRefs = {
      users: userIds,
      events,
      unitId: h.units.own,
      now: h.clock.now().toISOString(),
      t0,
    };
    const response = await c.command(users[step.role], opened.recordId, step.type, {
      occurredAt: refs.now,
      expectedVersion: version,
      payload: step.payload(refs),
    });
    if (response.statusCode !== 201) {
      throw new Error(`${step.type} as ${step.role}: ${response.statusCode} ${response.body}`);
    }
    const result = response.json<CommandResult>();
    version = result.version;
    if (step.as !== undefined && result.events[0]) events[step.as] = result.events[0].eventId;
    results.push(result);
  }
  return { recordId: opened.recordId, version, results };
}

export async function viewOf(h: CustodyHarness, as: SignedIn, recordId: string, reason?: string) {
  return ok<RecordView>(await custodyClient(h).view(as, recordId, reason), 200);
}
