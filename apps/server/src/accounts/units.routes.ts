import {
  CreateRoomRequest,
  CreateUnitRequest,
  Id,
  Room,
  Unit,
  UpdateRoomRequest,
  UnitSupervisor,
  UpdateUnitRequest,
} from '@custody/contracts';
import { z } from 'zod';
import { authorizeRequest, principalOf } from '../authz/guard.ts';
import { authorize } from '../authz/authorize.ts';
import { activeGrantsFor } from '../grants/grants.ts';
import { badRequest, notFound } from '../http/problem.ts';
import { accountsDb } from './database.ts';
import type { App, AppDeps } from '../http/types.ts';
import {
  createRoom,
  createUnit,
  findUnit,
  listRooms,
  listUnits,
  updateRoom,
  updateUnit,
} from './units.ts';

const manage = { access: { kind: 'action', action: 'units.manage' } } as const;
const anyone = { access: { kind: 'principal' } } as const;
const Params = z.object({ id: Id });

/** Units and their zones, rooms and cells: read as authorize('units.read') permits; changed by administrators. */
export function registerUnitRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/units',
    {
      config: anyone,
      schema: {
        tags: ['units'],
        description:
          'The units the caller may read. With `whiteboard=true`, only those whose whiteboard the caller may read now (a monitor: the units of a grant valid now), what the whiteboard offers to choose from.',
        querystring: z.object({ whiteboard: z.enum(['true', 'false']).optional() }),
        response: { 200: z.array(Unit) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const now = deps.clock();
      const board = request.query.whiteboard === 'true';
      const grants =
        board && principal.kind === 'user'
          ? await activeGrantsFor(deps.database, principal.userId, now)
          : [];
      const ctx = { now: now.toISOString(), grants };
      const action = board ? 'whiteboard.read' : 'units.read';
      const units = await listUnits(deps.database);
      return units.filter(
        (u) => authorize(principal, action, { kind: 'unit', unitId: u.id }, ctx).allowed,
      );
    },
  );

  app.post(
    '/api/v1/units',
    {
      config: manage,
      schema: { tags: ['units'], body: CreateUnitRequest, response: { 201: Unit } },
    },
    async (request, reply) => {
      const { id } = await createUnit(deps.database, request.body, deps.clock());
      const unit = await findUnit(deps.database, id);
      if (!unit) throw notFound();
      return reply.code(201).send(unit);
    },
  );

  app.patch(
    '/api/v1/units/:id',
    {
      config: manage,
      schema: { tags: ['units'], params: Params, body: UpdateUnitRequest, response: { 200: Unit } },
    },
    async (request) => {
      const unit = await updateUnit(deps.database, request.params.id, request.body);
      if (!unit) throw notFound();
      return unit;
    },
  );

  app.get(
    '/api/v1/units/:id/rooms',
    {
      config: anyone,
      schema: { tags: ['units'], params: Params, response: { 200: z.array(Room) } },
    },
    async (request) => {
      const unitId = request.params.id;
      await authorizeRequest(request, deps, 'units.read', { kind: 'unit', unitId });
      if (!(await findUnit(deps.database, unitId))) throw notFound();
      return listRooms(deps.database, unitId);
    },
  );

  app.get(
    '/api/v1/units/:id/supervisors',
    {
      config: anyone,
      schema: {
        tags: ['units'],
        summary: 'The unit’s active supervisors, whom an approval may name',
        description:
          'Who: units.read on the unit. Lowering an observation level and martial-law conditions name one of them (domain.md §2, §3.8); the server checks the named person again when the entry is made.',
        params: Params,
        response: { 200: z.array(UnitSupervisor) },
      },
    },
    async (request) => {
      const unitId = request.params.id;
      await authorizeRequest(request, deps, 'units.read', { kind: 'unit', unitId });
      if (!(await findUnit(deps.database, unitId))) throw notFound();
      const rows = await accountsDb(deps.database)
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('unit_id', '=', unitId)
        .where('role', '=', 'supervisor')
        .where('disabled', '=', 0)
        .orderBy('display_name')
        .execute();
      return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
    },
  );

  app.post(
    '/api/v1/units/:id/rooms',
    {
      config: manage,
      schema: { tags: ['units'], params: Params, body: CreateRoomRequest, response: { 201: Room } },
    },
    async (request, reply) => {
      if (!(await findUnit(deps.database, request.params.id))) throw notFound();
      const room = await createRoom(deps.database, request.params.id, request.body);
      if (room === 'no_parent') {
        throw badRequest(
          'Батьківське приміщення не з цього підрозділу. Parent is not in this unit.',
          [{ path: 'body.parentId', message: 'no such room in this unit' }],
        );
      }
      return reply.code(201).send(room);
    },
  );

  app.patch(
    '/api/v1/rooms/:id',
    {
      config: manage,
      schema: { tags: ['units'], params: Params, body: UpdateRoomRequest, response: { 200: Room } },
    },
    async (request) => {
      const room = await updateRoom(deps.database, request.params.id, request.body);
      if (!room) throw notFound();
      return room;
    },
  );
}
