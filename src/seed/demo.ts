// Demo data: the real blocs of demo-blocs.ts with plausible registrations, pledges, criteria,
// scores, reviews and proposals, so every page of the portal has something true-looking to show.
// Everything is derived from fixed seeds (never Math.random): two runs give the same database.
import { sheetTotals } from '../domain/scoring';
import { rankUnits, bandOf } from '../domain/ranking';
import type { AgencyKind } from '../domain/enums';
import { hashPassword } from '../auth/passwords';
import type { Db, Tx } from '../db/client';
import { DEMO_BLOCS, type DemoBloc, type DemoBlocYear } from './demo-blocs';
import { seedCurrentYear } from './current-year';
import { backfillSearchKeys } from '../db/search-keys';
import { syncRegister } from '../modules/province-view/register';
import { issueMidYearMinutes, issuePledgeIfSigned, issueProposalDossier, issueYearEndMinutes, systemYear } from '../modules/documents/issue';
import { slugify } from '../domain/search';

// ───────────────────────────── Constants ─────────────────────────────

const LEGAL_BASIS = 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP';
const DEFAULT_THEME = 'Đoàn kết, sáng tạo, thi đua xây dựng và bảo vệ Tổ quốc';
const TEMPLATE_NAME = 'Bảng tiêu chí chấm điểm thi đua khối (mẫu)';
// Default bands on a 100 base (DOMAIN.md); the rule sets created below carry the same defaults.
const HASH_BATCH = 4; // argon2 runs on libuv's 4 worker threads

// The published decisions of the provincial Chairman we know of (Nghệ An, flags for 2019).
const BOARD_DECISIONS: Record<string, { number: string; date: string }> = {
  'nghe-an:2019': { number: '215/QĐ-UBND', date: '2020-02-10' },
};

// The 2025 reorganisation shown on one agency: same identity, a new dated name.
const RENAMED_2025: Record<string, { name: string; parentBody: string }> = {
  'Cục Thuế Nghệ An': { name: 'Thuế tỉnh Nghệ An', parentBody: 'Cục Thuế, Bộ Tài chính' },
};

// ───────────────────────────── Small helpers ─────────────────────────────

/** A calendar day stored at 12:00 UTC, so it shows as the same day in Vietnam (UTC+7) and in UTC. */
function day(year: number, month: number, dayOfMonth: number): Date {
  return new Date(Date.UTC(year, month - 1, dayOfMonth, 12));
}

function parseDay(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return day(y, m, d);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

function addMonths(date: Date, months: number): Date {
  const out = new Date(date.getTime());
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

export { slugify };

/** Points in Vietnamese format: 9850 → "98,5". */
function formatPoints(centi: number): string {
  return (centi / 100).toLocaleString('vi-VN', { maximumFractionDigits: 2 });
}

function formatDayVi(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${date.getUTCFullYear()}`;
}

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for demo data, and reproducible. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One generator per purpose, seeded from a label (FNV-1a): adding a bloc or a criterion changes
 * only the numbers that depend on it instead of shifting every later draw.
 */
function rngFor(label: string): Rng {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mulberry32(h ^ 0x5eed2019);
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  }
  return out;
}

// ───────────────────────────── People's names ─────────────────────────────

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thanh', 'Xuân', 'Đình', 'Trọng'];
const MIDDLE_F = ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Hồng', 'Minh', 'Kim', 'Phương'];
const GIVEN_M = ['Hùng', 'Dũng', 'Tuấn', 'Hải', 'Long', 'Nam', 'Sơn', 'Thắng', 'Trung', 'Bình', 'Quân', 'Phong', 'Cường', 'Hiếu', 'Tâm', 'Vinh'];
const GIVEN_F = ['Hoa', 'Lan', 'Hương', 'Hà', 'Mai', 'Thảo', 'Trang', 'Linh', 'Huyền', 'Nga', 'Yến', 'Phương', 'Dung', 'Hằng'];

/** Plausible, distinct Vietnamese full names. */
function nameMaker(seedLabel: string): () => string {
  const rng = rngFor(seedLabel);
  const used = new Set<string>();
  return () => {
    for (;;) {
      const female = rng() < 0.45;
      const name = [
        pick(rng, FAMILY),
        pick(rng, female ? MIDDLE_F : MIDDLE_M),
        pick(rng, female ? GIVEN_F : GIVEN_M),
      ].join(' ');
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

// ───────────────────────────── Agencies: kind, short names, usernames ─────────────────────────────

interface AgencyProfile {
  match: RegExp;
  key: string; // hyphenated slug: the agency code suffix; without hyphens, the username prefix
  kind: AgencyKind;
  short: string; // short label before the place name
}

// Order matters: the first match wins ("Văn phòng Đoàn ĐBQH" before "Văn phòng UBND", "Thuế" last).
const PROFILES: readonly AgencyProfile[] = [
  { match: /^Văn phòng Đoàn ĐBQH/, key: 'vp-dbqh', kind: 'OTHER', short: 'VP Đoàn ĐBQH và HĐND' },
  { match: /^Văn phòng UBND/, key: 'vp-ubnd', kind: 'OTHER', short: 'VP UBND' },
  { match: /Sở Kế hoạch và Đầu tư/, key: 'so-khdt', kind: 'OTHER', short: 'Sở KH&ĐT' },
  { match: /Sở Tài chính/, key: 'so-tai-chinh', kind: 'OTHER', short: 'Sở Tài chính' },
  { match: /Kho bạc/, key: 'kho-bac', kind: 'TREASURY', short: 'KBNN' },
  { match: /Hải quan/, key: 'hai-quan', kind: 'CUSTOMS', short: 'Hải quan' },
  { match: /Thống kê/, key: 'thong-ke', kind: 'STATISTICS', short: 'Thống kê' },
  { match: /Bảo hiểm xã hội/, key: 'bhxh', kind: 'SOCIAL_INSURANCE', short: 'BHXH' },
  { match: /Ngân hàng Nhà nước/, key: 'nhnn', kind: 'STATE_BANK', short: 'NHNN' },
  { match: /Quản lý thị trường/, key: 'qltt', kind: 'MARKET', short: 'QLTT' },
  { match: /Dự trữ/, key: 'du-tru', kind: 'RESERVE', short: 'Dự trữ NN' },
  { match: /Thuế/, key: 'thue', kind: 'TAX', short: 'Thuế' },
];

function profileOf(name: string, provinceName: string): AgencyProfile {
  const found = PROFILES.find((p) => p.match.test(name));
  if (found) return found;
  // Unknown kind: a slug of the name without the province, short enough for a username.
  const key = slugify(name.replace(`tỉnh ${provinceName}`, '').replace(provinceName, '')).slice(0, 20).replace(/-+$/, '');
  return { match: /$^/, key: key || 'donvi', kind: 'OTHER', short: name };
}

function parentBodyOf(kind: AgencyKind, name: string, provinceName: string): string {
  switch (kind) {
    case 'TAX':
    case 'TREASURY':
    case 'CUSTOMS':
    case 'STATISTICS':
    case 'RESERVE':
      return 'Bộ Tài chính';
    case 'STATE_BANK':
      return 'Ngân hàng Nhà nước Việt Nam';
    case 'SOCIAL_INSURANCE':
      return 'Bảo hiểm xã hội Việt Nam';
    case 'MARKET':
      return 'Bộ Công Thương';
    default:
      return /Đoàn ĐBQH/.test(name) ? `Đoàn ĐBQH và HĐND tỉnh ${provinceName}` : `UBND tỉnh ${provinceName}`;
  }
}

/** The title of the person who signs the pledge for the unit. */
function headTitleOf(name: string): string {
  if (name.startsWith('Chi cục')) return 'Chi cục trưởng';
  if (name.startsWith('Cục')) return 'Cục trưởng';
  if (name.startsWith('Văn phòng')) return 'Chánh Văn phòng';
  return 'Giám đốc';
}

/** A regional office names its region ("khu vực Nghệ Tĩnh"); everything else serves its province. */
function placeOf(name: string, provinceName: string): { place: string; area: string } {
  const region = /khu vực (.+)$/.exec(name);
  if (region && region[1] === 'Nghệ Tĩnh') return { place: 'Nghệ Tĩnh', area: 'Nghệ An, Hà Tĩnh' };
  if (region) return { place: region[1], area: region[1] };
  return { place: provinceName, area: provinceName };
}

// What each kind of unit registers as targets and reports as achievements.
const KIND_WORK: Record<AgencyKind, { target: string; achievement: string }> = {
  TAX: {
    target: 'Thu ngân sách nhà nước đạt và vượt dự toán được giao; tỷ lệ nợ thuế dưới 5% tổng thu; 100% doanh nghiệp sử dụng hóa đơn điện tử.',
    achievement: 'Thu ngân sách nhà nước vượt dự toán được giao; đẩy mạnh cải cách thủ tục hành chính thuế, hóa đơn điện tử và thu hồi nợ đọng thuế.',
  },
  TREASURY: {
    target: 'Kiểm soát chi ngân sách nhà nước đúng quy định; 100% hồ sơ giải quyết đúng hạn; giải ngân vốn đầu tư công kịp thời.',
    achievement: 'Kiểm soát chặt chẽ chi ngân sách, từ chối thanh toán các khoản chi sai chế độ; thanh toán điện tử đạt tỷ lệ cao.',
  },
  STATISTICS: {
    target: 'Hoàn thành 100% chương trình điều tra thống kê quốc gia; phát hành báo cáo kinh tế – xã hội đúng kỳ, chính xác.',
    achievement: 'Thực hiện đầy đủ, đúng tiến độ các cuộc điều tra, tổng điều tra; cung cấp số liệu kịp thời phục vụ lãnh đạo, điều hành của tỉnh.',
  },
  CUSTOMS: {
    target: 'Thu ngân sách từ hoạt động xuất nhập khẩu đạt chỉ tiêu; thông quan hàng hóa nhanh chóng; đấu tranh chống buôn lậu, gian lận thương mại.',
    achievement: 'Hoàn thành chỉ tiêu thu ngân sách; rút ngắn thời gian thông quan; phát hiện, xử lý nhiều vụ buôn lậu, gian lận thương mại.',
  },
  SOCIAL_INSURANCE: {
    target: 'Tỷ lệ bao phủ bảo hiểm y tế trên 90% dân số; phát triển đối tượng tham gia BHXH tự nguyện vượt chỉ tiêu; giảm nợ đóng BHXH.',
    achievement: 'Phát triển đối tượng tham gia BHXH, BHYT vượt chỉ tiêu; giảm nợ đóng; giải quyết kịp thời, đúng chế độ cho người lao động.',
  },
  STATE_BANK: {
    target: 'Điều hành tín dụng an toàn, hiệu quả; tăng trưởng tín dụng theo chỉ tiêu; kiểm soát nợ xấu dưới 3%.',
    achievement: 'Chỉ đạo các tổ chức tín dụng tăng trưởng tín dụng an toàn, hỗ trợ doanh nghiệp và người dân tiếp cận vốn; nợ xấu được kiểm soát.',
  },
  MARKET: {
    target: 'Kiểm tra, xử lý vi phạm về hàng giả, hàng kém chất lượng, gian lận thương mại; bình ổn thị trường dịp Tết.',
    achievement: 'Kiểm tra, xử lý nhiều vụ vi phạm, nộp ngân sách tiền phạt đúng quy định; góp phần bình ổn thị trường.',
  },
  RESERVE: {
    target: 'Nhập, xuất, bảo quản hàng dự trữ quốc gia an toàn, đúng quy định; không để xảy ra hao hụt ngoài định mức.',
    achievement: 'Nhập, xuất, bảo quản hàng dự trữ quốc gia an toàn; xuất cấp kịp thời gạo cứu trợ cho nhân dân vùng bị thiên tai.',
  },
  OTHER: {
    target: 'Hoàn thành 100% nhiệm vụ được giao đúng tiến độ; tham mưu kịp thời, chất lượng cho lãnh đạo tỉnh.',
    achievement: 'Tham mưu kịp thời, chất lượng các nhiệm vụ trọng tâm của tỉnh; thực hiện tốt công tác cải cách hành chính.',
  },
};

// Staff size ranges by kind, so a tax office is bigger than a statistics office.
const STAFF_RANGE: Record<AgencyKind, [number, number]> = {
  TAX: [180, 300],
  TREASURY: [60, 130],
  STATISTICS: [40, 90],
  CUSTOMS: [70, 160],
  SOCIAL_INSURANCE: [100, 220],
  STATE_BANK: [40, 80],
  MARKET: [60, 130],
  RESERVE: [60, 110],
  OTHER: [30, 70],
};

// ───────────────────────────── The plan (pure, before any write) ─────────────────────────────

interface VersionPlan {
  name: string;
  shortName: string;
  parentBody: string;
  area: string;
  validFrom: Date;
  validTo: Date | null;
}

interface AgencyPlan {
  name: string; // as published in the demo data: the key used everywhere in the plan
  provinceCode: string;
  code: string;
  kind: AgencyKind;
  username: string;
  headName: string; // the unit's head, who signs the pledge
  headTitle: string;
  officerName: string; // the emulation officer, who holds the account
  versions: VersionPlan[];
}

interface ProvincePlan {
  code: string;
  name: string;
  years: number[];
  boardUsername: string;
  boardName: string;
}

interface UserPlan {
  username: string;
  fullName: string;
  jobTitle: string;
  role: 'ADMIN' | 'BOARD' | 'UNIT_OFFICER';
  label: string;
  provinceCode?: string;
  agencyName?: string;
}

interface SeedPlan {
  provinces: ProvincePlan[];
  agencies: Map<string, AgencyPlan>;
  users: UserPlan[];
}

function buildPlan(blocs: readonly DemoBloc[]): SeedPlan {
  const nextName = nameMaker('demo-people');
  const provinces = new Map<string, ProvincePlan>();
  const agencies = new Map<string, AgencyPlan>();
  const usedUsernames = new Set<string>(['admin']);
  const usedCodes = new Set<string>();

  const unique = (base: string, used: Set<string>, sep: string): string => {
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}${sep}${n}`;
    used.add(candidate);
    return candidate;
  };

  for (const bloc of blocs) {
    const provinceCode = slugify(bloc.province);
    let province = provinces.get(provinceCode);
    if (!province) {
      province = {
        code: provinceCode,
        name: bloc.province,
        years: [],
        boardUsername: unique(`bantdkt.${provinceCode.replace(/-/g, '')}`, usedUsernames, ''),
        boardName: nextName(),
      };
      provinces.set(provinceCode, province);
    }
    for (const y of bloc.years) if (!province.years.includes(y.year)) province.years.push(y.year);

    for (const name of bloc.members) {
      if (agencies.has(name)) continue;
      const profile = profileOf(name, bloc.province);
      const { place, area } = placeOf(name, bloc.province);
      const parentBody = parentBodyOf(profile.kind, name, bloc.province);
      const shortName = profile.short === name ? name : `${profile.short} ${place}`;
      const rename = RENAMED_2025[name];
      const versions: VersionPlan[] = [
        {
          name,
          shortName,
          parentBody,
          area,
          validFrom: day(2015, 1, 1),
          validTo: rename ? day(2025, 6, 30) : null,
        },
      ];
      if (rename) {
        versions.push({ name: rename.name, shortName, parentBody: rename.parentBody, area, validFrom: day(2025, 7, 1), validTo: null });
      }
      agencies.set(name, {
        name,
        provinceCode,
        code: unique(`${provinceCode}-${profile.key}`.slice(0, 40), usedCodes, '-'),
        kind: profile.kind,
        username: unique(`${profile.key.replace(/-/g, '')}.${provinceCode.replace(/-/g, '')}`, usedUsernames, ''),
        headName: nextName(),
        headTitle: headTitleOf(name),
        officerName: nextName(),
        versions,
      });
    }
  }

  for (const p of provinces.values()) p.years.sort((a, b) => a - b);

  const users: UserPlan[] = [
    { username: 'admin', fullName: 'Quản trị hệ thống', jobTitle: 'Quản trị hệ thống', role: 'ADMIN', label: 'Quản trị hệ thống' },
  ];
  for (const p of provinces.values()) {
    users.push({
      username: p.boardUsername,
      fullName: p.boardName,
      jobTitle: `Chuyên viên Ban Thi đua – Khen thưởng, Sở Nội vụ tỉnh ${p.name}`,
      role: 'BOARD',
      label: `Ban Thi đua – Khen thưởng tỉnh ${p.name}`,
      provinceCode: p.code,
    });
  }
  for (const a of agencies.values()) {
    users.push({
      username: a.username,
      fullName: a.officerName,
      jobTitle: 'Cán bộ phụ trách thi đua – khen thưởng',
      role: 'UNIT_OFFICER',
      label: a.name,
      agencyName: a.name,
    });
  }
  return { provinces: [...provinces.values()], agencies, users };
}

// ───────────────────────────── The criteria template ─────────────────────────────

interface CriterionSpec {
  code: string;
  name: string;
  kind: 'NORMAL' | 'BONUS' | 'DEDUCTION';
  points: number;
  guidance: string;
}

interface GroupSpec {
  code: string;
  name: string;
  isCoreTask: boolean;
  criteria: CriterionSpec[];
}

const crit = (code: string, name: string, points: number, guidance: string): CriterionSpec => ({ code, name, kind: 'NORMAL', points, guidance });

// Normal criteria sum to exactly 100 (50 + 20 + 20 + 10); group V holds bonus and deduction items.
const TEMPLATE: readonly GroupSpec[] = [
  {
    code: 'I',
    name: 'Thực hiện nhiệm vụ chuyên môn',
    isCoreTask: true,
    criteria: [
      crit('1.1', 'Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được cấp trên giao trong năm', 20,
        'Đạt 100% chỉ tiêu: 20 điểm; mỗi chỉ tiêu không đạt trừ 2 điểm. Minh chứng: báo cáo tổng kết, số liệu của cơ quan cấp trên.'),
      crit('1.2', 'Chất lượng, tiến độ thực hiện nhiệm vụ chính trị trọng tâm của đơn vị', 10,
        'Hoàn thành đúng tiến độ, có kết quả nổi bật: 10 điểm; chậm tiến độ trừ 1 điểm mỗi nhiệm vụ.'),
      crit('1.3', 'Phối hợp với các sở, ngành, địa phương thực hiện nhiệm vụ phát triển kinh tế – xã hội của tỉnh', 10,
        'Căn cứ văn bản phối hợp, kết quả tham mưu cho Tỉnh ủy, UBND tỉnh.'),
      crit('1.4', 'Công tác thanh tra, kiểm tra; phòng, chống tham nhũng, tiêu cực, lãng phí', 10,
        'Thực hiện đủ kế hoạch thanh tra, kiểm tra; không có cán bộ vi phạm bị xử lý kỷ luật.'),
    ],
  },
  {
    code: 'II',
    name: 'Công tác xây dựng Đảng, đoàn thể',
    isCoreTask: false,
    criteria: [
      crit('2.1', 'Tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ trở lên', 8,
        'Hoàn thành xuất sắc: 8 điểm; hoàn thành tốt: 6 điểm; hoàn thành: 4 điểm.'),
      crit('2.2', 'Công đoàn, Đoàn Thanh niên, Hội Cựu chiến binh hoạt động hiệu quả', 6,
        'Căn cứ kết quả xếp loại của tổ chức cấp trên trực tiếp.'),
      crit('2.3', 'Thực hiện Quy chế dân chủ ở cơ sở; chăm lo đời sống cán bộ, công chức, người lao động', 6,
        'Có quy chế dân chủ, hội nghị cán bộ công chức đúng quy định; không có đơn thư vượt cấp.'),
    ],
  },
  {
    code: 'III',
    name: 'Công tác thi đua, khen thưởng của khối',
    isCoreTask: false,
    criteria: [
      crit('3.1', 'Đăng ký thi đua, ký giao ước thi đua đúng thời hạn', 4,
        'Gửi bản đăng ký và ký giao ước trước 31/3: 4 điểm; chậm: 0 điểm.'),
      crit('3.2', 'Phát động, triển khai các phong trào thi đua thường xuyên và chuyên đề', 6,
        'Có kế hoạch, văn bản phát động, sơ kết, tổng kết từng phong trào.'),
      crit('3.3', 'Tham gia đầy đủ các hoạt động chung của khối (hội nghị, giao lưu văn hóa, thể thao)', 5,
        'Mỗi lần vắng mặt không có lý do trừ 1 điểm.'),
      crit('3.4', 'Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến; đề nghị khen thưởng đúng quy định', 5,
        'Có điển hình tiên tiến được biểu dương; hồ sơ đề nghị khen thưởng đúng thời hạn, đúng quy trình.'),
    ],
  },
  {
    code: 'IV',
    name: 'Cải cách hành chính, chuyển đổi số',
    isCoreTask: false,
    criteria: [
      crit('4.1', 'Cải cách thủ tục hành chính, cơ chế một cửa, dịch vụ công trực tuyến', 5,
        'Tỷ lệ hồ sơ giải quyết đúng hạn từ 98% trở lên: 5 điểm.'),
      crit('4.2', 'Ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động của đơn vị', 5,
        'Văn bản điện tử, chữ ký số, hệ thống quản lý văn bản và điều hành được sử dụng thường xuyên.'),
    ],
  },
  {
    code: 'V',
    name: 'Điểm thưởng, điểm trừ',
    isCoreTask: false,
    criteria: [
      { code: 'T1', name: 'Đơn vị được tặng Cờ thi đua của Chính phủ trong năm', kind: 'BONUS', points: 5,
        guidance: 'Cộng 5 điểm khi có quyết định tặng Cờ thi đua của Chính phủ trong năm.' },
      { code: 'T2', name: 'Có sáng kiến được công nhận có phạm vi ảnh hưởng cấp tỉnh', kind: 'BONUS', points: 3,
        guidance: 'Cộng 1 điểm cho mỗi sáng kiến được công nhận, tối đa 3 điểm.' },
      { code: 'D1', name: 'Nộp báo cáo chậm so với quy định', kind: 'DEDUCTION', points: 2,
        guidance: 'Trừ 1 điểm cho mỗi báo cáo nộp chậm, tối đa 2 điểm.' },
      { code: 'D2', name: 'Không tham gia hoạt động chung của khối', kind: 'DEDUCTION', points: 3,
        guidance: 'Trừ 1 điểm cho mỗi lần không tham gia mà không có lý do chính đáng, tối đa 3 điểm.' },
    ],
  },
];

interface CriterionRow {
  id: number;
  code: string;
  kind: string;
  maxCenti: number;
  stepCenti: number;
  isCore: boolean;
}

interface CriteriaTableRef {
  id: number;
  criteria: CriterionRow[];
}

/** Writes one criteria table (template or bloc-year copy) from the template spec. */
async function createCriteriaTable(
  tx: Tx,
  owner: { provinceId?: number; blocYearId?: number; sourceTableId?: number; lockedAt?: Date | null; name?: string },
): Promise<CriteriaTableRef> {
  const table = await tx.criteriaTable.create({
    data: {
      provinceId: owner.provinceId ?? null,
      blocYearId: owner.blocYearId ?? null,
      sourceTableId: owner.sourceTableId ?? null,
      lockedAt: owner.lockedAt ?? null,
      name: owner.name ?? TEMPLATE_NAME,
      baseTotal: 100,
    },
  });
  const coreGroupIds = new Set<number>();
  for (const [gi, g] of TEMPLATE.entries()) {
    const group = await tx.criteriaGroup.create({
      data: { tableId: table.id, sortOrder: gi + 1, code: g.code, name: g.name, isCoreTask: g.isCoreTask },
    });
    if (g.isCoreTask) coreGroupIds.add(group.id);
    await tx.criterion.createMany({
      data: g.criteria.map((c, ci) => ({
        tableId: table.id,
        groupId: group.id,
        sortOrder: ci + 1,
        code: c.code,
        name: c.name,
        kind: c.kind,
        maxCenti: c.points * 100,
        stepCenti: c.kind === 'NORMAL' ? 50 : 100,
        guidance: c.guidance,
      })),
    });
  }
  const rows = await tx.criterion.findMany({ where: { tableId: table.id }, orderBy: { id: 'asc' } });
  return {
    id: table.id,
    criteria: rows.map((r) => ({
      id: r.id,
      code: r.code,
      kind: r.kind,
      maxCenti: r.maxCenti,
      stepCenti: r.stepCenti,
      isCore: coreGroupIds.has(r.groupId),
    })),
  };
}

// ───────────────────────────── Scores ─────────────────────────────

interface EntryDraft {
  criterionId: number;
  selfCenti: number | null;
  reviewedCenti: number | null;
  reviewReason: string;
  status: string;
  evidenceText: string;
}

interface Totals {
  baseCenti: number;
  bonusCenti: number;
  deductionCenti: number;
  coreGroupCenti: number;
  totalCenti: number;
}

const REVIEW_REASONS = [
  'Minh chứng chưa thể hiện đầy đủ kết quả thực hiện chỉ tiêu.',
  'Một số nhiệm vụ hoàn thành chậm so với kế hoạch đề ra.',
  'Báo cáo kết quả chưa kèm số liệu đối chiếu của cơ quan cấp trên.',
  'Chưa có văn bản triển khai cụ thể tại đơn vị.',
  'Tỷ lệ hồ sơ giải quyết đúng hạn chưa đạt mức tối đa theo hướng dẫn.',
];
const BONUS_REVIEW_REASON = 'Sáng kiến chưa có quyết định công nhận của Hội đồng sáng kiến tỉnh trong năm.';

function clampToStep(value: number, step: number, min: number, max: number): number {
  const stepped = Math.round(value / step) * step;
  return Math.min(max, Math.max(min, stepped));
}

/** A unit's own score for one criterion: normal items 80–100% of max, bonus/deduction mostly 0. */
function selfScore(rng: Rng, c: CriterionRow, strength: number, leader: boolean): number {
  if (c.kind === 'NORMAL') {
    const pct = strength + (rng() - 0.5) * 0.1;
    const floor = Math.ceil((c.maxCenti * 0.8) / c.stepCenti) * c.stepCenti;
    return clampToStep(pct * c.maxCenti, c.stepCenti, floor, c.maxCenti);
  }
  if (c.kind === 'BONUS') {
    if (c.code === 'T1') return 0; // a Government flag is rare; nobody in the demo has one
    const chance = leader ? 0.7 : 0.15;
    return rng() < chance ? Math.min(c.maxCenti, c.stepCenti * intBetween(rng, 1, 2)) : 0;
  }
  // Deductions: weaker units are the ones who report late or miss bloc activities.
  return rng() < (1 - strength) * 0.9 ? c.stepCenti : 0;
}

function evidenceFor(c: CriterionRow, period: string, year: number, unitShortName: string): string {
  const report = period === 'MID_YEAR' ? `Báo cáo sơ kết 6 tháng đầu năm ${year}` : `Báo cáo tổng kết năm ${year}`;
  if (c.kind === 'BONUS') return `Quyết định công nhận sáng kiến kèm theo; ${report} của ${unitShortName}.`;
  if (c.kind === 'DEDUCTION') return `Đơn vị tự đánh giá theo ${report.toLowerCase()}.`;
  return `${report} của ${unitShortName}, mục ${c.code}; số liệu, văn bản kèm theo.`;
}

/** A fully reviewed sheet: the bloc agrees with most self scores and lowers a few, with a reason. */
function reviewedEntries(
  rng: Rng,
  criteria: CriterionRow[],
  strength: number,
  leader: boolean,
  evidence: (c: CriterionRow) => string,
): EntryDraft[] {
  return criteria.map((c) => {
    const self = selfScore(rng, c, strength, leader);
    let reviewed = self;
    let reason = '';
    if (c.kind === 'NORMAL' && self >= c.stepCenti && rng() < (leader ? 0.05 : 0.15)) {
      reviewed = self - c.stepCenti;
      reason = pick(rng, REVIEW_REASONS);
    } else if (c.kind === 'BONUS' && self > 0 && !leader && rng() < 0.4) {
      reviewed = 0;
      reason = BONUS_REVIEW_REASON;
    }
    return {
      criterionId: c.id,
      selfCenti: self,
      reviewedCenti: reviewed,
      reviewReason: reason,
      status: reviewed === self ? 'AGREED' : 'CHANGED',
      evidenceText: self > 0 ? evidence(c) : '',
    };
  });
}

/** The reviewed totals, computed by the portal's one totals function (src/domain/scoring.ts). */
function totalsOf(entries: EntryDraft[], criteria: Map<number, CriterionRow>): Totals {
  // Core-task criteria are put in their own pseudo-group so sheetTotals can sum them.
  const list = [...criteria.values()].map((c) => ({ ...c, groupId: c.isCore ? 1 : 0 }));
  const t = sheetTotals(list, entries, new Set([1]));
  return { ...t.reviewed, coreGroupCenti: t.coreGroupCenti };
}

/**
 * The demo must agree with history: the units a bloc proposed for the flag finish first. When a
 * random draw says otherwise, the bloc "lowers" other units one step at a time, with a reason.
 */
function ensureLeadersFirst(
  sheets: { agencyId: number; entries: EntryDraft[] }[],
  leaderIds: Set<number>,
  criteria: Map<number, CriterionRow>,
  rng: Rng,
): void {
  if (leaderIds.size === 0) return;
  const leaderMin = Math.min(...sheets.filter((s) => leaderIds.has(s.agencyId)).map((s) => totalsOf(s.entries, criteria).totalCenti));
  for (const sheet of sheets) {
    if (leaderIds.has(sheet.agencyId)) continue;
    const normal = sheet.entries.filter((e) => criteria.get(e.criterionId)?.kind === 'NORMAL');
    for (let i = 0; totalsOf(sheet.entries, criteria).totalCenti >= leaderMin && i < 10_000; i++) {
      const e = normal[i % normal.length];
      const step = criteria.get(e.criterionId)?.stepCenti ?? 50;
      if ((e.reviewedCenti ?? 0) < step) continue;
      e.reviewedCenti = (e.reviewedCenti ?? 0) - step;
      e.status = e.reviewedCenti === e.selfCenti ? 'AGREED' : 'CHANGED';
      if (!e.reviewReason) e.reviewReason = pick(rng, REVIEW_REASONS);
    }
  }
}

interface RankedResult extends Totals {
  agencyId: number;
  agencyName: string;
  rank: number;
  band: string;
}

/** Ranked by the portal's own ranking and bands (src/domain/ranking.ts), never by database order. */
function rankResults(rows: (Totals & { agencyId: number; agencyName: string })[]): RankedResult[] {
  return rankUnits(rows).map((r) => ({ ...r, band: bandOf(r.totalCenti) }));
}

// ───────────────────────────── Bloc-year texts ─────────────────────────────

function pledgeBody(blocName: string, year: number): string {
  return [
    `Các đơn vị thành viên ${blocName} thống nhất ký kết giao ước thi đua năm ${year} với các nội dung sau:`,
    `1. Thi đua hoàn thành xuất sắc nhiệm vụ chính trị, chuyên môn được giao; phấn đấu hoàn thành và vượt các chỉ tiêu kế hoạch năm ${year}.`,
    '2. Thực hiện nghiêm chủ trương của Đảng, chính sách, pháp luật của Nhà nước; đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.',
    '3. Đẩy mạnh cải cách hành chính, ứng dụng công nghệ thông tin; nâng cao chất lượng phục vụ người dân và doanh nghiệp.',
    '4. Xây dựng tổ chức đảng, cơ quan, đoàn thể trong sạch, vững mạnh; thực hành tiết kiệm, chống lãng phí, phòng, chống tham nhũng, tiêu cực.',
    '5. Tham gia đầy đủ, tích cực các hoạt động chung của khối; phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến.',
  ].join('\n');
}

function namesList(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} và ${names[names.length - 1]}`;
}

// ───────────────────────────── Public API ─────────────────────────────

export interface SeededUser {
  username: string;
  role: string;
  label: string;
}

/** True when nothing that matters exists yet: no accounts and no provinces. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [users, provinces] = await Promise.all([db.user.count(), db.province.count()]);
  return users === 0 && provinces === 0;
}

const NOT_EMPTY_MESSAGE =
  'Cơ sở dữ liệu đã có dữ liệu (tài khoản hoặc tỉnh): không nạp dữ liệu mẫu để tránh trộn lẫn với dữ liệu thật.';

/**
 * Fills an empty database with the demo blocs. All-or-nothing: one transaction; password hashes are
 * computed before it so the transaction stays short.
 */
export async function seedDemo(
  db: Db,
  opts: { password: string; log?: (msg: string) => void },
): Promise<{ users: SeededUser[] }> {
  const log = opts.log ?? (() => undefined);
  if (!opts.password) throw new Error('Chưa có mật khẩu cho các tài khoản mẫu.');
  if (!(await isDatabaseEmpty(db))) throw new Error(NOT_EMPTY_MESSAGE);

  const blocs: readonly DemoBloc[] = DEMO_BLOCS.blocs;
  const plan = buildPlan(blocs);

  log(`Đang băm mật khẩu cho ${plan.users.length} tài khoản…`);
  const hashes = await inBatches(plan.users, HASH_BATCH, () => hashPassword(opts.password));

  await db.$transaction(
    async (tx) => {
      // Checked again inside the transaction: another process may have seeded meanwhile.
      if ((await tx.user.count()) + (await tx.province.count()) > 0) throw new Error(NOT_EMPTY_MESSAGE);
      await writeDemo(tx, plan, hashes, blocs, log);
      await seedCurrentYear(tx, { now: new Date(), theme: DEFAULT_THEME, legalBasis: LEGAL_BASIS, log });
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
  await backfillSearchKeys(db);

  return { users: plan.users.map((u) => ({ username: u.username, role: u.role, label: u.label })) };
}

// ───────────────────────────── Writing ─────────────────────────────

interface AgencyRef {
  id: number;
  plan: AgencyPlan;
  versions: { id: number; name: string; shortName: string; validFrom: Date; validTo: Date | null }[];
}

interface SeedContext {
  tx: Tx;
  log: (msg: string) => void;
  provinceIds: Map<string, number>;
  provinceNames: Map<string, string>;
  agencies: Map<string, AgencyRef>;
  templateIds: Map<string, number>;
  officerIds: Map<number, number>; // agencyId → user id of its emulation officer
  boardIds: Map<string, number>; // province code → board user id
}

async function writeDemo(
  tx: Tx,
  plan: SeedPlan,
  hashes: string[],
  blocs: readonly DemoBloc[],
  log: (msg: string) => void,
): Promise<void> {
  const ctx: SeedContext = {
    tx,
    log,
    provinceIds: new Map(),
    provinceNames: new Map(),
    agencies: new Map(),
    templateIds: new Map(),
    officerIds: new Map(),
    boardIds: new Map(),
  };

  log(`Tạo ${plan.provinces.length} tỉnh và bộ quy định theo năm…`);
  for (const p of plan.provinces) {
    const province = await tx.province.create({ data: { code: p.code, name: p.name, names: { create: { name: p.name } } } });
    ctx.provinceIds.set(p.code, province.id);
    ctx.provinceNames.set(p.code, p.name);
    await tx.provinceRuleSet.createMany({
      data: p.years.map((year) => ({ provinceId: province.id, year, legalBasis: LEGAL_BASIS })),
    });
  }

  log(`Tạo ${plan.agencies.size} cơ quan, đơn vị…`);
  for (const a of plan.agencies.values()) {
    const agency = await tx.agency.create({
      data: {
        provinceId: ctx.provinceIds.get(a.provinceCode)!,
        code: a.code,
        kind: a.kind,
        versions: { create: a.versions },
      },
      include: { versions: { orderBy: { validFrom: 'asc' } } },
    });
    ctx.agencies.set(a.name, { id: agency.id, plan: a, versions: agency.versions });
  }

  log(`Tạo ${plan.users.length} tài khoản…`);
  for (const [i, u] of plan.users.entries()) {
    const agencyId = u.agencyName ? ctx.agencies.get(u.agencyName)?.id ?? null : null;
    const provinceId = u.provinceCode ? ctx.provinceIds.get(u.provinceCode) ?? null : null;
    const user = await tx.user.create({
      data: {
        username: u.username,
        passwordHash: hashes[i],
        fullName: u.fullName,
        jobTitle: u.jobTitle,
        assignments: { create: { role: u.role, provinceId, agencyId } },
      },
    });
    if (agencyId !== null) ctx.officerIds.set(agencyId, user.id);
    if (u.role === 'BOARD' && u.provinceCode) ctx.boardIds.set(u.provinceCode, user.id);
  }

  log('Tạo bảng tiêu chí mẫu của từng tỉnh…');
  for (const p of plan.provinces) {
    const template = await createCriteriaTable(tx, { provinceId: ctx.provinceIds.get(p.code)! });
    ctx.templateIds.set(p.code, template.id);
  }

  for (const bloc of blocs) await writeBloc(ctx, bloc);
}

/** The version of an agency valid on a given day (memberships point at the name of that year). */
function versionOn(agency: AgencyRef, date: Date): AgencyRef['versions'][number] {
  const t = date.getTime();
  const found = agency.versions.find((v) => v.validFrom.getTime() <= t && (v.validTo === null || v.validTo.getTime() >= t));
  return found ?? agency.versions[0];
}

interface YearPlan {
  data: DemoBlocYear;
  headName: string;
  deputyName: string;
  closed: boolean;
  /** The current year still at set-up: nothing registered, no table yet — the demo's walk-through. */
  fresh: boolean;
  /** The current year at its year-end conference: every sheet reviewed, the ranking not yet frozen. */
  conference: boolean;
}

// One bloc's current year stays at set-up so the whole cycle can be walked through in the portal
// (and in the browser tests); the other blocs' current years are in the middle of scoring.
const FRESH_PROVINCE = 'Hà Nam';
// One bloc's current year has reached its year-end conference (tổng kết): ballots, proposals,
// closing and the handover can be walked through. Its strongest units aim at the provincial flag.
const CONFERENCE_PROVINCE = 'Tây Ninh';
const CONFERENCE_LEADERS = ['Bảo hiểm xã hội tỉnh Tây Ninh', 'Cục Thuế tỉnh Tây Ninh', 'Kho bạc Nhà nước tỉnh Tây Ninh'];

/** Head/deputy of each year: from the data when published, else the first two members in order. */
function planYears(bloc: DemoBloc): YearPlan[] {
  const years = [...bloc.years].sort((a, b) => a.year - b.year);
  return years.map((y, i) => {
    const headName = y.head ?? bloc.members[0];
    const deputyName = y.deputy ?? bloc.members.find((m) => m !== headName) ?? headName;
    const closed = i < years.length - 1;
    return { data: y, headName, deputyName, closed, fresh: !closed && bloc.province === FRESH_PROVINCE, conference: !closed && bloc.province === CONFERENCE_PROVINCE };
  });
}

async function writeBloc(ctx: SeedContext, bloc: DemoBloc): Promise<void> {
  const { tx } = ctx;
  const provinceCode = slugify(bloc.province);
  const blocCode = slugify(bloc.name);
  ctx.log(`Tạo ${bloc.name}…`);
  const created = await tx.bloc.create({
    data: {
      provinceId: ctx.provinceIds.get(provinceCode)!,
      code: blocCode,
      kind: 'KHOI',
      versions: { create: { name: bloc.name, validFrom: day(2015, 1, 1) } },
    },
  });
  const years = planYears(bloc);
  for (const [i, yp] of years.entries()) {
    await writeBlocYear(ctx, bloc, created.id, blocCode, provinceCode, yp, years[i + 1]);
    await issueSeededDocuments(ctx, created.id, yp.data.year);
  }
}

/**
 * The documents the year's acts issued, through the same functions the acts call: the pledge once
 * every member signed, the mid-year minutes, the proposal letter and reports of each sending, the
 * year-end minutes of a closed year. Numbered and stored now; their files are rendered at the first
 * download (rendering hundreds of files would make the seed's one transaction minutes long).
 */
async function issueSeededDocuments(ctx: SeedContext, blocId: number, year: number): Promise<void> {
  const { tx } = ctx;
  const row = await tx.blocYear.findUniqueOrThrow({
    where: { blocId_year: { blocId, year } },
    select: {
      id: true,
      phase: true,
      headAgencyId: true,
      reviews: { select: { kind: true, heldAt: true, frozenAt: true } },
      pledge: { select: { signatures: { orderBy: { signedAt: 'desc' }, take: 1, select: { signedAt: true } } } },
      proposals: { where: { sentAt: { not: null } }, orderBy: { id: 'asc' }, select: { id: true, sentAt: true } },
    },
  });
  if (row.phase === 'SETUP' || row.headAgencyId === null) return;
  const by = ctx.officerIds.get(row.headAgencyId)!;
  const y = await systemYear(tx, row.id, by);
  const lazy = { render: false };
  const lastSignature = row.pledge?.signatures[0]?.signedAt;
  if (lastSignature) await issuePledgeIfSigned(tx, y, by, lastSignature, lazy);
  const mid = row.reviews.find((r) => r.kind === 'MID_YEAR' && r.frozenAt);
  if (mid) await issueMidYearMinutes(tx, y, by, mid.heldAt ?? mid.frozenAt!, lazy);
  const sendings = [...new Set(row.proposals.map((p) => p.sentAt!.getTime()))].sort((a, b) => a - b);
  for (const at of sendings) {
    await issueProposalDossier(tx, y, by, new Date(at), row.proposals.filter((p) => p.sentAt!.getTime() === at).map((p) => p.id), lazy);
  }
  if (row.phase === 'CLOSED') await issueYearEndMinutes(tx, y, by, lazy);
}

function agencyRef(ctx: SeedContext, name: string): AgencyRef {
  const ref = ctx.agencies.get(name);
  if (!ref) throw new Error(`Dữ liệu mẫu: không tìm thấy đơn vị "${name}".`);
  return ref;
}

async function writeBlocYear(
  ctx: SeedContext,
  bloc: DemoBloc,
  blocId: number,
  blocCode: string,
  provinceCode: string,
  yp: YearPlan,
  next: YearPlan | undefined,
): Promise<void> {
  const { tx } = ctx;
  const year = yp.data.year;
  const members = bloc.members.map((name) => agencyRef(ctx, name));
  const head = agencyRef(ctx, yp.headName);
  const deputy = agencyRef(ctx, yp.deputyName);
  const headOfficerId = ctx.officerIds.get(head.id)!;
  const midYearOn = yp.data.midYearReview ? parseDay(yp.data.midYearReview) : day(year, 7, 25);
  const yearEndOn = yp.data.yearEndReview ? parseDay(yp.data.yearEndReview) : day(year, 12, 20);
  const openedAt = day(year, 1, 15);
  // Deadlines follow the published meeting dates when we have them (Nghệ An met on 15/11/2019, so
  // self-scoring had to be done a week before, not on the usual 30/11).
  const selfScoreDue = minDate(day(year, 11, 30), addDays(yearEndOn, -7));
  const consecutive = next && next.data.year === year + 1 ? next : undefined;

  const blocYear = await tx.blocYear.create({
    data: {
      blocId,
      year,
      phase: yp.closed ? 'CLOSED' : yp.fresh ? 'SETUP' : yp.conference ? 'YEAR_END_REVIEW' : 'SCORING',
      theme: yp.data.theme ?? DEFAULT_THEME,
      motto: yp.data.motto ?? '',
      headAgencyId: head.id,
      deputyAgencyId: deputy.id,
      nextHeadAgencyId: yp.closed && consecutive ? agencyRef(ctx, consecutive.headName).id : null,
      nextDeputyAgencyId: yp.closed && consecutive ? agencyRef(ctx, consecutive.deputyName).id : null,
      handoverMethod: yp.closed && consecutive ? 'BALLOT' : '',
      registrationDue: day(year, 3, 31),
      pledgeDue: day(year, 3, 31),
      criteriaDue: day(year, 6, 30),
      midYearReviewDue: yp.data.midYearReview ? midYearOn : day(year, 7, 31),
      selfScoreDue,
      yearEndReviewDue: yp.data.yearEndReview ? yearEndOn : day(year, 12, 15),
      openedAt: yp.fresh ? null : openedAt,
      closedAt: yp.closed ? yearEndOn : null,
    },
  });

  const july1 = day(year, 7, 1);
  await tx.membership.createMany({
    data: members.map((m, i) => ({
      blocYearId: blocYear.id,
      agencyId: m.id,
      agencyVersionId: versionOn(m, july1).id,
      sortOrder: i,
      rotationOrder: i + 1,
      joinedAt: day(year, 1, 1),
    })),
  });

  if (yp.fresh) return;

  const table = await createCriteriaTable(tx, {
    blocYearId: blocYear.id,
    sourceTableId: ctx.templateIds.get(provinceCode),
    lockedAt: addMonths(openedAt, 4),
    name: `Bảng tiêu chí chấm điểm thi đua năm ${year}`,
  });
  const criteria = new Map(table.criteria.map((c) => [c.id, c]));

  // Open year: one unit has not sent its registration, one is waiting for the head's approval;
  // neither has signed the pledge yet. Never the head or deputy, who run the year.
  const laggards = yp.closed || yp.conference ? [] : members.filter((m) => m.id !== head.id && m.id !== deputy.id).slice(-2);
  const draftUnit = laggards[1];
  const submittedUnit = laggards[0];
  const leaderNames = new Set<string>(yp.conference ? CONFERENCE_LEADERS : (yp.data.flagProposals ?? []));
  const strength = unitStrengths(members, leaderNames, `${blocCode}:${year}`);

  await writeRegistrations(ctx, blocYear.id, year, members, strength, leaderNames, headOfficerId, draftUnit, submittedUnit);
  await writePledge(ctx, blocYear.id, bloc.name, year, members, head, deputy, headOfficerId, laggards);

  const nameOf = (m: AgencyRef) => versionOn(m, july1).name;
  const shortOf = (m: AgencyRef) => versionOn(m, july1).shortName || nameOf(m);

  // MID_YEAR sheets are reviewed for every year in the demo (the open year is past mid-year).
  const midSheets = members.map((m) => ({
    agencyId: m.id,
    entries: reviewedEntries(
      rngFor(`${blocCode}:${year}:${m.plan.code}:MID_YEAR`),
      table.criteria,
      strength.get(m.id)!,
      leaderNames.has(m.plan.name),
      (c) => evidenceFor(c, 'MID_YEAR', year, shortOf(m)),
    ),
  }));
  await writeSheets(ctx, blocYear.id, 'MID_YEAR', midSheets, addDays(midYearOn, -10), addDays(midYearOn, -3), headOfficerId);

  const rank = (sheets: typeof midSheets) =>
    rankResults(
      sheets.map((s) => {
        const m = members.find((x) => x.id === s.agencyId)!;
        return { agencyId: s.agencyId, agencyName: nameOf(m), ...totalsOf(s.entries, criteria) };
      }),
    );
  const midResults = rank(midSheets);
  const meeting = {
    place: `Hội trường ${nameOf(head)}`,
    chairName: head.plan.headName,
    secretaryName: head.plan.officerName,
    membersTotal: members.length,
    membersPresent: members.length,
    frozenById: headOfficerId,
  };
  // Every demo year is past its mid-year review (sơ kết), frozen with its ranking of that moment.
  await writeReview(ctx, blocYear.id, 'MID_YEAR', midYearOn, meeting, midResults, {
    summary:
      `Sơ kết 6 tháng đầu năm ${year}: ${members.length}/${members.length} đơn vị thành viên dự. ` +
      `Các đơn vị cơ bản hoàn thành các chỉ tiêu 6 tháng đầu năm; dẫn đầu khối là ${midResults[0].agencyName} ` +
      `(${formatPoints(midResults[0].totalCenti)} điểm).`,
    tasksAhead:
      `Tiếp tục đẩy mạnh các phong trào thi đua, phấn đấu hoàn thành vượt mức các chỉ tiêu năm ${year}; ` +
      `hoàn thiện hồ sơ tự chấm điểm trước ngày ${formatDayVi(selfScoreDue)}.`,
  });

  if (yp.closed || yp.conference) {
    const endSheets = members.map((m) => ({
      agencyId: m.id,
      entries: reviewedEntries(
        rngFor(`${blocCode}:${year}:${m.plan.code}:YEAR_END`),
        table.criteria,
        strength.get(m.id)!,
        leaderNames.has(m.plan.name),
        (c) => evidenceFor(c, 'YEAR_END', year, shortOf(m)),
      ),
    }));
    const leaderIds = new Set(members.filter((m) => leaderNames.has(m.plan.name)).map((m) => m.id));
    ensureLeadersFirst(endSheets, leaderIds, criteria, rngFor(`${blocCode}:${year}:leaders`));
    await writeSheets(ctx, blocYear.id, 'YEAR_END', endSheets, minDate(selfScoreDue, addDays(yearEndOn, -7)), addDays(yearEndOn, -2), headOfficerId);

    // The conference year stops here: the head freezes the ranking at the meeting.
    if (yp.conference) return;
    const endResults = rank(endSheets);

    const flagUnits = members.filter((m) => leaderNames.has(m.plan.name));
    const nextText = consecutive
      ? ` Hội nghị bầu ${nameOf(agencyRef(ctx, consecutive.headName))} làm Khối trưởng, ` +
        `${nameOf(agencyRef(ctx, consecutive.deputyName))} làm Khối phó năm ${consecutive.data.year}.`
      : '';
    const bandCount = (band: string) => endResults.filter((r) => r.band === band).length;
    await writeReview(ctx, blocYear.id, 'YEAR_END', yearEndOn, meeting, endResults, {
      summary:
        `Tổng kết công tác thi đua, khen thưởng năm ${year}: ${members.length}/${members.length} đơn vị thành viên dự. ` +
        `Các đơn vị hoàn thành tốt nhiệm vụ chính trị được giao; ${bandCount('XUAT_SAC')} đơn vị xếp loại xuất sắc, ` +
        `${bandCount('TOT')} đơn vị xếp loại tốt.` +
        (flagUnits.length
          ? ` Hội nghị thống nhất suy tôn ${namesList(flagUnits.map(nameOf))} đề nghị UBND tỉnh tặng Cờ thi đua.`
          : '') +
        nextText,
      tasksAhead: `Triển khai phong trào thi đua năm ${year + 1}; hoàn thành đăng ký và ký giao ước thi đua trước ngày 31/3/${year + 1}.`,
    });

    await writeProposals(ctx, blocYear.id, provinceCode, year, bloc.name, flagUnits, endResults, yearEndOn, headOfficerId);
  } else {
    // The open year: about half the units have started their year-end self-scoring; the last of
    // them is still a half-filled draft, the others are waiting for the bloc's review.
    const starters = members.filter((m) => !laggards.includes(m)).slice(0, Math.ceil(members.length / 2));
    for (const [i, m] of starters.entries()) {
      const draft = i === starters.length - 1;
      const rng = rngFor(`${blocCode}:${year}:${m.plan.code}:YEAR_END`);
      const entries: EntryDraft[] = table.criteria.map((c, ci) => {
        const filled = !draft || ci % 2 === 0;
        const self = filled ? selfScore(rng, c, strength.get(m.id)!, leaderNames.has(m.plan.name)) : null;
        return {
          criterionId: c.id,
          selfCenti: self,
          reviewedCenti: null,
          reviewReason: '',
          status: 'PENDING',
          evidenceText: filled ? evidenceFor(c, 'YEAR_END', year, shortOf(m)) : '',
        };
      });
      await tx.scoreSheet.create({
        data: {
          blocYearId: blocYear.id,
          agencyId: m.id,
          period: 'YEAR_END',
          status: draft ? 'DRAFT' : 'SUBMITTED',
          submittedAt: draft ? null : addDays(selfScoreDue, -intBetween(rng, 1, 10)),
          submittedById: draft ? null : ctx.officerIds.get(m.id)!,
          entries: { createMany: { data: entries } },
        },
      });
    }
  }
}

/** Strength 0..1 drives a unit's scores; the units proposed for the flag are the strongest. */
function unitStrengths(members: AgencyRef[], leaderNames: Set<string>, seedLabel: string): Map<number, number> {
  const out = new Map<number, number>();
  const leaders = [...leaderNames];
  for (const m of members) {
    const li = leaders.indexOf(m.plan.name);
    const rng = rngFor(`${seedLabel}:${m.plan.code}:strength`);
    out.set(m.id, li >= 0 ? 0.97 - li * 0.015 : 0.83 + rng() * 0.1);
  }
  return out;
}

async function writeRegistrations(
  ctx: SeedContext,
  blocYearId: number,
  year: number,
  members: AgencyRef[],
  strength: Map<number, number>,
  leaderNames: Set<string>,
  headOfficerId: number,
  draftUnit: AgencyRef | undefined,
  submittedUnit: AgencyRef | undefined,
): Promise<void> {
  await ctx.tx.registration.createMany({
    data: members.map((m) => {
      // Staff size is a property of the unit (stable across years), with a small yearly change.
      const [lo, hi] = STAFF_RANGE[m.plan.kind];
      const base = intBetween(rngFor(`${m.plan.code}:staff`), lo, hi);
      const rng = rngFor(`${m.plan.code}:${year}:registration`);
      const staffCount = Math.max(30, Math.round(base * (0.97 + rng() * 0.06)));
      const countLdtt = Math.round(staffCount * (0.7 + rng() * 0.2));
      const countCstdcs = Math.max(1, Math.floor(countLdtt * (0.08 + rng() * 0.07)));
      const excellent = leaderNames.has(m.plan.name) || strength.get(m.id)! >= 0.86;
      const status = m === draftUnit ? 'DRAFT' : m === submittedUnit ? 'SUBMITTED' : 'ACCEPTED';
      const submittedAt = status === 'DRAFT' ? null : day(year, 3, intBetween(rng, 1, 25));
      return {
        blocYearId,
        agencyId: m.id,
        collectiveTitle: excellent ? 'TTLDXS' : 'TTLDTT',
        awardAims: excellent ? 'CO_TINH,BANG_KHEN_TINH' : 'BANG_KHEN_TINH',
        targets: KIND_WORK[m.plan.kind].target,
        staffCount,
        countLdtt,
        countCstdcs: Math.min(countCstdcs, Math.floor(countLdtt * 0.15)),
        countCstdTinh: intBetween(rng, 0, 2),
        status,
        submittedAt,
        submittedById: submittedAt ? ctx.officerIds.get(m.id)! : null,
        reviewedAt: status === 'ACCEPTED' && submittedAt ? addDays(submittedAt, 3) : null,
        reviewedById: status === 'ACCEPTED' ? headOfficerId : null,
      };
    }),
  });
}

async function writePledge(
  ctx: SeedContext,
  blocYearId: number,
  blocName: string,
  year: number,
  members: AgencyRef[],
  head: AgencyRef,
  deputy: AgencyRef,
  headOfficerId: number,
  unsigned: AgencyRef[],
): Promise<void> {
  const publishedAt = day(year, 2, 20);
  // Head and deputy sign first, as on the paper pledge.
  const signers = [head, deputy, ...members.filter((m) => m !== head && m !== deputy)].filter((m) => !unsigned.includes(m));
  await ctx.tx.pledge.create({
    data: {
      blocYearId,
      title: `Giao ước thi đua năm ${year}`,
      body: pledgeBody(blocName, year),
      targets: `Phấn đấu 100% đơn vị thành viên hoàn thành xuất sắc nhiệm vụ năm ${year}; không có cán bộ, công chức vi phạm kỷ luật.`,
      publishedAt,
      publishedById: headOfficerId,
      signatures: {
        createMany: {
          data: signers.map((m, i) => ({
            agencyId: m.id,
            signedById: ctx.officerIds.get(m.id)!,
            signerName: m.plan.headName,
            signerTitle: m.plan.headTitle,
            signedAt: addDays(publishedAt, 1 + i),
          })),
        },
      },
    },
  });
}

async function writeSheets(
  ctx: SeedContext,
  blocYearId: number,
  period: 'MID_YEAR' | 'YEAR_END',
  sheets: { agencyId: number; entries: EntryDraft[] }[],
  submittedAt: Date,
  reviewedAt: Date,
  reviewerId: number,
): Promise<void> {
  for (const s of sheets) {
    await ctx.tx.scoreSheet.create({
      data: {
        blocYearId,
        agencyId: s.agencyId,
        period,
        status: 'ACCEPTED',
        submittedAt,
        submittedById: ctx.officerIds.get(s.agencyId)!,
        reviewedAt,
        reviewedById: reviewerId,
        entries: { createMany: { data: s.entries } },
      },
    });
  }
}

async function writeReview(
  ctx: SeedContext,
  blocYearId: number,
  kind: 'MID_YEAR' | 'YEAR_END',
  heldAt: Date,
  meeting: {
    place: string;
    chairName: string;
    secretaryName: string;
    membersTotal: number;
    membersPresent: number;
    frozenById: number;
  },
  results: RankedResult[],
  texts: { summary: string; tasksAhead: string },
): Promise<void> {
  await ctx.tx.review.create({
    data: {
      blocYearId,
      kind,
      heldAt,
      ...meeting,
      ...texts,
      frozenAt: heldAt,
      results: {
        createMany: {
          data: results.map((r) => ({
            agencyId: r.agencyId,
            agencyName: r.agencyName,
            baseCenti: r.baseCenti,
            bonusCenti: r.bonusCenti,
            deductionCenti: r.deductionCenti,
            totalCenti: r.totalCenti,
            coreGroupCenti: r.coreGroupCenti,
            rank: r.rank,
            band: r.band,
          })),
        },
      },
    },
  });
}

async function writeProposals(
  ctx: SeedContext,
  blocYearId: number,
  provinceCode: string,
  year: number,
  blocName: string,
  flagUnits: AgencyRef[],
  results: RankedResult[],
  sentAt: Date,
  sentById: number,
): Promise<void> {
  if (flagUnits.length === 0) return;
  const decision = BOARD_DECISIONS[`${provinceCode}:${year}`];
  await ctx.tx.awardProposal.createMany({
    data: flagUnits.map((m) => {
      const r = results.find((x) => x.agencyId === m.id)!;
      return {
        blocYearId,
        awardKind: 'CO_TINH',
        agencyId: m.id,
        status: decision ? 'APPROVED' : 'SENT',
        achievements:
          `Năm ${year}, ${r.agencyName} hoàn thành xuất sắc nhiệm vụ được giao, xếp thứ ${r.rank}/${results.length} ` +
          `${blocName} với ${formatPoints(r.totalCenti)} điểm. ${KIND_WORK[m.plan.kind].achievement}`,
        sentAt,
        sentById,
        decisionNumber: decision?.number ?? '',
        decisionDate: decision ? parseDay(decision.date) : null,
        decisionOutcome: decision ? 'APPROVED' : '',
        decidedById: decision ? ctx.boardIds.get(provinceCode) ?? null : null,
      };
    }),
  });
  // the decided awards enter the province's register, as the board's decision does on the portal
  if (decision) {
    const approved = await ctx.tx.awardProposal.findMany({ where: { blocYearId, status: 'APPROVED' }, select: { id: true } });
    await syncRegister(ctx.tx, approved.map((p) => p.id));
  }
}
