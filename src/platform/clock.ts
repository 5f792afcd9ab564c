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
/**
 * 'YYYY-MM-DD' of a moment on the WIB calendar (UTC+7). Dates people type ("today", a payment's value
 * date) are WIB dates: between 00:00 and 07:00 WIB the UTC date is still yesterday, so a check that a
 * typed date is "not in the future" compares it with this, not with isoDate.
 */
export function isoDateWib(d: Date): string {
  return onWibClock(d).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:MM WIB' of a moment, for what people read (exports, printed pages). */
export function wibMinute(d: Date): string {
  return `${onWibClock(d).toISOString().slice(0, 16).replace('T', ' ')} WIB`;
}

/** The moment shifted by UTC+7, so its UTC fields read as the WIB wall clock. */
function onWibClock(d: Date): Date {
  return new Date(d.getTime() + 7 * 3600_000);
}
