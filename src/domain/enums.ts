// Closed sets of values stored as strings (see prisma/schema.prisma), with their Vietnamese labels.

export const ROLES = ['ADMIN', 'BOARD', 'UNIT_OFFICER'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Quản trị hệ thống',
  BOARD: 'Ban Thi đua – Khen thưởng tỉnh',
  UNIT_OFFICER: 'Cán bộ phụ trách thi đua đơn vị',
};

export const PHASES = ['SETUP', 'REGISTRATION', 'SCORING', 'MID_YEAR_REVIEW', 'YEAR_END_REVIEW', 'CLOSED'] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_LABELS: Record<Phase, string> = {
  SETUP: 'Chuẩn bị',
  REGISTRATION: 'Đăng ký thi đua',
  SCORING: 'Chấm điểm',
  MID_YEAR_REVIEW: 'Sơ kết 6 tháng',
  YEAR_END_REVIEW: 'Tổng kết năm',
  CLOSED: 'Đã khóa sổ',
};

/** What kind of office an agency is (Agency.kind), as the demo data and the imports use it. */
export const AGENCY_KINDS = ['TAX', 'TREASURY', 'STATISTICS', 'CUSTOMS', 'SOCIAL_INSURANCE', 'STATE_BANK', 'MARKET', 'RESERVE', 'OTHER'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  TAX: 'Thuế',
  TREASURY: 'Kho bạc Nhà nước',
  STATISTICS: 'Thống kê',
  CUSTOMS: 'Hải quan',
  SOCIAL_INSURANCE: 'Bảo hiểm xã hội',
  STATE_BANK: 'Ngân hàng Nhà nước',
  MARKET: 'Quản lý thị trường',
  RESERVE: 'Dự trữ Nhà nước',
  OTHER: 'Khác',
};

export const BLOC_KINDS = ['KHOI', 'CUM'] as const;
export const BLOC_KIND_LABELS: Record<(typeof BLOC_KINDS)[number], string> = { KHOI: 'Khối thi đua', CUM: 'Cụm thi đua' };

export const CRITERION_KINDS = ['NORMAL', 'BONUS', 'DEDUCTION'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

export const PERIODS = ['MID_YEAR', 'YEAR_END'] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS: Record<Period, string> = { MID_YEAR: '6 tháng đầu năm', YEAR_END: 'Cả năm' };

export const SHEET_STATUSES = ['DRAFT', 'SUBMITTED', 'RETURNED', 'ACCEPTED'] as const;
export type SheetStatus = (typeof SHEET_STATUSES)[number];
export const SHEET_STATUS_LABELS: Record<SheetStatus, string> = {
  DRAFT: 'Đang soạn',
  SUBMITTED: 'Đã gửi',
  RETURNED: 'Bị trả lại',
  ACCEPTED: 'Đã thẩm định',
};

export const REGISTRATION_STATUSES = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  DRAFT: 'Chưa gửi',
  SUBMITTED: 'Đã gửi, chờ duyệt',
  ACCEPTED: 'Đã chấp nhận',
  RETURNED: 'Bị trả lại',
};

export const AWARD_KINDS = ['CO_TINH', 'CO_CHINH_PHU', 'BANG_KHEN_TINH', 'TTLDXS', 'TTLDTT'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];
export const AWARD_LABELS: Record<AwardKind, string> = {
  CO_TINH: 'Cờ thi đua của UBND tỉnh',
  CO_CHINH_PHU: 'Cờ thi đua của Chính phủ',
  BANG_KHEN_TINH: 'Bằng khen của Chủ tịch UBND tỉnh',
  TTLDXS: 'Tập thể lao động xuất sắc',
  TTLDTT: 'Tập thể lao động tiên tiến',
};

export const BANDS = ['XUAT_SAC', 'TOT', 'KHA', 'TRUNG_BINH'] as const;
export type Band = (typeof BANDS)[number];
export const BAND_LABELS: Record<Band, string> = { XUAT_SAC: 'Xuất sắc', TOT: 'Tốt', KHA: 'Khá', TRUNG_BINH: 'Trung bình' };

export const LINEAGE_KINDS = ['MERGE', 'SPLIT', 'RENAME', 'TRANSFER', 'DISSOLVE'] as const;
export const LINEAGE_LABELS: Record<(typeof LINEAGE_KINDS)[number], string> = {
  MERGE: 'Hợp nhất',
  SPLIT: 'Chia tách',
  RENAME: 'Đổi tên',
  TRANSFER: 'Chuyển giao',
  DISSOLVE: 'Giải thể',
};

export const FLAG_KINDS = ['DISCIPLINE', 'INSPECTION', 'INVESTIGATION', 'COMPLAINT'] as const;
export const FLAG_LABELS: Record<(typeof FLAG_KINDS)[number], string> = {
  DISCIPLINE: 'Đang xem xét kỷ luật',
  INSPECTION: 'Đang thanh tra',
  INVESTIGATION: 'Đang điều tra',
  COMPLAINT: 'Có khiếu nại chưa giải quyết',
};

export const PROPOSAL_STATUSES = ['DRAFT', 'SENT', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  DRAFT: 'Chưa gửi',
  SENT: 'Đã gửi, chờ quyết định',
  APPROVED: 'Được khen thưởng',
  REJECTED: 'Không được khen thưởng',
  WITHDRAWN: 'Đã rút',
};

export const HANDOVER_LABELS: Record<string, string> = {
  BALLOT: 'Bầu bằng phiếu kín',
  ROTATION: 'Theo thứ tự luân phiên đã thống nhất',
  AGREED: 'Hội nghị thống nhất',
  '': 'Chưa bầu',
};
