/** Shapes of the region API, generated from the server's response schemas (src/modules/regions/schemas.ts). */
import type { ApiAnswer } from '../../api/types.ts';

export type RegionsResponse = ApiAnswer<'/api/regions'>;
export type RegionChild = RegionsResponse['children'][number];
