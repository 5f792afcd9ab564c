import { z } from 'zod';

// What the coverage figures and ranking answer (the OpenAPI document and web/src/api/schema.d.ts are
// made from these). Series, targets, breakdowns and reports are not described yet.

export const segmentSchema = z.enum(['PU', 'BPU', 'JAKON', 'PMI']);
const denominatorKindSchema = z.enum(['employed', 'employed_minus_civil_servants', 'labour_force']);

/** A BPS denominator: people at national size and divided by the demo scale. */
export const denominatorSchema = z.object({
  kind: denominatorKindSchema,
  value: z.number(),
  scaled: z.number(),
  period: z.string(),
  source_url: z.string().nullable(),
  note: z.string(),
  estimated: z.boolean(),
  method: z.string().nullable(),
  formal_scaled: z.number().nullable(),
  informal_scaled: z.number().nullable(),
});

const segmentCountsSchema = z.object({ active: z.number().nullable(), registered: z.number().nullable() });

/** One region's figure; counts are null when the cell is suppressed for the caller. */
export const figureRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number(),
  kind: z.string(),
  active: z.number().nullable(),
  registered: z.number().nullable(),
  segments: z.object({
    PU: segmentCountsSchema,
    BPU: segmentCountsSchema,
    JAKON: segmentCountsSchema,
    PMI: segmentCountsSchema,
  }),
  denominator: denominatorSchema.nullable(),
  coverage_pct: z.number().nullable(),
  /** PU actives ÷ formal workers and BPU actives ÷ informal workers, where BPS gives the formal share. */
  pu_pct_of_formal: z.number().nullable(),
  bpu_pct_of_informal: z.number().nullable(),
  suppressed: z.boolean(),
});

/** How a coverage answer was made: month, basis, denominator, active source, demo scale, caveats. */
export const coverageMetaSchema = z.object({
  period: z.string(),
  basis: z.enum(['domicile', 'employer']),
  segment: segmentSchema.nullable(),
  denominator: z.object({ kind: denominatorKindSchema, label_id: z.string(), label_en: z.string() }),
  active_source: z.object({
    basis: z.enum(['registrations', 'contributions']),
    label_id: z.string(),
    label_en: z.string(),
  }),
  synthetic: z.boolean(),
  scale: z.string().nullable(),
  min_cell: z.number().nullable(),
  window: z.object({ start: z.string(), end: z.string() }),
  source: z.enum(['rollups', 'registry']),
  caveats: z.array(z.object({ id: z.string(), en: z.string() })),
});

export const figuresSchema = z.object({
  meta: coverageMetaSchema,
  /** The parent region's (or the nation's) own figure; null when outside the caller's regions. */
  total: figureRowSchema.nullable(),
  rows: z.array(figureRowSchema),
});

export const rankingRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  active: z.number().nullable(),
  coverage_pct: z.number().nullable(),
  denominator_estimated: z.boolean(),
  /** Percentage points gained since `compared_with` (same denominator). */
  progress_pp: z.number().nullable(),
  target_pct: z.number().nullable(),
  target_status: z.string().nullable(),
  target_from: z.enum(['region', 'national']).nullable(),
  gap_pp: z.number().nullable(),
  gap_people: z.number().nullable(),
  rank: z.object({
    coverage: z.number().nullable(),
    progress: z.number().nullable(),
    gap: z.number().nullable(),
  }),
});

export const rankingSchema = z.object({
  meta: coverageMetaSchema.extend({
    compared_with: z.string(),
    by: z.enum(['coverage', 'progress', 'gap']),
    level: z.union([z.literal(1), z.literal(2)]),
    total_ranked: z.number(),
  }),
  rows: z.array(rankingRowSchema),
});
