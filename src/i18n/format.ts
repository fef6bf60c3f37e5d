// Vietnamese formats: 15/11/2019, 110.435, 63,68%. Dates are shown in Vietnam's time zone.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/vi';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('vi');

export const TZ = 'Asia/Ho_Chi_Minh';

const intFmt = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const pointsFmt = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const percentFmts = new Map<number, Intl.NumberFormat>();

/**
 * Vietnam has kept UTC+7, without summer time, since 13/6/1975: from then on its wall clock is
 * the UTC fields of the instant moved by seven hours — computed directly, without the time-zone
 * plugin (which builds an Intl formatter per call: the dates of a page cost more than its SQL).
 * Earlier instants go through the time-zone database.
 */
const FIXED_OFFSET_SINCE = Date.UTC(1975, 5, 12, 17);
const OFFSET_MS = 7 * 3_600_000;
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The wall-clock fields of d in Vietnam. */
function vnFields(d: Date | string): { y: number; m: number; day: number; h: number; min: number } | undefined {
  const t = d instanceof Date ? d.getTime() : new Date(d).getTime();
  if (Number.isNaN(t)) return undefined;
  if (t < FIXED_OFFSET_SINCE) {
    const x = dayjs(t).tz(TZ);
    return { y: x.year(), m: x.month() + 1, day: x.date(), h: x.hour(), min: x.minute() };
  }
  const v = new Date(t + OFFSET_MS);
  return { y: v.getUTCFullYear(), m: v.getUTCMonth() + 1, day: v.getUTCDate(), h: v.getUTCHours(), min: v.getUTCMinutes() };
}

export function formatDate(d: Date | string | null | undefined): string {
  const f = d ? vnFields(d) : undefined;
  return f ? `${pad(f.day)}/${pad(f.m)}/${f.y}` : d ? 'Invalid Date' : '';
}

export function formatDateTime(d: Date | string | null | undefined): string {
  const f = d ? vnFields(d) : undefined;
  return f ? `${pad(f.day)}/${pad(f.m)}/${f.y} ${pad(f.h)}:${pad(f.min)}` : d ? 'Invalid Date' : '';
}

/** "Nghệ An, ngày 15 tháng 11 năm 2019" — the place and date line of documents. */
export function formatPlaceDate(place: string, d: Date): string {
  const f = vnFields(d)!;
  return `${place}, ngày ${pad(f.day)} tháng ${pad(f.m)} năm ${f.y}`;
}

export function formatInt(n: number): string {
  return intFmt.format(n);
}

/** Hundredths of a point → "97,5" (up to two decimals, no trailing zeros). */
export function formatPoints(centi: number | null | undefined): string {
  if (centi === null || centi === undefined) return '';
  return pointsFmt.format(centi / 100);
}

export function formatPercent(ratio: number, digits = 2): string {
  let f = percentFmts.get(digits);
  if (!f) percentFmts.set(digits, (f = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return `${f.format(ratio * 100)}%`;
}

/** Days from now until d (negative when past). */
export function daysUntil(d: Date, now = new Date()): number {
  const day = (x: Date) => {
    const f = vnFields(x)!;
    return Date.UTC(f.y, f.m - 1, f.day) / 86_400_000;
  };
  return day(d) - day(now);
}

/** "2019-11-15": the day of d in Vietnam, as an ISO date. */
export function vnIsoDate(d: Date): string {
  const f = vnFields(d)!;
  return `${f.y}-${pad(f.m)}-${pad(f.day)}`;
}
