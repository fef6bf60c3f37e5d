// "Accept the ticked ones" on a list page: the ticked units (checkboxes `agencyIds`) and, for each,
// the version of its record the list showed (`version_<agencyId>`), so a record changed since the
// page was loaded is recognised instead of being accepted unseen.
import { z } from 'zod';
import { ValidationError } from './errors';
import { idList, intField, parse } from './validate';

export type BulkPick = { agencyId: number; version: number };

const idsSchema = z.object({ agencyIds: idList('Danh sách đơn vị đã chọn không hợp lệ.') });
const VERSION = 'Phiên bản của một mục đã chọn không hợp lệ. Vui lòng tải lại trang rồi chọn lại.';
// '' would coerce to 0: a missing version is refused, not read as "any version".
const versionField = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), intField(VERSION, 1));

/** The ticked units with their versions; 422 when none is ticked or a version is missing or bad. */
export function parseBulkPicks(body: unknown, noneTicked: string): BulkPick[] {
  const ids = [...new Set(parse(idsSchema, body).agencyIds)];
  if (!ids.length) throw new ValidationError({ agencyIds: noneTicked }, noneTicked);
  const versions = parse(z.object(Object.fromEntries(ids.map((id) => [`version_${id}`, versionField]))), body) as Record<string, number>;
  return ids.map((agencyId) => ({ agencyId, version: versions[`version_${agencyId}`] }));
}

/** "A, B và C" */
export function namesList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} và ${names[names.length - 1]}`;
}
