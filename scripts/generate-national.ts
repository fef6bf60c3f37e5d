// National-scale data for the benchmark: the 34 provinces of 2025, 1.000 blocs, 10.000 units, five
// years (2022–2026: four closed, the last in scoring after its mid-year review), 40 criteria per
// table, a year's score sheet for every unit (≈ 2 M criterion scores), frozen reviews with their
// results, the blocs' proposals with the board's decisions and 100.000 awards a year in the register.
// Into an EMPTY database (after `npm run db:deploy`), in batched inserts with ids assigned here, so
// the same seed gives the same rows. Never Math.random.
//
//   npm run generate:national                          the database of DATABASE_URL (SQLite or PostgreSQL)
//   NATIONAL_SCALE=0.1 npm run generate:national       a tenth: 100 blocs, 1.000 units, 10.000 awards a year
//   NATIONAL_SEED=7 …                                  another seed (default 2025)
//   NATIONAL_PASSWORD=…                                every account's password (default thidua@demo)
//
// Accounts: `admin`; the board of each province `bantdkt.<province code without hyphens>`; one officer
// per unit whose username is the unit's code (e.g. `nghe-an-k01-03`).
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { hashPassword } from '../src/auth/passwords';
import { isPostgresUrl } from '../src/db/client';
import { searchKeyOf } from '../src/domain/search';
import { bandOf } from '../src/domain/ranking';
import { KIND_LEVEL, REGISTER_KIND_LABELS, type RegisterKind } from '../src/domain/award-register';
import { AWARD_LABELS, type AgencyKind, type AwardKind } from '../src/domain/enums';
import { slugify } from '../src/domain/search';
import { mulberry32, type Rng } from '../src/seed/demo';

// ───────────────────────────── Options ─────────────────────────────

export interface NationalOptions {
  /** 1 = the national figures below; the counts are multiplied (34 provinces at most). */
  scale?: number;
  provinces?: number;
  blocs?: number;
  units?: number;
  /** The years, oldest first; the last is in progress, the others are closed. */
  years?: number[];
  criteria?: number;
  /** Awards in the register per year of `awardYears`, over all the provinces. */
  awardsPerYear?: number;
  awardYears?: number[];
  seed?: number;
  password?: string;
  /** A ready argon2 hash of `password` (the test reuses one; hashing takes a second). */
  passwordHash?: string;
  /** Rows per INSERT batch. */
  batch?: number;
  log?: (msg: string) => void;
}

export const NATIONAL = { provinces: 34, blocs: 1000, units: 10_000, criteria: 40, awardsPerYear: 100_000, years: [2022, 2023, 2024, 2025, 2026] };

export type NationalCounts = Record<string, number>;

// ───────────────────────────── Names ─────────────────────────────

/** The 34 provinces and cities after the 2025 reorganisation (Nghị quyết 202/2025/QH15). */
export const PROVINCES_2025: { name: string; city?: boolean }[] = [
  { name: 'Hà Nội', city: true }, { name: 'Huế', city: true }, { name: 'Lai Châu' }, { name: 'Điện Biên' },
  { name: 'Sơn La' }, { name: 'Lạng Sơn' }, { name: 'Quảng Ninh' }, { name: 'Thanh Hóa' }, { name: 'Nghệ An' },
  { name: 'Hà Tĩnh' }, { name: 'Cao Bằng' }, { name: 'Tuyên Quang' }, { name: 'Lào Cai' }, { name: 'Thái Nguyên' },
  { name: 'Phú Thọ' }, { name: 'Bắc Ninh' }, { name: 'Hưng Yên' }, { name: 'Hải Phòng', city: true },
  { name: 'Ninh Bình' }, { name: 'Quảng Trị' }, { name: 'Đà Nẵng', city: true }, { name: 'Quảng Ngãi' },
  { name: 'Gia Lai' }, { name: 'Khánh Hòa' }, { name: 'Lâm Đồng' }, { name: 'Đắk Lắk' },
  { name: 'Hồ Chí Minh', city: true }, { name: 'Đồng Nai' }, { name: 'Tây Ninh' }, { name: 'Cần Thơ', city: true },
  { name: 'Vĩnh Long' }, { name: 'Đồng Tháp' }, { name: 'Cà Mau' }, { name: 'An Giang' },
];

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];

/** The functional blocs (khối) of a province, each with the units it gathers; `{P}` = "tỉnh X" / "thành phố X". */
const KHOI: { name: string; units: string[] }[] = [
  {
    name: 'Khối thi đua các cơ quan Trung ương {P}',
    units: [
      'Thuế {P}', 'Kho bạc Nhà nước khu vực {R}', 'Thống kê {P}', 'Chi cục Hải quan khu vực {R}', 'Bảo hiểm xã hội {P}',
      'Ngân hàng Nhà nước Chi nhánh Khu vực {N}', 'Chi cục Dự trữ Nhà nước {X}', 'Thi hành án dân sự {P}', 'Cảng vụ Hàng hải {X}',
      'Chi cục Quản lý thị trường {P}', 'Thuế cơ sở 1 {P}', 'Thuế cơ sở 2 {P}', 'Bảo hiểm xã hội cơ sở {X}', 'Trung tâm Lưu trữ quốc gia khu vực {R}',
    ],
  },
  {
    name: 'Khối thi đua các cơ quan Tổng hợp {P}',
    units: [
      'Văn phòng Ủy ban nhân dân {P}', 'Sở Tài chính {P}', 'Sở Nội vụ {P}', 'Sở Tư pháp {P}', 'Thanh tra {P}', 'Văn phòng Đoàn ĐBQH và HĐND {P}',
      'Ban Dân tộc và Tôn giáo {P}', 'Sở Ngoại vụ {P}', 'Ban Quản lý các khu công nghiệp {P}', 'Trung tâm Phục vụ hành chính công {P}',
      'Ban Quản lý dự án đầu tư xây dựng {P}', 'Quỹ Đầu tư phát triển {P}', 'Trung tâm Xúc tiến đầu tư {P}', 'Cục Thi hành án dân sự {P}',
    ],
  },
  {
    name: 'Khối thi đua Kinh tế {P}',
    units: [
      'Sở Công Thương {P}', 'Sở Xây dựng {P}', 'Sở Nông nghiệp và Môi trường {P}', 'Sở Khoa học và Công nghệ {P}', 'Công ty Điện lực {X}',
      'Viettel {X}', 'VNPT {X}', 'Bưu điện {P}', 'Công ty Cấp nước {X}', 'Công ty Xổ số kiến thiết {X}', 'Công ty Môi trường đô thị {X}',
      'Công ty Khai thác công trình thủy lợi {X}', 'Công ty Cổ phần Cảng {X}', 'Công ty Phát triển hạ tầng khu công nghiệp {X}',
    ],
  },
  {
    name: 'Khối thi đua Văn hóa – Xã hội {P}',
    units: [
      'Sở Giáo dục và Đào tạo {P}', 'Sở Y tế {P}', 'Sở Văn hóa, Thể thao và Du lịch {P}', 'Đài Phát thanh và Truyền hình {P}', 'Báo {X}',
      'Trường Đại học {X}', 'Trường Cao đẳng Y tế {X}', 'Bệnh viện Đa khoa {P}', 'Trường Chính trị {P}', 'Thư viện {P}', 'Bảo tàng {P}',
      'Trung tâm Kiểm soát bệnh tật {P}', 'Nhà hát Ca múa nhạc {X}', 'Trường Cao đẳng Nghề {X}',
    ],
  },
  {
    name: 'Khối thi đua Nội chính {P}',
    units: [
      'Công an {P}', 'Bộ Chỉ huy Quân sự {P}', 'Bộ Chỉ huy Bộ đội Biên phòng {P}', 'Tòa án nhân dân {P}', 'Viện Kiểm sát nhân dân {P}',
      'Ban Nội chính Tỉnh ủy {X}', 'Ủy ban Kiểm tra Tỉnh ủy {X}', 'Đoàn Luật sư {P}', 'Hội Luật gia {P}', 'Sở Tư pháp — Phòng Công chứng số 1 {P}',
      'Trại giam {X}', 'Trung tâm Trợ giúp pháp lý nhà nước {P}', 'Cơ quan Thanh tra — Giám sát ngân hàng {P}', 'Phòng Cảnh sát PCCC {P}',
    ],
  },
  {
    name: 'Khối thi đua các Ngân hàng thương mại {P}',
    units: [
      'Agribank Chi nhánh {X}', 'Vietcombank Chi nhánh {X}', 'VietinBank Chi nhánh {X}', 'BIDV Chi nhánh {X}', 'Ngân hàng Chính sách xã hội Chi nhánh {X}',
      'Ngân hàng Phát triển Chi nhánh {X}', 'Sacombank Chi nhánh {X}', 'Techcombank Chi nhánh {X}', 'MB Chi nhánh {X}', 'ACB Chi nhánh {X}',
      'SHB Chi nhánh {X}', 'VPBank Chi nhánh {X}', 'LPBank Chi nhánh {X}', 'Quỹ Tín dụng nhân dân {X}',
    ],
  },
];

const SYLLABLES = [
  'An', 'Bình', 'Hòa', 'Phú', 'Thạnh', 'Tân', 'Hưng', 'Long', 'Phước', 'Thuận', 'Minh', 'Đông', 'Tây', 'Nam', 'Bắc', 'Trung', 'Quang',
  'Thành', 'Vĩnh', 'Xuân', 'Hồng', 'Kim', 'Ngọc', 'Lạc', 'Yên', 'Thịnh', 'Hải', 'Sơn', 'Lâm', 'Đức', 'Phong', 'Mỹ', 'Lợi', 'Định', 'Khánh',
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Ngọc', 'Quốc', 'Thu', 'Hoàng', 'Xuân', 'Kim', 'Anh', 'Hải'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phương', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Vân', 'Việt', 'Yến'];

const GROUPS = ['Thực hiện nhiệm vụ chính trị, chuyên môn', 'Xây dựng cơ quan, đơn vị', 'Công tác thi đua, khen thưởng', 'Công tác Đảng, đoàn thể', 'Hoạt động chung của Khối'];

// Register kinds imported from the boards' own lists, with their weights and subject.
const IMPORTED: { kind: RegisterKind; weight: number; person: boolean }[] = [
  { kind: 'LDTT', weight: 50, person: true },
  { kind: 'CSTDCS', weight: 18, person: true },
  { kind: 'TTLDTT', weight: 10, person: false },
  { kind: 'BANG_KHEN_TINH', weight: 8, person: true },
  { kind: 'TTLDXS', weight: 4, person: false },
  { kind: 'BANG_KHEN_BO', weight: 4, person: true },
  { kind: 'CSTD_TINH', weight: 3, person: true },
  { kind: 'BANG_KHEN_TTG', weight: 2, person: true },
  { kind: 'CSTD_TOAN_QUOC', weight: 0.5, person: true },
  { kind: 'HUAN_CHUONG_LD', weight: 0.5, person: false },
];

// ───────────────────────────── Seeded randomness ─────────────────────────────

/** mulberry32 from a label and the seed (FNV-1a): each purpose has its own stream, stable under changes elsewhere. */
export function rngFor(seed: number, label: string): Rng {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mulberry32(h);
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const intBetween = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

export const slug = slugify;

function kindOf(name: string): AgencyKind {
  if (/^Thuế/.test(name)) return 'TAX';
  if (/^Kho bạc/.test(name)) return 'TREASURY';
  if (/^Thống kê/.test(name)) return 'STATISTICS';
  if (/Hải quan/.test(name)) return 'CUSTOMS';
  if (/^Bảo hiểm xã hội/.test(name)) return 'SOCIAL_INSURANCE';
  if (/^Ngân hàng Nhà nước/.test(name)) return 'STATE_BANK';
  if (/Quản lý thị trường/.test(name)) return 'MARKET';
  if (/Dự trữ/.test(name)) return 'RESERVE';
  return 'OTHER';
}

/** A calendar day at 12:00 UTC (the same day in Vietnam and in UTC), like the demo's dates. */
const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 12));

// ───────────────────────────── Batched writer ─────────────────────────────
// Raw multi-row INSERTs on the driver the portal uses (better-sqlite3, pg), not Prisma's createMany:
// Prisma wrote ~2.500 rows/s here (one statement and commit per small chunk), too slow for 3 M rows.
// So what the portal's client would fill by itself is filled here: the searchKey columns (the same
// searchKeyOf as src/db/search-keys.ts), createdAt/updatedAt, the SQLite text format of dates.

type Row = Record<string, unknown>;

/** The tables in the order their rows may be written: every foreign key points to an earlier one. */
const TABLE_ORDER = [
  'Province', 'ProvinceName', 'ProvinceRuleSet', 'Agency', 'AgencyVersion', 'User', 'RoleAssignment', 'Bloc', 'BlocVersion', 'BlocYear',
  'Membership', 'Registration', 'Pledge', 'PledgeSignature', 'CriteriaTable', 'CriteriaGroup', 'Criterion', 'ScoreSheet', 'ScoreEntry',
  'Review', 'ReviewResult', 'AwardProposal', 'AwardRecord',
] as const;
type Table = (typeof TABLE_ORDER)[number];

/** Columns Prisma fills with the time of the write (@default(now()), @updatedAt follows createdAt). */
const DEFAULT_NOW = ['createdAt', 'passwordChangedAt', 'joinedAt', 'signedAt'];

/** The folded search key of the models that have one (fields as in src/db/search-keys.ts). */
const SEARCH_KEY: Partial<Record<Table, (r: Row) => string>> = {
  User: (r) => searchKeyOf(r.username as string, r.fullName as string),
  AgencyVersion: (r) => searchKeyOf(r.name as string, (r.shortName as string) ?? ''),
  BlocVersion: (r) => searchKeyOf(r.name as string),
  AwardRecord: (r) => searchKeyOf(r.subjectName as string, r.awardTitle as string, (r.decisionNumber as string) ?? ''),
};

interface Sink {
  readonly provider: 'sqlite' | 'postgres';
  columns(table: Table): Promise<Set<string>>;
  count(sql: string): Promise<number>;
  /** Rows with the same columns, in one transaction. */
  insert(table: Table, columns: string[], rows: unknown[][]): Promise<void>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

class SqliteSink implements Sink {
  readonly provider = 'sqlite' as const;
  readonly #db: Sqlite.Database;
  readonly #statements = new Map<string, Sqlite.Statement>();
  constructor(file: string) {
    this.#db = new Sqlite(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 10000');
  }
  async columns(table: Table) {
    return new Set((this.#db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
  }
  async count(sql: string) {
    return Number(Object.values(this.#db.prepare(sql).get() as Row)[0]);
  }
  async insert(table: Table, columns: string[], rows: unknown[][]) {
    const key = `${table}(${columns.join(',')})`;
    let st = this.#statements.get(key);
    if (!st) {
      st = this.#db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      this.#statements.set(key, st);
    }
    const run = st;
    const convert = (v: unknown) => (v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? (v ? 1 : 0) : v);
    this.#db.transaction(() => {
      for (const r of rows) run.run(r.map(convert));
    })();
  }
  async finish() {
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.exec('ANALYZE');
  }
  async close() {
    this.#db.close();
  }
}

class PgSink implements Sink {
  readonly provider = 'postgres' as const;
  readonly #client: pg.Client;
  #connected: Promise<unknown>;
  constructor(url: string) {
    this.#client = new pg.Client({ connectionString: url });
    this.#connected = this.#client.connect();
  }
  async #query(sql: string, params?: unknown[]) {
    await this.#connected;
    return this.#client.query(sql, params);
  }
  async columns(table: Table) {
    const res = await this.#query(`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`, [table]);
    return new Set(res.rows.map((r: { column_name: string }) => r.column_name));
  }
  async count(sql: string) {
    return Number(Object.values((await this.#query(sql)).rows[0] as Row)[0]);
  }
  async insert(table: Table, columns: string[], rows: unknown[][]) {
    const per = Math.max(1, Math.floor(60_000 / columns.length)); // at most 65.535 parameters a statement
    const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
    // a timestamp without time zone ignores the "Z": the value stored is the UTC time, as Prisma stores it
    const convert = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
    await this.#query('BEGIN');
    try {
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const params: unknown[] = [];
        const values = chunk.map((r) => `(${r.map((v) => (params.push(convert(v)), `$${params.length}`)).join(', ')})`);
        await this.#query(head + values.join(', '), params);
      }
      await this.#query('COMMIT');
    } catch (e) {
      await this.#query('ROLLBACK');
      throw e;
    }
  }
  /** Ids were written explicitly: each sequence moves past the largest one; then fresh statistics. */
  async finish() {
    const res = await this.#query(`SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND column_default LIKE 'nextval%'`);
    for (const { table_name } of res.rows as { table_name: string }[]) {
      await this.#query(`SELECT setval(pg_get_serial_sequence('"${table_name}"', 'id'), COALESCE((SELECT MAX(id) FROM "${table_name}"), 0) + 1, false)`);
    }
    await this.#query('ANALYZE');
  }
  async close() {
    await this.#client.end();
  }
}

/** Rows buffered per table, written parent tables first whenever one buffer is full. */
class Writer {
  readonly #rows = new Map<Table, Row[]>();
  readonly #columns = new Map<Table, Set<string>>();
  readonly #next = new Map<Table, number>();
  readonly counts: NationalCounts = {};
  #written = 0;
  #lastLog = Date.now();

  constructor(
    private readonly sink: Sink,
    private readonly batch: number,
    private readonly stamp: Date,
    private readonly log: (msg: string) => void,
  ) {}

  /** The next id of a table: ids are assigned here, in order, from 1 (the database is empty). */
  id(table: Table): number {
    const n = (this.#next.get(table) ?? 0) + 1;
    this.#next.set(table, n);
    return n;
  }

  async add(table: Table, row: Row): Promise<void> {
    let rows = this.#rows.get(table);
    if (!rows) this.#rows.set(table, (rows = []));
    rows.push(row);
    if (rows.length >= this.batch) await this.flush();
  }

  /** Every buffer, parents before children. */
  async flush(): Promise<void> {
    for (const table of TABLE_ORDER) {
      const rows = this.#rows.get(table);
      if (!rows?.length) continue;
      this.#rows.set(table, []);
      let known = this.#columns.get(table);
      if (!known) this.#columns.set(table, (known = await this.sink.columns(table)));
      const key = SEARCH_KEY[table];
      // rows of one table may leave out different optional columns: one INSERT per shape
      const shapes = new Map<string, { columns: string[]; rows: unknown[][] }>();
      for (const r of rows) {
        const full: Row = { ...r };
        if (key) full.searchKey = key(r);
        for (const c of DEFAULT_NOW) if (known.has(c) && full[c] === undefined) full[c] = this.stamp;
        if (known.has('updatedAt') && full.updatedAt === undefined) full.updatedAt = full.createdAt ?? this.stamp;
        for (const c of Object.keys(full)) if (!known.has(c)) throw new Error(`${table}.${c}: no such column`);
        const columns = Object.keys(full).filter((c) => full[c] !== undefined);
        const sig = columns.join(',');
        let shape = shapes.get(sig);
        if (!shape) shapes.set(sig, (shape = { columns, rows: [] }));
        shape.rows.push(columns.map((c) => full[c]));
      }
      for (const shape of shapes.values()) await this.sink.insert(table, shape.columns, shape.rows);
      this.counts[table] = (this.counts[table] ?? 0) + rows.length;
      this.#written += rows.length;
    }
    if (Date.now() - this.#lastLog > 5000) {
      this.#lastLog = Date.now();
      this.log(`  … ${this.#written.toLocaleString('vi-VN')} dòng đã ghi`);
    }
  }
}

// ───────────────────────────── The generator ─────────────────────────────

type Unit = { id: number; versionId: number; userId: number; name: string; kind: AgencyKind; code: string };
type BlocPlan = { id: number; provinceIndex: number; name: string; units: Unit[] };

function resolveOptions(o: NationalOptions) {
  const scale = o.scale ?? 1;
  const blocs = o.blocs ?? Math.max(1, Math.round(NATIONAL.blocs * scale));
  const provinces = Math.min(o.provinces ?? NATIONAL.provinces, blocs, PROVINCES_2025.length);
  const units = o.units ?? Math.max(blocs * 4, Math.round(NATIONAL.units * scale));
  if (units < blocs * 4 || units > blocs * 14) throw new Error(`${units} đơn vị không chia được vào ${blocs} khối (4–14 đơn vị một khối).`);
  return {
    provinces,
    blocs,
    units,
    years: o.years ?? NATIONAL.years,
    criteria: o.criteria ?? NATIONAL.criteria,
    awardsPerYear: o.awardsPerYear ?? Math.round(NATIONAL.awardsPerYear * scale),
    awardYears: o.awardYears ?? o.years ?? NATIONAL.years,
    seed: o.seed ?? 2025,
    batch: o.batch ?? 2000,
    log: o.log ?? (() => {}),
  };
}

/** Bloc sizes between 4 and 14 (mostly 6–14) adding up to `units`. */
function blocSizes(rng: Rng, blocs: number, units: number): number[] {
  const sizes = Array.from({ length: blocs }, () => intBetween(rng, 6, 14));
  let diff = units - sizes.reduce((a, b) => a + b, 0);
  while (diff !== 0) {
    const i = Math.floor(rng() * blocs);
    if (diff > 0 && sizes[i] < 14) (sizes[i]++, diff--);
    else if (diff < 0 && sizes[i] > 4) (sizes[i]--, diff++);
  }
  return sizes;
}

/** Fills the empty, migrated database at `url` (file:… or postgresql://…); returns the rows written per table. */
export async function generateNational(url: string, options: NationalOptions = {}): Promise<NationalCounts> {
  const sink: Sink = isPostgresUrl(url) ? new PgSink(url) : new SqliteSink(url.replace(/^file:/, '').replace(/\?.*$/, ''));
  try {
    return await generate(sink, options);
  } finally {
    await sink.close();
  }
}

async function generate(sink: Sink, options: NationalOptions): Promise<NationalCounts> {
  const o = resolveOptions(options);
  const used = (await sink.count('SELECT COUNT(*) AS n FROM "Province"')) + (await sink.count('SELECT COUNT(*) AS n FROM "User"'));
  if (used > 0) throw new Error('Cơ sở dữ liệu đã có dữ liệu: bộ dữ liệu toàn quốc chỉ nạp vào cơ sở dữ liệu trống.');
  const current = o.years[o.years.length - 1];
  const since = day(o.years[0] - 1, 1, 1);
  // rows with no date of their own are stamped with the first day of the current year, not "now": reproducible
  const w = new Writer(sink, o.batch, day(current, 1, 1), o.log);
  const hash = options.passwordHash ?? (await hashPassword(options.password ?? 'thidua@demo'));

  // Provinces, their 2025 names, rule sets, boards.
  o.log(`Tỉnh, thành phố: ${o.provinces}; khối: ${o.blocs}; đơn vị: ${o.units}; năm ${o.years.join(', ')}; ${o.criteria} tiêu chí; ${o.awardsPerYear} khen thưởng/năm (hạt giống ${o.seed})`);
  await w.add('User', { id: w.id('User'), username: 'admin', fullName: 'Quản trị hệ thống', jobTitle: 'Quản trị hệ thống', passwordHash: hash });
  await w.add('RoleAssignment', { id: w.id('RoleAssignment'), userId: 1, role: 'ADMIN' });
  const provinces = PROVINCES_2025.slice(0, o.provinces).map((p) => ({ ...p, code: slug(p.name), label: `${p.city ? 'thành phố' : 'tỉnh'} ${p.name}` }));
  const provinceIds: number[] = [];
  for (const p of provinces) {
    const id = w.id('Province');
    provinceIds.push(id);
    await w.add('Province', { id, code: p.code, name: p.name, validFrom: day(2025, 7, 1) });
    await w.add('ProvinceName', { id: w.id('ProvinceName'), provinceId: id, name: p.name, validFrom: day(2025, 7, 1), legalBasis: 'Nghị quyết số 202/2025/QH15 của Quốc hội' });
    for (const year of o.years) await w.add('ProvinceRuleSet', { id: w.id('ProvinceRuleSet'), provinceId: id, year, legalBasis: 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP' });
    const userId = w.id('User');
    await w.add('User', { id: userId, username: `bantdkt.${p.code.replace(/-/g, '')}`, fullName: `Ban Thi đua – Khen thưởng ${p.label}`, jobTitle: 'Chuyên viên', passwordHash: hash });
    await w.add('RoleAssignment', { id: w.id('RoleAssignment'), userId, role: 'BOARD', provinceId: id });
  }

  // Blocs and their units: blocs spread over the provinces in turn, the first of each province's
  // blocs functional (khối), the others territorial (cụm) of communes and wards.
  const sizes = blocSizes(rngFor(o.seed, 'sizes'), o.blocs, o.units);
  const perProvince = provinces.map(() => 0);
  const plans: BlocPlan[] = [];
  const usedNames = provinces.map(() => new Set<string>());
  for (let b = 0; b < o.blocs; b++) {
    const pi = b % o.provinces;
    const k = perProvince[pi]++;
    const p = provinces[pi];
    const rng = rngFor(o.seed, `bloc:${b}`);
    const khoi = k < KHOI.length ? KHOI[k] : undefined;
    const blocName = khoi ? khoi.name.replace('{P}', p.label) : `Cụm thi đua số ${k - KHOI.length + 1} ${p.label}`;
    const blocId = w.id('Bloc');
    const code = `${p.code}-k${String(k + 1).padStart(2, '0')}`;
    await w.add('Bloc', { id: blocId, provinceId: provinceIds[pi], code, kind: khoi ? 'KHOI' : 'CUM', createdAt: since });
    await w.add('BlocVersion', { id: w.id('BlocVersion'), blocId, name: blocName, decision: `${intBetween(rng, 100, 3000)}/QĐ-UBND`, validFrom: since });
    const units: Unit[] = [];
    for (let i = 0; i < sizes[b]; i++) {
      let name: string;
      if (khoi) {
        name = khoi.units[i % khoi.units.length]
          .replace('{P}', p.label)
          .replace('{R}', ROMAN[intBetween(rng, 0, ROMAN.length - 1)])
          .replace('{N}', String(intBetween(rng, 1, 15)))
          .replace('{X}', p.name);
      } else {
        const ward = rng() < 0.3 ? 'phường' : 'xã';
        name = `Ủy ban nhân dân ${ward} ${pick(rng, SYLLABLES)} ${pick(rng, SYLLABLES)}`;
      }
      for (let n = 2; usedNames[pi].has(name); n++) name = `${name.replace(/ \(\d+\)$/, '')} (${n})`;
      usedNames[pi].add(name);
      const id = w.id('Agency');
      const versionId = w.id('AgencyVersion');
      const userId = w.id('User');
      const unitCode = `${code}-${String(i + 1).padStart(2, '0')}`;
      const kind = kindOf(name);
      await w.add('Agency', { id, provinceId: provinceIds[pi], code: unitCode, kind, createdAt: since });
      await w.add('AgencyVersion', { id: versionId, agencyId: id, name, parentBody: kind === 'OTHER' ? `Ủy ban nhân dân ${p.label}` : 'Bộ Tài chính', area: p.name, validFrom: since });
      const person = `${pick(rng, FAMILY)} ${pick(rng, MIDDLE)} ${pick(rng, GIVEN)}`;
      await w.add('User', { id: userId, username: unitCode, fullName: person, jobTitle: 'Cán bộ phụ trách thi đua', passwordHash: hash });
      await w.add('RoleAssignment', { id: w.id('RoleAssignment'), userId, role: 'UNIT_OFFICER', agencyId: id });
      units.push({ id, versionId, userId, name, kind, code: unitCode });
    }
    plans.push({ id: blocId, provinceIndex: pi, name: blocName, units });
  }
  await w.flush();
  o.log(`Đã tạo ${o.provinces} tỉnh, ${o.blocs} khối, ${o.units} đơn vị và ${w.counts.User} tài khoản.`);

  // Years: closed ones with their year-end sheets, review and decided proposals; the last in scoring
  // with its mid-year sheets and frozen mid-year review.
  const proposalsByProvinceYear = new Map<string, { id: number; kind: AwardKind; unit: Unit; blocId: number; number: string; date: Date }[]>();
  for (const [yi, year] of o.years.entries()) {
    const closed = year !== current;
    const t0 = Date.now();
    for (const bloc of plans) {
      const rng = rngFor(o.seed, `year:${year}:${bloc.id}`);
      const n = bloc.units.length;
      const head = bloc.units[yi % n];
      const deputy = bloc.units[(yi + 1) % n];
      const blocYearId = w.id('BlocYear');
      await w.add('BlocYear', {
        id: blocYearId, blocId: bloc.id, year, phase: closed ? 'CLOSED' : 'SCORING', theme: 'Đoàn kết, sáng tạo, thi đua hoàn thành xuất sắc nhiệm vụ',
        headAgencyId: head.id, deputyAgencyId: deputy.id, handoverMethod: closed ? 'ROTATION' : '',
        nextHeadAgencyId: closed ? bloc.units[(yi + 1) % n].id : null, nextDeputyAgencyId: closed ? bloc.units[(yi + 2) % n].id : null,
        registrationDue: day(year, 2, 15), pledgeDue: day(year, 3, 1), criteriaDue: day(year, 3, 15), midYearReviewDue: day(year, 7, 15),
        selfScoreDue: day(year, 12, 5), appealUntil: day(year, 12, 10), yearEndReviewDue: day(year, 12, 20),
        openedAt: day(year, 1, 10), closedAt: closed ? day(year, 12, 28) : null, closedById: closed ? head.userId : null,
        createdAt: day(year, 1, 5),
      });
      for (const [i, u] of bloc.units.entries()) {
        await w.add('Membership', { id: w.id('Membership'), blocYearId, agencyId: u.id, agencyVersionId: u.versionId, sortOrder: i, rotationOrder: i + 1, joinedAt: day(year, 1, 5) });
      }
      for (const u of bloc.units) {
        const status = closed || rng() < 0.9 ? 'ACCEPTED' : 'SUBMITTED';
        const staff = intBetween(rng, 15, 200);
        await w.add('Registration', {
          id: w.id('Registration'), blocYearId, agencyId: u.id, collectiveTitle: 'TTLDXS', awardAims: rng() < 0.3 ? 'CO_TINH,BANG_KHEN_TINH' : 'BANG_KHEN_TINH',
          targets: 'Hoàn thành xuất sắc nhiệm vụ được giao', staffCount: staff, countLdtt: Math.round(staff * 0.8), countCstdcs: Math.round(staff * 0.12),
          status, submittedAt: day(year, 2, intBetween(rng, 1, 14)), submittedById: u.userId, reviewedAt: status === 'ACCEPTED' ? day(year, 2, 20) : null, reviewedById: status === 'ACCEPTED' ? head.userId : null,
        });
      }
      const pledgeId = w.id('Pledge');
      await w.add('Pledge', { id: pledgeId, blocYearId, body: `Các đơn vị thành viên ${bloc.name} cam kết thi đua hoàn thành xuất sắc nhiệm vụ năm ${year}.`, targets: 'Hoàn thành 100% chỉ tiêu được giao', publishedAt: day(year, 2, 25), publishedById: head.userId });
      for (const u of bloc.units) {
        if (!closed && rng() < 0.05) continue;
        await w.add('PledgeSignature', { id: w.id('PledgeSignature'), pledgeId, agencyId: u.id, signedById: u.userId, signerName: `Thủ trưởng ${u.name}`, signerTitle: 'Thủ trưởng đơn vị', signedAt: day(year, 2, 28) });
      }

      // The year's criteria table: groups of equal points adding up to 100.
      const tableId = w.id('CriteriaTable');
      await w.add('CriteriaTable', { id: tableId, blocYearId, name: `Bảng tiêu chí chấm điểm thi đua năm ${year}`, lockedAt: day(year, 3, 20) });
      const groups = Math.min(GROUPS.length, Math.max(1, Math.ceil(o.criteria / 8)));
      const criteria: { id: number; group: number; max: number }[] = [];
      const base = Math.floor(10000 / o.criteria / 50) * 50;
      let left = 10000;
      const groupIds: number[] = [];
      for (let g = 0; g < groups; g++) {
        const gid = w.id('CriteriaGroup');
        groupIds.push(gid);
        await w.add('CriteriaGroup', { id: gid, tableId, sortOrder: g, code: ROMAN[g], name: GROUPS[g], isCoreTask: g === 0 });
      }
      for (let c = 0; c < o.criteria; c++) {
        const g = Math.min(groups - 1, Math.floor((c * groups) / o.criteria));
        const max = c === o.criteria - 1 ? left : base;
        left -= max;
        const id = w.id('Criterion');
        criteria.push({ id, group: g, max });
        await w.add('Criterion', { id, tableId, groupId: groupIds[g], sortOrder: c, code: `${g + 1}.${c + 1}`, name: `Tiêu chí ${c + 1}: ${GROUPS[g].toLowerCase()} — nội dung ${c + 1}`, maxCenti: max, stepCenti: 50 });
      }

      // One reviewed sheet per unit: year-end for a closed year, mid-year for the current one.
      const period = closed ? 'YEAR_END' : 'MID_YEAR';
      const totals: { unit: Unit; total: number; core: number }[] = [];
      for (const u of bloc.units) {
        const sheetId = w.id('ScoreSheet');
        const strength = 0.8 + rng() * 0.2;
        const when = closed ? day(year, 12, 15) : day(year, 7, 5);
        await w.add('ScoreSheet', { id: sheetId, blocYearId, agencyId: u.id, period, status: 'ACCEPTED', submittedAt: when, submittedById: u.userId, reviewedAt: when, reviewedById: head.userId });
        let total = 0;
        let core = 0;
        for (const c of criteria) {
          const self = Math.min(c.max, Math.round((c.max * Math.min(1, strength + rng() * 0.1)) / 50) * 50);
          const reviewed = rng() < 0.1 ? Math.max(0, self - 50) : self;
          total += reviewed;
          if (c.group === 0) core += reviewed;
          await w.add('ScoreEntry', { id: w.id('ScoreEntry'), sheetId, criterionId: c.id, selfCenti: self, reviewedCenti: reviewed, status: reviewed === self ? 'AGREED' : 'CHANGED', reviewReason: reviewed === self ? '' : 'Minh chứng chưa đầy đủ' });
        }
        totals.push({ unit: u, total, core });
      }
      const reviewId = w.id('Review');
      await w.add('Review', {
        id: reviewId, blocYearId, kind: period, heldAt: closed ? day(year, 12, 18) : day(year, 7, 12), place: `Hội trường ${head.name}`, chairName: `Thủ trưởng ${head.name}`,
        membersTotal: n, membersPresent: n, summary: `Hội nghị ${closed ? 'tổng kết' : 'sơ kết 6 tháng'} công tác thi đua năm ${year} của ${bloc.name}.`, frozenAt: closed ? day(year, 12, 18) : day(year, 7, 12), frozenById: head.userId,
      });
      totals.sort((a, b) => b.total - a.total || b.core - a.core || a.unit.id - b.unit.id);
      for (const [r, t] of totals.entries()) {
        await w.add('ReviewResult', { id: w.id('ReviewResult'), reviewId, agencyId: t.unit.id, agencyName: t.unit.name, baseCenti: t.total, bonusCenti: 0, deductionCenti: 0, totalCenti: t.total, coreGroupCenti: t.core, rank: r + 1, band: bandOf(t.total) });
      }

      // A closed year's proposals: the flag for the first, the province's certificate of merit for the
      // next two; decided early next year, except the last closed year's, partly still waiting.
      if (closed) {
        const lastClosed = yi === o.years.length - 2;
        const pi = bloc.provinceIndex;
        const proposals: [AwardKind, Unit][] = [['CO_TINH', totals[0].unit], ['BANG_KHEN_TINH', totals[1].unit], ['BANG_KHEN_TINH', totals[2 % n].unit]];
        if (bloc.id % 5 === 0) proposals.push(['CO_CHINH_PHU', totals[0].unit]);
        const seen = new Set<string>();
        for (const [kind, unit] of proposals) {
          if (seen.has(`${kind}:${unit.id}`)) continue;
          seen.add(`${kind}:${unit.id}`);
          const id = w.id('AwardProposal');
          const waiting = lastClosed && rng() < 0.35;
          const rejected = !waiting && rng() < 0.05;
          const number = waiting ? '' : `${intBetween(rng, 100, 900)}/QĐ-UBND`;
          const date = day(year + 1, intBetween(rng, 1, 3), intBetween(rng, 1, 28));
          await w.add('AwardProposal', {
            id, blocYearId, awardKind: kind, agencyId: unit.id, status: waiting ? 'SENT' : rejected ? 'REJECTED' : 'APPROVED', achievements: `Báo cáo thành tích năm ${year} của ${unit.name}.`,
            sentAt: day(year, 12, 26), sentById: head.userId, decisionNumber: number, decisionDate: waiting ? null : date, decisionOutcome: waiting ? '' : rejected ? 'REJECTED' : 'APPROVED',
            decisionSigner: waiting ? '' : 'Chủ tịch Ủy ban nhân dân', decidedById: null,
          });
          if (!waiting && !rejected) {
            const key = `${pi}:${year}`;
            if (!proposalsByProvinceYear.has(key)) proposalsByProvinceYear.set(key, []);
            proposalsByProvinceYear.get(key)!.push({ id, kind, unit, blocId: bloc.id, number, date });
          }
        }
      }
    }
    await w.flush();
    o.log(`Năm ${year}: ${plans.length} khối, ${w.counts.ScoreEntry?.toLocaleString('vi-VN') ?? 0} điểm tiêu chí đến nay — ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  // The register: each approved proposal's row, then the awards decided outside the portal imported
  // from the boards' lists, spread over the provinces by their number of units.
  const unitsByProvince = provinces.map((_, pi) => plans.filter((b) => b.provinceIndex === pi));
  const weightTotal = IMPORTED.reduce((a, k) => a + k.weight, 0);
  for (const year of o.awardYears) {
    const t0 = Date.now();
    let written = 0;
    for (let pi = 0; pi < provinces.length; pi++) {
      for (const p of proposalsByProvinceYear.get(`${pi}:${year}`) ?? []) {
        if (written >= o.awardsPerYear) break;
        written++;
        await w.add('AwardRecord', {
          id: w.id('AwardRecord'), provinceId: provinceIds[pi], year, awardKind: p.kind, awardTitle: AWARD_LABELS[p.kind], level: KIND_LEVEL[p.kind], subjectKind: 'UNIT', agencyId: p.unit.id,
          subjectName: p.unit.name, agencyKind: p.unit.kind, blocId: p.blocId, decisionNumber: p.number, decisionDate: p.date, source: 'PORTAL', proposalId: p.id,
        });
      }
    }
    const left = o.awardsPerYear - written;
    const provinceUnits = unitsByProvince.map((bs) => bs.reduce((a, b) => a + b.units.length, 0));
    const totalUnits = provinceUnits.reduce((a, b) => a + b, 0);
    let given = 0;
    for (let pi = 0; pi < provinces.length; pi++) {
      const share = pi === provinces.length - 1 ? left - given : Math.round((left * provinceUnits[pi]) / totalUnits);
      given += share;
      const rng = rngFor(o.seed, `awards:${year}:${pi}`);
      const blocs = unitsByProvince[pi];
      // a list of about 200 awards per decision, numbered in the province's register of that year
      for (let i = 0; i < share; i++) {
        let r = rng() * weightTotal;
        const kind = IMPORTED.find((k) => (r -= k.weight) < 0) ?? IMPORTED[0];
        const bloc = pick(rng, blocs);
        const unit = pick(rng, bloc.units);
        const decision = Math.floor(i / 200);
        await w.add('AwardRecord', {
          id: w.id('AwardRecord'), provinceId: provinceIds[pi], year, awardKind: kind.kind, awardTitle: REGISTER_KIND_LABELS[kind.kind], level: KIND_LEVEL[kind.kind],
          subjectKind: kind.person ? 'PERSON' : 'UNIT', agencyId: unit.id,
          subjectName: kind.person ? `${pick(rng, FAMILY)} ${pick(rng, MIDDLE)} ${pick(rng, GIVEN)}` : unit.name, agencyKind: unit.kind, blocId: bloc.id,
          decisionNumber: `${1000 + decision}/QĐ-${kind.kind === 'BANG_KHEN_BO' ? 'BTC' : 'UBND'}`, decisionDate: day(year === current ? year : year + 1, 1 + (decision % 11), 1 + (decision % 27)), source: 'IMPORT',
        });
      }
    }
    await w.flush();
    o.log(`Sổ khen thưởng năm ${year}: ${o.awardsPerYear.toLocaleString('vi-VN')} dòng — ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  await w.flush();
  await sink.finish();
  return w.counts;
}

// ───────────────────────────── Command line ─────────────────────────────

async function main() {
  const url = process.env.DATABASE_URL ?? 'file:./data/thidua.db';
  const scale = Number(process.env.NATIONAL_SCALE ?? 1);
  if (!(scale > 0 && scale <= 1)) throw new Error('NATIONAL_SCALE phải trong khoảng (0; 1].');
  const t0 = Date.now();
  const counts = await generateNational(url, {
      scale,
      seed: Number(process.env.NATIONAL_SEED ?? 2025),
      password: process.env.NATIONAL_PASSWORD ?? 'thidua@demo',
    log: (m) => console.log(m),
  });
  console.log(`Xong trong ${((Date.now() - t0) / 1000).toFixed(1)} s (${isPostgresUrl(url) ? 'PostgreSQL' : 'SQLite'}):`);
  for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(16)} ${n.toLocaleString('vi-VN')}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
