/**
 * Dates in Asia/Shanghai (UTC+8 all year: no daylight saving), without any schema library: the
 * phone page needs today's date before its validation code has arrived.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Today's date (YYYY-MM-DD) in Asia/Shanghai. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day starts, as an ISO timestamp (UTC). */
export function shanghaiDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString();
}
