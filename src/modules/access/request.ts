import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../../platform/errors.ts';
import { actorOf, type SessionUser } from './actions.ts';
import type { Actor } from './policy.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

/** The acting user of a request (set by the access hook in routes.ts); 401 when nobody is logged in. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.user) throw new UnauthorizedError();
  return actorOf(req.user);
}
