/**
 * The server's answers as types, read from web/src/api/schema.d.ts (generated from the routes'
 * response schemas by `npm run api:types`): `ApiAnswer<'/api/employers/{id}'>` is the JSON body
 * GET /api/employers/:id answers with 200. A feature's types.ts names the parts its pages use.
 */
import type { paths } from './schema.d.ts';

export type { components, paths } from './schema.d.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body that `method path` answers with `status` (default GET, 200). */
export type ApiAnswer<P extends keyof paths, M extends Method = 'get', S extends number = 200> =
  NonNullable<paths[P][M]> extends { responses: infer R }
    ? S extends keyof R
      ? JsonBody<R[S]>
      : never
    : never;
