/** Shapes of the employer API, generated from the server's response schemas (src/modules/employers/schemas.ts). */
import type { ApiAnswer } from '../../api/types.ts';

type Detail = ApiAnswer<'/api/employers/{id}'>;

export type EmployerRow = ApiAnswer<'/api/employers'>['items'][number];
export type Employer = Detail['employer'];
export type EmployerWorker = Detail['workers'][number];
