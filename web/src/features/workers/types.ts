/** Shapes of the participant API, generated from the server's response schemas (src/modules/workers/schemas.ts). */
import type { ApiAnswer } from '../../api/types.ts';

type Detail = ApiAnswer<'/api/participants/{id}'>;

export type ParticipantRow = ApiAnswer<'/api/participants'>['items'][number];
export type Participant = Detail['participant'];
export type Employment = Detail['employments'][number];
export type ParticipantEvent = Detail['events'][number];
