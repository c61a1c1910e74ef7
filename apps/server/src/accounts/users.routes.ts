import { CreateUserRequest, Id, User } from '@custody/contracts';
import { z } from 'zod';
import { notFound } from '../http/problem.ts';
import type { App, AppDeps } from '../http/types.ts';
import {
  createUser,
  disableUser,
  findUserById,
  listUsers,
  resetSecondFactor,
  toUser,
} from './users.ts';

const admin = { access: { kind: 'action', action: 'users.manage' } } as const;
const Params = z.object({ id: Id });

/** Account administration: administrators only (domain.md §2). */
export function registerUserRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/users',
    { config: admin, schema: { tags: ['users'], response: { 200: z.array(User) } } },
    () => listUsers(deps.database),
  );

  app.post(
    '/api/v1/users',
    {
      config: admin,
      schema: { tags: ['users'], body: CreateUserRequest, response: { 201: User } },
    },
    async (request, reply) => {
      const { id } = await createUser(deps.database, request.body, deps.clock());
      const row = await findUserById(deps.database, id);
      if (!row) throw notFound();
      return reply.code(201).send(toUser(row));
    },
  );

  app.post(
    '/api/v1/users/:id/disable',
    { config: admin, schema: { tags: ['users'], params: Params, response: { 204: z.null() } } },
    async (request, reply) => {
      if (!(await disableUser(deps.database, request.params.id, deps.clock()))) throw notFound();
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/users/:id/reset-second-factor',
    { config: admin, schema: { tags: ['users'], params: Params, response: { 204: z.null() } } },
    async (request, reply) => {
      if (!(await resetSecondFactor(deps.database, request.params.id, deps.clock())))
        throw notFound();
      return reply.code(204).send(null);
    },
  );
}
