/**
 * An integrating system replays a custody record through the API with an API token, using the
 * typed client @custody/client: it opens the record at actual detention, sends the entries that
 * follow it at the station as one batch (all or none, one expected version), then two more
 * entries one by one. Every POST carries an Idempotency-Key, so a retry after a lost answer never
 * makes a second entry. Times are stated in Kyiv time (RFC 3339 with +02:00).
 *
 *   CUSTODY_URL=https://custody.example CUSTODY_TOKEN=cr_… CUSTODY_UNIT_ID=… \
 *     node --import tsx examples/replay-with-token.ts
 *
 * The token needs scope `records:commands` listing RecordDetention, RecordDelivery,
 * RegisterDetainee, RecordRightsExplained, RecordNotification and RecordCellCheck, acting as a
 * custody inspector in the unit CUSTODY_UNIT_ID (see README.md). It prints the record id, its
 * version and the entries made, as JSON.
 */
import { randomUUID } from 'node:crypto';
import { createCustodyClient } from '@custody/client';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

const custody = createCustodyClient({ baseUrl: env('CUSTODY_URL'), token: env('CUSTODY_TOKEN') });
const unitId = env('CUSTODY_UNIT_ID');

/** `minutesAgo` before now as Kyiv local time with its offset (+02:00 in winter), to the second. */
function kyiv(minutesAgo: number): string {
  const local = new Date(Date.now() - minutesAgo * 60_000 + 2 * 3_600_000);
  return `${local.toISOString().slice(0, 19)}+02:00`;
}

/** A problem answered by the server, as an error with its stable code (and batch item). */
function fail(step: string, status: number, error: unknown): never {
  const p = error as { code?: string; detail?: string; item?: number };
  const item = p.item === undefined ? '' : ` (item ${String(p.item)})`;
  throw new Error(`${step}: ${String(status)} ${p.code ?? ''}${item} ${p.detail ?? ''}`);
}

const idempotent = () => ({ header: { 'Idempotency-Key': randomUUID() } });

// Actual detention (КПК ст. 208 ч. 1 п. 1): the record opens here; the server names its id.
const opened = await custody.POST('/api/v1/records', {
  params: idempotent(),
  body: {
    occurredAt: kyiv(55),
    payload: {
      person: {
        kind: 'identified',
        fullName: 'Мельник Олег Степанович',
        dateOfBirth: '1987-09-14',
      },
      place: { description: 'м. Київ, просп. Перемоги, 37' },
      detainingOfficers: [{ name: 'Бондаренко Ігор' }],
      profile: 'ua_criminal_208',
      legalBasis: 'КПК ст. 208 ч. 1 п. 1',
      grounds: 'Застигнутий безпосередньо після вчинення крадіжки (КК ст. 185).',
      juvenile: false,
      foreigner: false,
      language: 'uk',
      bodycamRefs: [],
    },
  },
});
if (opened.error !== undefined) fail('open', opened.response.status, opened.error);
const { recordId } = opened.data;

// At the station: delivery, registration and the rights explained (КПК ст. 212, 213), in one
// batch decided in order and stored together.
const arrived = await custody.POST('/api/v1/records/{recordId}/batch', {
  params: { path: { recordId }, ...idempotent() },
  body: {
    expectedVersion: opened.data.version,
    commands: [
      { type: 'RecordDelivery', occurredAt: kyiv(40), payload: { unitId } },
      { type: 'RegisterDetainee', occurredAt: kyiv(38), payload: { custodyNumber: 'КР-117/2026' } },
      {
        type: 'RecordRightsExplained',
        occurredAt: kyiv(35),
        payload: { language: 'uk', writtenNoticeHandedOver: true, signature: { signed: true } },
      },
    ],
  },
});
if (arrived.error !== undefined) fail('batch', arrived.response.status, arrived.error);

// The free legal aid centre told (КПК ст. 213 ч. 2), then a cell check: one call each.
const told = await custody.POST('/api/v1/records/{recordId}/commands/RecordNotification', {
  params: { path: { recordId }, ...idempotent() },
  body: {
    occurredAt: kyiv(30),
    expectedVersion: arrived.data.version,
    payload: {
      kind: 'legal_aid_centre',
      recipient: 'Київський місцевий центр БПД',
      method: 'phone',
      madeBy: { name: 'Гончаренко Олена' },
      delegatedToOfficer: false,
    },
  },
});
if (told.error !== undefined) fail('notification', told.response.status, told.error);

const checked = await custody.POST('/api/v1/records/{recordId}/commands/RecordCellCheck', {
  params: { path: { recordId }, ...idempotent() },
  body: {
    occurredAt: kyiv(5),
    expectedVersion: told.data.version,
    payload: { condition: 'Сидить, спокійний', roused: false, concern: false },
  },
});
if (checked.error !== undefined) fail('cell check', checked.response.status, checked.error);

const entries = [opened, arrived, told, checked].flatMap((r) => r.data.events.map((e) => e.type));
console.log(JSON.stringify({ recordId, version: checked.data.version, entries }));
