/** Shapes of the import API, generated from the server's response schemas (src/modules/imports/schemas.ts). */
import type { ApiAnswer } from '../../api/types.ts';

export type ImportJob = ApiAnswer<'/api/imports/{id}'>['job'];
export type ImportError = ApiAnswer<'/api/imports/{id}/errors'>['errors'][number];
