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

export function formatDate(d: Date | string | null | undefined): string {
  return d ? dayjs(d).tz(TZ).format('DD/MM/YYYY') : '';
}

export function formatDateTime(d: Date | string | null | undefined): string {
  return d ? dayjs(d).tz(TZ).format('DD/MM/YYYY HH:mm') : '';
}

/** "Nghệ An, ngày 15 tháng 11 năm 2019" — the place and date line of documents. */
export function formatPlaceDate(place: string, d: Date): string {
  const x = dayjs(d).tz(TZ);
  return `${place}, ngày ${x.format('DD')} tháng ${x.format('MM')} năm ${x.format('YYYY')}`;
}

export function formatInt(n: number): string {
  return intFmt.format(n);
}

/** Hundredths of a point → "97,5" (up to two decimals, no trailing zeros). */
export function formatPoints(centi: number | null | undefined): string {
  if (centi === null || centi === undefined) return '';
  return new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(centi / 100);
}

export function formatPercent(ratio: number, digits = 2): string {
  return `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio * 100)}%`;
}

/** Days from now until d (negative when past). */
export function daysUntil(d: Date, now = new Date()): number {
  return dayjs(d).tz(TZ).startOf('day').diff(dayjs(now).tz(TZ).startOf('day'), 'day');
}
