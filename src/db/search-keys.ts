// The searchKey columns (User, AgencyVersion, BlocVersion, AwardRecord) kept equal to the folded names of their
// row, and the search condition on them. The key is computed in one place, a query extension on
// the client, so that no write path (services, seed, CLI, an import written later) can forget it.
import { Prisma } from '../generated/sqlite/client';
import { containsPattern, foldForSearch, hasLikeSpecials, searchKeyOf } from '../domain/search';
import type { Db, Tx } from './client';

/** The fields each model's key is made of, in order. */
const KEY_FIELDS = {
  User: ['username', 'fullName'],
  AgencyVersion: ['name', 'shortName'],
  BlocVersion: ['name'],
  // the award register: who, which award, which decision (src/modules/province-view/register.ts)
  AwardRecord: ['subjectName', 'awardTitle', 'decisionNumber'],
} as const;
type KeyedModel = keyof typeof KEY_FIELDS;
export type SearchTable = KeyedModel;

/** Models whose rows carry versions created in the same write (`versions: { create }`). */
const VERSIONED: Record<string, KeyedModel> = { Agency: 'AgencyVersion', Bloc: 'BlocVersion' };

type Data = Record<string, unknown>;
type Args = Record<string, unknown>;

function isKeyed(model: string | undefined): model is KeyedModel {
  return model !== undefined && model in KEY_FIELDS;
}

/** A scalar as written in create/update data: `"x"` or `{ set: "x" }`. */
function written(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { set?: unknown }).set === 'string') return (v as { set: string }).set;
  return undefined;
}

function keyOf(model: KeyedModel, row: Data): string {
  return searchKeyOf(...KEY_FIELDS[model].map((f) => written(row[f]) ?? ''));
}

/** Create data: a missing field is its default (''), so the key is always known. */
function withCreateKey(model: KeyedModel, data: Data): Data {
  return 'searchKey' in data ? data : { ...data, searchKey: keyOf(model, data) };
}

/** Update data: 'unchanged' when no name field is written, 'partial' when the rest must be read. */
function withUpdateKey(model: KeyedModel, data: Data): Data | 'unchanged' | 'partial' {
  if ('searchKey' in data) return data;
  const fields = KEY_FIELDS[model];
  const touched = fields.filter((f) => data[f] !== undefined);
  if (touched.length === 0) return 'unchanged';
  if (touched.length < fields.length || touched.some((f) => written(data[f]) === undefined)) return 'partial';
  return { ...data, searchKey: keyOf(model, data) };
}

/** Nested writes take one object or a list of them. */
function each(v: unknown, fn: (x: Data) => Data): Data | Data[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? (v as Data[]).map(fn) : fn(v as Data);
}

function partialNested(model: KeyedModel): never {
  throw new Error(`searchKey: a nested update of ${model} must write all of ${KEY_FIELDS[model].join(', ')} (or update it on its own).`);
}

/** `versions: { create, createMany, connectOrCreate, upsert, update, updateMany }` of an agency or a bloc. */
function withNestedKeys(model: KeyedModel, data: Data | undefined): Data | undefined {
  const nested = data?.versions as Data | undefined;
  if (!data || !nested || typeof nested !== 'object') return data;
  const create = (d: Data) => withCreateKey(model, d);
  const update = (d: Data) => {
    const out = withUpdateKey(model, d);
    if (out === 'partial') partialNested(model);
    return out === 'unchanged' ? d : out;
  };
  const v: Data = { ...nested };
  if (v.create) v.create = each(v.create, create);
  if (v.createMany) v.createMany = { ...(v.createMany as Data), data: each((v.createMany as Data).data, create) };
  if (v.connectOrCreate) v.connectOrCreate = each(v.connectOrCreate, (c) => ({ ...c, create: create(c.create as Data) }));
  if (v.upsert) v.upsert = each(v.upsert, (u) => ({ ...u, create: create(u.create as Data), update: update(u.update as Data) }));
  if (v.update) v.update = each(v.update, (u) => ('data' in u ? { ...u, data: update(u.data as Data) } : update(u)));
  if (v.updateMany) v.updateMany = each(v.updateMany, (u) => ({ ...u, data: update(u.data as Data) }));
  return { ...data, versions: v };
}

/** What the caller asked to get back, without undefined keys (Prisma rejects select + include). */
function shape(args: Args): Args {
  const out: Args = {};
  for (const k of ['select', 'include', 'omit'] as const) if (args[k] !== undefined) out[k] = args[k];
  return out;
}

type Query = (args: Args) => Promise<unknown>;

/**
 * An update that writes only part of the key's fields: the row is updated first (reading back the
 * fields of the key), then its key, through the same `query` so both run in the caller's
 * transaction.
 */
async function updateThenKey(model: KeyedModel, operation: 'update' | 'upsert', args: Args, query: Query) {
  const select = Object.fromEntries(['id', ...KEY_FIELDS[model]].map((f) => [f, true]));
  const { select: _s, include: _i, omit: _o, ...rest } = args;
  const row = (await query({ ...rest, select })) as Data & { id: number };
  const searchKey = keyOf(model, row);
  const where = { id: row.id };
  if (operation === 'update') return query({ where, data: { searchKey }, ...shape(args) });
  return query({ where, create: rest.create, update: { searchKey }, ...shape(args) });
}

async function keepSearchKey(model: string | undefined, operation: string, args: Args, query: Query): Promise<unknown> {
  if (model && VERSIONED[model]) {
    const versions = VERSIONED[model];
    if (operation === 'create' || operation === 'update') return query({ ...args, data: withNestedKeys(versions, args.data as Data) });
    if (operation === 'upsert') {
      return query({ ...args, create: withNestedKeys(versions, args.create as Data), update: withNestedKeys(versions, args.update as Data) });
    }
    return query(args);
  }
  if (!isKeyed(model)) return query(args);
  switch (operation) {
    case 'create':
      return query({ ...args, data: withCreateKey(model, args.data as Data) });
    case 'createMany':
    case 'createManyAndReturn':
      return query({ ...args, data: each(args.data, (d) => withCreateKey(model, d)) });
    case 'update': {
      const data = withUpdateKey(model, args.data as Data);
      if (data === 'partial') return updateThenKey(model, 'update', args, query);
      return query(data === 'unchanged' ? args : { ...args, data });
    }
    case 'upsert': {
      const create = withCreateKey(model, args.create as Data);
      const update = withUpdateKey(model, args.update as Data);
      if (update === 'partial') return updateThenKey(model, 'upsert', { ...args, create }, query);
      return query({ ...args, create, update: update === 'unchanged' ? args.update : update });
    }
    case 'updateMany':
    case 'updateManyAndReturn': {
      const data = withUpdateKey(model, args.data as Data);
      if (data === 'partial') throw new Error(`searchKey: ${operation} of ${model} must write all of ${KEY_FIELDS[model].join(', ')}.`);
      return query(data === 'unchanged' ? args : { ...args, data });
    }
    default:
      return query(args);
  }
}

/** The client with its searchKey columns kept up to date on every Prisma write. */
export function withSearchKeys(client: Db): Db {
  // only the models that hold or nest a key: other models' queries (sessions…) are not wrapped
  const hook = {
    $allOperations({ model, operation, args, query }: { model?: string; operation: string; args: unknown; query: (a: never) => Promise<unknown> }) {
      return keepSearchKey(model, operation, args as Args, query as unknown as Query);
    },
  };
  return client.$extends({
    name: 'searchKeys',
    query: { user: hook, agencyVersion: hook, blocVersion: hook, agency: hook, bloc: hook, awardRecord: hook },
  }) as unknown as Db;
}

/**
 * The Prisma condition on `searchKey` that matches `q` as typed, or undefined when there is nothing
 * to search for. Prisma's `contains` is a LIKE that does not escape `%` and `_` (prisma/prisma#19506),
 * and a backslash escapes them on PostgreSQL but not on SQLite (no default ESCAPE there); so a query
 * holding one of them first finds the matching keys with an explicit ESCAPE clause, the same on both.
 */
export async function searchKeyFilter(db: Tx, table: SearchTable, q: string): Promise<{ contains: string } | { in: string[] } | undefined> {
  const folded = foldForSearch(q);
  if (!folded) return undefined;
  if (!hasLikeSpecials(folded)) return { contains: folded };
  const rows = await db.$queryRaw<{ searchKey: string }[]>`
    SELECT DISTINCT "searchKey" FROM ${Prisma.raw(`"${table}"`)}
    WHERE "searchKey" LIKE ${containsPattern(folded)} ESCAPE '\\'`;
  return { in: rows.map((r) => r.searchKey) };
}

/**
 * Fills the keys of rows written before the column existed (searchKey = ''), in batches of
 * `batch` rows and two queries per batch. Rows whose names fold to '' stay '' and are
 * simply read again next time; the id cursor keeps this from looping.
 */
export async function backfillSearchKeys(db: Db, batch = 200): Promise<number> {
  let filled = 0;
  for (const model of Object.keys(KEY_FIELDS) as KeyedModel[]) {
    const table = Prisma.raw(`"${model}"`);
    const columns = Prisma.raw(KEY_FIELDS[model].map((f) => `"${f}"`).join(', '));
    let after = 0;
    for (;;) {
      const rows = await db.$queryRaw<(Data & { id: number })[]>`
        SELECT "id", ${columns} FROM ${table}
        WHERE "searchKey" = '' AND "id" > ${after} ORDER BY "id" LIMIT ${batch}`;
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1].id);
      const keyed = rows.map((r) => ({ id: Number(r.id), key: keyOf(model, r) })).filter((r) => r.key !== '');
      if (keyed.length) {
        const cases = Prisma.join(keyed.map((r) => Prisma.sql`WHEN ${r.id} THEN CAST(${r.key} AS TEXT)`), ' ');
        filled += await db.$executeRaw`
          UPDATE ${table} SET "searchKey" = CASE "id" ${cases} END
          WHERE "searchKey" = '' AND "id" IN (${Prisma.join(keyed.map((r) => r.id))})`;
      }
      if (rows.length < batch) break;
    }
  }
  return filled;
}
