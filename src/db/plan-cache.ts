// A query-plan cache for Prisma's query compiler (engineType "client").
//
// Prisma 6 compiles every query — its JSON form — into a plan through a WebAssembly compiler, on every
// call: 0,3–0,9 ms of CPU per query here, more than the SQL itself and more than a whole bare
// Express page. A page of 10–20 queries spent a third of its time compiling the same few shapes
// again and again. Here, before compiling a read, the literal values of its filters (`where`, at any
// depth, nested includes too) are taken out and replaced by the compiler's own placeholders
// (`{"$type":"Param"}`, which it turns into SQL parameters); the plan of that shape is compiled
// once and kept, and each call gets a fresh copy with its own values in place of the placeholders.
// The SQL text is then the same for every value, so SQLite's statement cache (./sqlite.ts) serves
// it as well.
//
// What is left literal (and so part of the cache key): null (it changes the SQL: IS NULL), text
// searches (contains/startsWith/endsWith: the compiler builds the LIKE pattern from the value),
// take/skip/cursor/orderBy/distinct, and every write (a write's data is rarely the same twice: writes
// go to the compiler as before). A shape the compiler refuses with placeholders is compiled with
// its values, as before, and remembered as such.
//
// PRISMA_PLAN_CACHE=0 turns it off (the benchmark measures both).

type Plan = unknown;
type Compiler = { compile(query: string): Plan };

const READS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy']);
/** Filters whose SQL depends on the value itself (LIKE patterns, JSON paths, full-text search). */
const LITERAL_KEYS = new Set(['contains', 'startsWith', 'endsWith', 'search', 'mode', 'path', 'string_contains', 'string_starts_with', 'string_ends_with', 'array_contains', 'array_starts_with', 'array_ends_with', 'has', 'hasEvery', 'hasSome']);
const MAX_SHAPES = 2000;
const MARK = '\u0000p';

type Entry = { parts: string[]; order: number[] } | { literal: true };

/** The query with its filter values replaced by placeholders, and the values in order. */
export function parameterise(query: { action?: string; query?: unknown }): { key: string; values: unknown[] } | undefined {
  if (!query.action || !READS.has(query.action) || !query.query) return undefined;
  const values: unknown[] = [];
  const param = (v: unknown) => ({ $type: 'Param', value: `${MARK}${values.push(v) - 1}` });

  const filter = (node: unknown, key: string | undefined): unknown => {
    if (node === null) return null;
    if (Array.isArray(node)) return node.map((n) => filter(n, key));
    switch (typeof node) {
      case 'string':
      case 'number':
      case 'boolean':
        return key !== undefined && LITERAL_KEYS.has(key) ? node : param(node);
      case 'object': {
        const o = node as Record<string, unknown>;
        if (typeof o.$type === 'string') return o.$type === 'DateTime' && typeof o.value === 'string' && !(key && LITERAL_KEYS.has(key)) ? param(o.value) : o;
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(o)) out[k] = LITERAL_KEYS.has(k) ? o[k] : filter(o[k], k);
        return out;
      }
      default:
        return node;
    }
  };

  const selection = (q: unknown): unknown => {
    if (!q || typeof q !== 'object') return q;
    const { arguments: args, selection: sel, ...rest } = q as { arguments?: Record<string, unknown>; selection?: Record<string, unknown> };
    const out: Record<string, unknown> = { ...rest };
    if (args) out.arguments = 'where' in args ? { ...args, where: filter(args.where, undefined) } : args;
    if (sel) {
      const s: Record<string, unknown> = {};
      for (const k of Object.keys(sel)) s[k] = sel[k] && typeof sel[k] === 'object' ? selection(sel[k]) : sel[k];
      out.selection = s;
    }
    return out;
  };

  const key = JSON.stringify({ ...query, query: selection(query.query) });
  return values.length ? { key, values } : undefined;
}

/** The compiled plan's JSON cut at its placeholders: parts[0] values[order[0]] parts[1] values[order[1]] … */
function split(plan: Plan): { parts: string[]; order: number[] } | undefined {
  const json = JSON.stringify(plan);
  const parts: string[] = [];
  const order: number[] = [];
  const re = /\{"prisma__type":"param","prisma__value":\{"name":"\\u0000p(\d+)","type":"[^"]*"\}\}/g;
  let last = 0;
  for (let m = re.exec(json); m; m = re.exec(json)) {
    order.push(Number(m[1]));
    parts.push(json.slice(last, m.index));
    last = m.index + m[0].length;
  }
  parts.push(json.slice(last));
  // a placeholder anywhere else in the plan: not understood, keep the values literal
  return parts.some((p) => p.includes('\\u0000p')) ? undefined : { parts, order };
}

function bind(entry: { parts: string[]; order: number[] }, values: unknown[]): Plan {
  let json = entry.parts[0];
  for (let i = 0; i < entry.order.length; i++) json += JSON.stringify(values[entry.order[i]]) + entry.parts[i + 1];
  return JSON.parse(json);
}

type RawQuery = { action?: string; query?: { arguments?: { query?: unknown; parameters?: unknown } } };
type RawPlan = { type: 'query'; args: { type: 'rawSql'; sql: string; args: unknown[]; argTypes: unknown[] } };

/** A raw query's value as it stands in the plan: tagged values (dates, bigints, bytes) by their text. */
function rawArg(v: unknown): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'prisma__value' in v ? (v as { prisma__value: unknown }).prisma__value : v;
}

/** What decides a raw parameter's type in the plan; undefined for what is not cached (lists, big numbers). */
function rawClass(v: unknown): string | undefined {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'string':
      return 's';
    case 'boolean':
      return 'b';
    case 'number':
      return Number.isSafeInteger(v) ? 'i' : Number.isFinite(v) ? 'f' : undefined;
    case 'object': {
      const t = (v as { prisma__type?: unknown }).prisma__type;
      return !Array.isArray(v) && typeof t === 'string' ? `t:${t}` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * `$queryRaw`: its plan is the SQL, the values and their types (derived from each value's kind),
 * yet the compiler is called for it every time (≈ 0,2 ms). The types are kept per SQL text and
 * kinds of values, learnt from the compiler's first plan, and checked against it: a plan that is
 * not exactly what this function would build is never built here.
 */
function rawPlan(this: Compiler, q: RawQuery, original: (this: Compiler, q: string) => Plan, json: string, cache: Map<string, Entry | RawEntry>): Plan | undefined {
  const sql = q.query?.arguments?.query;
  const parameters = q.query?.arguments?.parameters;
  if (typeof sql !== 'string' || typeof parameters !== 'string') return undefined;
  const values = JSON.parse(parameters) as unknown;
  if (!Array.isArray(values)) return undefined;
  const classes = values.map(rawClass);
  if (classes.some((c) => c === undefined)) return undefined;
  const key = `raw\u0000${sql}\u0000${classes.join(',')}`;
  const known = cache.get(key);
  const build = (argTypes: unknown[]): RawPlan => ({ type: 'query', args: { type: 'rawSql', sql, args: values.map(rawArg), argTypes } });
  if (known && 'argTypes' in known) return build(known.argTypes);
  if (known) return original.call(this, json);
  const plan = original.call(this, json) as RawPlan;
  const argTypes = plan?.args?.argTypes;
  const ok = Array.isArray(argTypes) && JSON.stringify(build(argTypes)) === JSON.stringify(plan);
  cache.set(key, ok ? { argTypes } : { literal: true });
  if (cache.size > MAX_SHAPES) cache.delete(cache.keys().next().value!);
  return plan;
}

type RawEntry = { argTypes: unknown[] };

export function cachedCompile(original: (this: Compiler, q: string) => Plan): (this: Compiler, q: string) => Plan {
  const caches = new WeakMap<Compiler, Map<string, Entry | RawEntry>>();
  return function compile(this: Compiler, q: string): Plan {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    let shaped: ReturnType<typeof parameterise>;
    try {
      const query = JSON.parse(q) as RawQuery;
      if (query.action === 'queryRaw') return rawPlan.call(this, query, original, q, cache) ?? original.call(this, q);
      shaped = parameterise(query);
    } catch {
      shaped = undefined;
    }
    if (!shaped) return original.call(this, q);
    let entry = cache.get(shaped.key) as Entry | undefined;
    if (entry) {
      // most recently used last: the oldest shape is the first to go
      cache.delete(shaped.key);
      cache.set(shaped.key, entry);
    } else {
      let cut: ReturnType<typeof split>;
      try {
        cut = split(original.call(this, shaped.key));
      } catch {
        cut = undefined;
      }
      entry = cut ?? { literal: true };
      cache.set(shaped.key, entry);
      if (cache.size > MAX_SHAPES) cache.delete(cache.keys().next().value!);
    }
    return 'parts' in entry ? bind(entry, shaped.values) : original.call(this, q);
  };
}

let installed = false;

/** Puts the cache in front of both providers' compilers (once per process). */
export function installPlanCache(): void {
  if (installed || process.env.PRISMA_PLAN_CACHE === '0') return;
  installed = true;
  for (const runtime of ['@prisma/client/runtime/query_compiler_bg.sqlite.js', '@prisma/client/runtime/query_compiler_bg.postgresql.js']) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(runtime) as { QueryCompiler: { prototype: Compiler } };
    mod.QueryCompiler.prototype.compile = cachedCompile(mod.QueryCompiler.prototype.compile);
  }
}
