// Real emulation blocs (khối thi đua) as reported in provincial news articles, used by the demo
// seed. Copied from the project's shared demo-blocs.json so the seed works where that folder is
// absent (users' machines). Agency names are as published; 'head'/'deputy' are the Khối trưởng and
// Khối phó of the year; 'flagProposals' are the units the bloc voted to propose for the provincial
// emulation flag (Cờ thi đua của UBND tỉnh) for that year. Dates are ISO calendar dates.

export interface DemoBlocYear {
  readonly year: number;
  readonly head?: string;
  readonly deputy?: string;
  readonly midYearReview?: string;
  readonly yearEndReview?: string;
  readonly flagProposals?: readonly string[];
  readonly theme?: string;
  readonly motto?: string;
  readonly note?: string;
}

export interface DemoBloc {
  readonly province: string;
  readonly name: string;
  readonly members: readonly string[];
  readonly years: readonly DemoBlocYear[];
}

export interface DemoBlocsData {
  readonly about: string;
  readonly blocs: readonly DemoBloc[];
}

export const DEMO_BLOCS = {
  about:
    "Real emulation blocs (khối thi đua) as reported in provincial news articles, for demo data and tests. Agency names are as published. 'head'/'deputy' are the bloc head (Khối trưởng) and deputy (Khối phó) of the given year. 'flagProposals' are the units the bloc voted to propose for the provincial People's Committee emulation flag (Cờ thi đua của UBND tỉnh) for that year.",
  blocs: [
    {
      province: 'Nghệ An',
      name: 'Khối các cơ quan Trung ương tỉnh Nghệ An',
      members: [
        'Cục Hải quan Nghệ An',
        'Cục Thống kê Nghệ An',
        'Cục Thuế Nghệ An',
        'Kho bạc Nhà nước tỉnh Nghệ An',
        'Ngân hàng Nhà nước Chi nhánh tỉnh Nghệ An',
        'Cục Dự trữ Nhà nước khu vực Nghệ Tĩnh',
        'Cục Quản lý thị trường tỉnh Nghệ An',
        'Bảo hiểm xã hội tỉnh Nghệ An',
      ],
      years: [
        {
          year: 2019,
          head: 'Bảo hiểm xã hội tỉnh Nghệ An',
          yearEndReview: '2019-11-15',
          flagProposals: ['Cục Dự trữ Nhà nước khu vực Nghệ Tĩnh', 'Cục Thuế Nghệ An'],
        },
        { year: 2020, head: 'Cục Hải quan Nghệ An', deputy: 'Cục Quản lý thị trường tỉnh Nghệ An' },
      ],
    },
    {
      province: 'Hà Nam',
      name: 'Khối Thi đua Tổng hợp tỉnh Hà Nam',
      members: [
        'Văn phòng Đoàn ĐBQH và HĐND tỉnh Hà Nam',
        'Văn phòng UBND tỉnh Hà Nam',
        'Sở Kế hoạch và Đầu tư tỉnh Hà Nam',
        'Sở Tài chính tỉnh Hà Nam',
        'Kho bạc Nhà nước tỉnh Hà Nam',
        'Cục Thuế tỉnh Hà Nam',
        'Cục Thống kê tỉnh Hà Nam',
        'Chi nhánh Ngân hàng Nhà nước tỉnh Hà Nam',
        'Chi cục Hải quan Hà Nam',
      ],
      years: [
        {
          year: 2021,
          head: 'Văn phòng Đoàn ĐBQH và HĐND tỉnh Hà Nam',
          deputy: 'Kho bạc Nhà nước tỉnh Hà Nam',
          yearEndReview: '2021-12-28',
          theme: 'Đoàn kết, sáng tạo, thi đua xây dựng và bảo vệ Tổ quốc',
        },
        { year: 2022, head: 'Văn phòng UBND tỉnh Hà Nam', deputy: 'Chi nhánh Ngân hàng Nhà nước tỉnh Hà Nam' },
      ],
    },
    {
      province: 'Tây Ninh',
      name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh',
      members: [
        'Cục Thuế tỉnh Tây Ninh',
        'Bảo hiểm xã hội tỉnh Tây Ninh',
        'Cục Hải quan Tây Ninh',
        'Kho bạc Nhà nước tỉnh Tây Ninh',
        'Ngân hàng Nhà nước Việt Nam Chi nhánh tỉnh Tây Ninh',
        'Cục Thống kê tỉnh Tây Ninh',
        'Cục Quản lý thị trường tỉnh Tây Ninh',
      ],
      years: [
        {
          year: 2019,
          flagProposals: ['Bảo hiểm xã hội tỉnh Tây Ninh'],
          note: "BHXH tỉnh received the bloc's leading-unit emulation flag (Cờ thi đua đơn vị dẫn đầu) for 2019",
        },
        {
          year: 2020,
          head: 'Cục Thống kê tỉnh Tây Ninh',
          midYearReview: '2020-07-24',
          theme: 'Đoàn kết, sáng tạo, thi đua xây dựng và bảo vệ Tổ quốc',
          motto: 'Kỷ cương, liêm chính, hành động, trách nhiệm, sáng tạo, hiệu quả',
        },
      ],
    },
  ],
} as const satisfies DemoBlocsData;
