// The data behind the documents a bloc files (Nghị định 30/2020 format). Services fill these from
// the database; src/documents/* turn them into DOCX, PDF and XLSX. Points are hundredths (centi).

/** Header block shared by every administrative document. */
export type DocHeader = {
  /** issuing body, upper case in the document: "KHỐI THI ĐUA CÁC CƠ QUAN TRUNG ƯƠNG TỈNH NGHỆ AN" */
  issuer: string;
  /** the unit that acts for the bloc (the head unit), shown above the issuer; may be "" */
  issuerParent: string;
  /** "Số: 01/TTr-KTĐ" without the "Số: " prefix; "" leaves a blank to fill by hand */
  number: string;
  /** place of the date line, e.g. "Nghệ An" */
  place: string;
  date: Date;
};

export type Signer = {
  /** "TRƯỞNG KHỐI", "KT. TRƯỞNG KHỐI / PHÓ TRƯỞNG KHỐI", "THƯ KÝ", "CHỦ TRÌ" … */
  role: string;
  /** the unit the signer belongs to, e.g. "Cục Hải quan Nghệ An"; may be "" */
  unit: string;
  /** the person's name only, the line under the signature */
  name: string;
  /** the person's post, e.g. "Cục trưởng"; kept apart from the name so it never lands on the name line */
  title?: string;
};

export type RankRow = {
  rank: number;
  name: string;
  baseCenti: number;
  bonusCenti: number;
  deductionCenti: number;
  totalCenti: number;
  /** Vietnamese band label: "Xuất sắc", "Tốt", "Khá", "Trung bình" */
  band: string;
};

export type TallyCandidate = { name: string; votes: number; /** votes / members total, 0..1 */ ratio: number; elected: boolean };

export type TallyData = {
  header: DocHeader;
  /** "Suy tôn đơn vị đề nghị tặng Cờ thi đua của UBND tỉnh năm 2020" */
  ballotTitle: string;
  round: number;
  /** "Bỏ phiếu kín" or "Biểu quyết" */
  method: string;
  heldAt: Date;
  membersTotal: number;
  membersPresent: number;
  issued: number;
  returned: number;
  valid: number;
  invalid: number;
  seats: number;
  /** "Trúng cử khi được trên 50% tổng số đơn vị thành viên đồng ý" */
  thresholdText: string;
  quorumMet: boolean;
  candidates: TallyCandidate[];
  /** one sentence each, e.g. "Cục Thuế Nghệ An: trúng cử (7/8 phiếu, 87,50%)" */
  result: string[];
  /** the counting committee (ban kiểm phiếu) */
  signers: Signer[];
};

export type ProposedAward = { stt: number; name: string; award: string; note: string };

/** A unit or a person the meeting named exemplary (đơn vị, cá nhân tiêu biểu). */
export type Honoree = { name: string; note: string };

/** Minutes of the year-end conference (minutesDoc) or of the mid-year review (midYearMinutesDoc). */
export type MinutesData = {
  header: DocHeader;
  /** "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2020" */
  meetingTitle: string;
  legalBasis: string[];
  heldAt: Date;
  place: string;
  /** the chair's name only; the post is chairTitle */
  chairName: string;
  chairTitle: string;
  chairUnit: string;
  secretaryName: string;
  secretaryUnit: string;
  membersTotal: number;
  membersPresent: number;
  absentees: string[];
  /** "Bỏ phiếu kín" … */
  method: string;
  summary: string;
  ranking: RankRow[];
  /** the units and people named exemplary, as entered when the review was frozen */
  honorees: Honoree[];
  /** year-end: next year's tasks; mid-year: the tasks of the second half */
  tasksAhead: string;
  /** year-end only (empty at mid-year) */
  ballots: { title: string; result: string[] }[];
  proposals: ProposedAward[];
  nextHead: string;
  nextDeputy: string;
  /** "Bầu bằng phiếu kín" / "Theo thứ tự luân phiên đã thống nhất" */
  handoverMethod: string;
  signers: Signer[];
};

export type ProposalLetterData = {
  header: DocHeader;
  /** "Về việc đề nghị tặng Cờ thi đua của UBND tỉnh năm 2020" */
  subject: string;
  /** "Ủy ban nhân dân tỉnh Nghệ An" (Kính gửi) */
  recipient: string;
  legalBasis: string[];
  body: string;
  lists: { award: string; rows: { stt: number; name: string; totalCenti: number | null; rank: number | null; achievements: string }[] }[];
  /** Nơi nhận */
  copies: string[];
  signer: Signer;
};

export type PledgeDocData = {
  header: DocHeader;
  title: string;
  theme: string;
  body: string;
  targets: string;
  legalBasis: string[];
  /** head first, deputy second, then the members; signedAt null = not signed yet */
  signatures: { unit: string; role: string; signerName: string; signerTitle: string; signedAt: Date | null }[];
};

export type ScoreboardData = {
  blocName: string;
  year: number;
  /** "Cả năm" / "6 tháng đầu năm" */
  periodLabel: string;
  /** the period as a key (the title says "Sơ kết 6 tháng" / "Tổng kết"); absent = read from periodLabel */
  period?: 'MID_YEAR' | 'YEAR_END';
  /** the bloc's province, e.g. "Nghệ An"; shown under the title unless the bloc's name says it */
  provinceName?: string;
  /**
   * The criteria in any order: the workbook sorts them as the table shows them (group by group, then
   * sortOrder) when every criterion has its group, and adds a subtotal column per group.
   */
  criteria: {
    code: string;
    name: string;
    kind: 'NORMAL' | 'BONUS' | 'DEDUCTION';
    maxCenti: number;
    sortOrder?: number;
    group?: { code: string; name: string; sortOrder: number };
  }[];
  /** under the table, e.g. why other units' criteria are blank; "" or absent = none */
  note?: string;
  units: {
    name: string;
    rank: number | null;
    band: string;
    /** same order as criteria; null = not answered (or not the reader's to see) */
    self: (number | null)[];
    reviewed: (number | null)[];
    /** null = not ranked and not the reader's to see */
    baseCenti: number | null;
    bonusCenti: number | null;
    deductionCenti: number | null;
    totalCenti: number | null;
  }[];
};

export type RankingSheetData = {
  blocName: string;
  year: number;
  periodLabel: string;
  /** as in ScoreboardData */
  period?: 'MID_YEAR' | 'YEAR_END';
  provinceName?: string;
  rows: RankRow[];
};

/** The unit's achievement report (báo cáo thành tích) in the dossier of one proposal. */
export type AchievementReportData = {
  header: DocHeader;
  /** "Cờ thi đua của UBND tỉnh" */
  award: string;
  year: number;
  unitName: string;
  blocName: string;
  staffCount: number;
  /** the targets the unit registered at the start of the year */
  targets: string;
  totalCenti: number;
  bonusCenti: number;
  deductionCenti: number;
  rank: number;
  membersTotal: number;
  band: string;
  /** elected by the bloc's vote: "6/7 phiếu (85,71%)"; "" when no vote was needed */
  voteResult: string;
  achievements: string;
  /** the unit's earlier awards from the province's register, oldest first */
  priorAwards: { year: number; award: string; decision: string }[];
  signer: Signer;
};
