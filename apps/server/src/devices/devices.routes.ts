import {
  DeviceList,
  DeviceSyncRequest,
  DeviceSyncResult,
  DeviceView,
  EnrolDeviceRequest,
  RevokeDeviceRequest,
  ServerTime,
} from '@custody/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { confirmPassword } from '../accounts/login.ts';
import { authorize } from '../authz/authorize.ts';
import { denial, userOf } from '../authz/guard.ts';
import type { UserPrincipal } from '../authz/principal.ts';
import { forgetIdempotencyKey } from '../http/idempotency.ts';
import { badRequest, HttpProblem, notFound } from '../http/problem.ts';
import type { App } from '../http/types.ts';
import type { CommandContext } from '../records/command-handler.ts';
import type { CustodyDeps } from '../records/custody-deps.ts';
import {
  deviceView,
  enrolDevice,
  findDevice,
  listDevices,
  revokeDevice,
} from './device-registry.ts';
import { devicePublicKey } from './device-signature.ts';
import { syncDevice } from './device-sync.ts';

const signedIn = { access: { kind: 'session' } } as const;
const DeviceParams = z.object({ id: z.uuid() });

/** Whether the person holds a unit action on their own unit (authz/matrix.ts). */
function holds(deps: CustodyDeps, p: UserPrincipal, action: 'devices.enrol' | 'devices.revoke') {
  return authorize(
    p,
    action,
    { kind: 'unit', unitId: p.unitId ?? '' },
    { now: deps.clock().toISOString(), grants: [] },
  ).allowed;
}

function deviceUser(request: FastifyRequest, deps: CustodyDeps): UserPrincipal {
  const p = userOf(request);
  if (p.unitId === null || !holds(deps, p, 'devices.enrol')) throw denial('devices.enrol', 'role');
  return p;
}

function registerTime(app: App, deps: CustodyDeps): void {
  app.get(
    '/api/v1/time',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['devices'],
        summary: 'The server clock, for a device to measure its offset (NTP-style, RFC 5905 §8)',
        description:
          'Who: anyone. A device notes its clock before (t0) and after (t1) the call: offset ≈ serverTime − (t0 + t1) / 2, error ±(t1 − t0) / 2. Not cached.',
        response: { 200: ServerTime },
      },
    },
    async (_request, reply) => {
      const now = deps.clock();
      void reply.header('cache-control', 'no-store');
      return { serverTime: now.toISOString(), epochMs: now.getTime() };
    },
  );
}

function registerEnrol(app: App, deps: CustodyDeps): void {
  app.post(
    '/api/v1/devices',
    {
      config: signedIn,
      schema: {
        tags: ['devices'],
        summary: 'Enrol a tablet: its public key, logged as the first entry of its device stream',
        description:
          'Who: devices.enrol (detaining officer, duty or custody inspector) for their own unit, who gives their password again (checked as at sign-in, throttled alike; 403 wrong_password) and a name for the tablet (1-60 characters). The key is WebCrypto Ed25519 (or ECDSA P-256 where Ed25519 is missing), non-extractable on the device; only the public key (SPKI) comes here.',
        body: EnrolDeviceRequest,
        response: { 201: DeviceView },
      },
    },
    async (request, reply) => {
      const p = deviceUser(request, deps);
      if (devicePublicKey(request.body.algorithm, request.body.publicKey) === null) {
        throw badRequest('Ключ не відповідає алгоритму. The key is not of the stated algorithm.', [
          { path: 'body.publicKey', message: `not an ${request.body.algorithm} SPKI key` },
        ]);
      }
      await confirmPassword(deps, p.userId, request.body.password, request.ip);
      const row = await enrolDevice(deps, p, request.body);
      return reply.code(201).send(deviceView(row, null));
    },
  );
}

function registerList(app: App, deps: CustodyDeps): void {
  app.get(
    '/api/v1/devices',
    {
      config: signedIn,
      schema: {
        tags: ['devices'],
        summary: 'Enrolled devices, with gaps and forks of their chains',
        description:
          'Who: a supervisor sees the devices of their unit (the dashboard: who enrolled each, when, its last sync, its entries, gaps and forks with their records), an administrator every device, an officer with devices.enrol their own; anyone else 403.',
        response: { 200: DeviceList },
      },
    },
    async (request) => {
      const p = userOf(request);
      if (p.role === 'admin') return { items: await listDevices(deps, {}) };
      if (p.unitId !== null && holds(deps, p, 'devices.revoke')) {
        return { items: await listDevices(deps, { unitId: p.unitId }) };
      }
      if (p.unitId !== null && holds(deps, p, 'devices.enrol')) {
        return { items: await listDevices(deps, { unitId: p.unitId, userId: p.userId }) };
      }
      throw denial('devices.revoke', 'role');
    },
  );
}

function registerRevoke(app: App, deps: CustodyDeps): void {
  app.post(
    '/api/v1/devices/:id/revoke',
    {
      config: signedIn,
      schema: {
        tags: ['devices'],
        summary: 'Revoke a device (lost, stolen, handed back); logged in its device stream',
        description:
          'Who: devices.revoke (the supervisor of the device’s unit, an administrator). Entries received before stay valid; later ones are refused (403 device_revoked). Anyone else gets 404.',
        params: DeviceParams,
        body: RevokeDeviceRequest,
        response: { 200: DeviceView },
      },
    },
    async (request) => {
      const p = userOf(request);
      const device = await findDevice(deps, request.params.id);
      const may =
        device !== null &&
        authorize(
          p,
          'devices.revoke',
          { kind: 'unit', unitId: device.unit_id },
          { now: deps.clock().toISOString(), grants: [] },
        ).allowed;
      if (device === null || !may) throw notFound();
      if (device.revoked_at === null) await revokeDevice(deps, p, device, request.body.reason);
      const [view] = await listDevices(deps, { deviceId: device.device_id });
      if (view === undefined) throw notFound();
      return view;
    },
  );
}

function registerSync(app: App, ctx: CommandContext): void {
  app.post(
    '/api/v1/devices/:id/entries',
    {
      config: signedIn,
      schema: {
        tags: ['devices'],
        summary: 'Sync a device’s signed entries (made offline) into the log',
        description:
          'Who: devices.enrol, for a device of the caller’s unit and entries the caller made. Each entry is the RFC 8785 canonical JSON the device signed; the server verifies the signature and the device chain (sequence number, previous hash), applies the command through the normal command path, and logs the signed bytes with the device time, the offset and its receive time in the device stream. Each batch carries an Idempotency-Key (required; the web app derives it from the batch’s entry ids and signatures): a repeated request answers the original answer, the same key with another batch 422. A repeated entry in a new batch answers with its first answer too. Nothing is stored when any entry is invalid, the signature fails or the device is revoked.',
        params: DeviceParams,
        body: DeviceSyncRequest,
        response: { 200: DeviceSyncResult },
      },
    },
    async (request) => {
      const p = deviceUser(request, ctx.deps);
      try {
        const results = await syncDevice(ctx, p, request.params.id, request.body.entries);
        return { results };
      } catch (error) {
        // "Retry" must not be the answer a replay of this batch repeats for a day.
        if (error instanceof HttpProblem && error.code === 'version_conflict') {
          await forgetIdempotencyKey(request, ctx.deps.database);
        }
        throw error;
      }
    },
  );
}

/** Device enrolment, revocation, the server clock and offline sync (issue 19). */
export function registerDeviceRoutes(app: App, ctx: CommandContext): void {
  registerTime(app, ctx.deps);
  registerEnrol(app, ctx.deps);
  registerList(app, ctx.deps);
  registerRevoke(app, ctx.deps);
  registerSync(app, ctx);
}
