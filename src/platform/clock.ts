/** The only source of "now" in actions, so tests can pin time. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}
/** 'YYYY-MM-DD' of a date, in UTC (the whole system runs on UTC dates). */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
