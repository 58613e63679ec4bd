import type { Lang } from './format';

/** The page's words in Persian, Vietnamese and English. Indicator definitions come from the API (English). */
export interface Labels {
  title: string;
  signIn: string;
  signOut: string;
  token: string;
  tokenHint: string;
  asOf: string;
  loading: string;
  notFound: string;
  language: string;
  levels: Record<string, string>;
  grossLoanPortfolio: string;
  par30: string;
  repaymentRate: string;
  savings: string;
  members: string;
  women: string;
  men: string;
  femaleHeaded: string;
  partnerCapital: string;
  activeBorrowers: string;
  collectionRate: string;
  savingsMobilised: string;
  shares: string;
  loanFundUtilisation: string;
  withDisability: string;
  referredByPartner: string;
  lastTwelveMonths: string;
  children: string;
  noChildren: string;
  name: string;
  trends: string;
  noTrend: string;
  atRisk: string;
  threshold: string;
  halfYear: string;
  noneAtRisk: string;
  downloadCsv: string;
  currency: string;
  network: string;
  definition: string;
}

const fa: Labels = {
  title: 'داشبورد صندوق‌های اعتبارات خرد',
  signIn: 'ورود',
  signOut: 'خروج',
  token: 'توکن',
  tokenHint: 'توکن خود را اینجا بچسبانید',
  asOf: 'تا پایان روز',
  loading: 'در حال بارگذاری…',
  notFound: 'این گره وجود ندارد یا بیرون از دسترسی شماست.',
  language: 'زبان',
  levels: { PROVINCE: 'استان', COUNTY: 'شهرستان', VILLAGE: 'روستا', FUND: 'صندوق', GROUP: 'گروه' },
  grossLoanPortfolio: 'مانده ناخالص وام‌ها',
  par30: 'پرتفوی در معرض خطر ۳۰ روزه',
  repaymentRate: 'نرخ بازپرداخت به‌موقع',
  savings: 'پس‌انداز اعضا',
  members: 'اعضای فعال',
  women: 'زن',
  men: 'مرد',
  femaleHeaded: 'زنان سرپرست خانوار',
  partnerCapital: 'سرمایه شرکا',
  activeBorrowers: 'وام‌گیرنده فعال',
  collectionRate: 'نرخ وصول',
  savingsMobilised: 'پس‌انداز جذب‌شده در ۱۲ ماه',
  shares: 'سهام اعضا',
  loanFundUtilisation: 'بهره‌وری منابع وام',
  withDisability: 'دارای معلولیت',
  referredByPartner: 'معرفی‌شده از سوی شرکا',
  lastTwelveMonths: '۱۲ ماه اخیر',
  children: 'زیرمجموعه‌ها',
  noChildren: 'زیرمجموعه‌ای ندارد.',
  name: 'نام',
  trends: 'روند ماهانه',
  noTrend: 'داده‌ای برای این دوره نیست.',
  atRisk: 'صندوق‌های با PAR30 بالاتر از آستانه',
  threshold: 'آستانه PAR30 (٪)',
  halfYear: 'نیم‌سال',
  noneAtRisk: 'هیچ صندوقی بالاتر از آستانه نیست.',
  downloadCsv: 'دریافت گزارش ارزیابی (CSV)',
  currency: 'ارز',
  network: 'شبکه',
  definition: 'تعریف',
};

const vi: Labels = {
  title: 'Bảng điều khiển quỹ tiết kiệm và tín dụng',
  signIn: 'Đăng nhập',
  signOut: 'Đăng xuất',
  token: 'Mã truy cập',
  tokenHint: 'Dán mã truy cập (token) vào đây',
  asOf: 'Tính đến hết ngày',
  loading: 'Đang tải…',
  notFound: 'Không có nút này, hoặc nó nằm ngoài phạm vi của bạn.',
  language: 'Ngôn ngữ',
  levels: { PROVINCE: 'Tỉnh', COUNTY: 'Huyện', VILLAGE: 'Xã', FUND: 'Quỹ', GROUP: 'Nhóm' },
  grossLoanPortfolio: 'Dư nợ cho vay gộp',
  par30: 'Nợ có rủi ro quá hạn 30 ngày',
  repaymentRate: 'Tỷ lệ trả nợ đúng hạn',
  savings: 'Tiết kiệm của thành viên',
  members: 'Thành viên đang hoạt động',
  women: 'nữ',
  men: 'nam',
  femaleHeaded: 'Nữ chủ hộ',
  partnerCapital: 'Vốn của đối tác',
  activeBorrowers: 'người đang vay',
  collectionRate: 'Tỷ lệ thu hồi',
  savingsMobilised: 'Tiết kiệm huy động trong 12 tháng',
  shares: 'Cổ phần của thành viên',
  loanFundUtilisation: 'Mức sử dụng vốn cho vay',
  withDisability: 'người khuyết tật',
  referredByPartner: 'do đối tác giới thiệu',
  lastTwelveMonths: '12 tháng qua',
  children: 'Đơn vị trực thuộc',
  noChildren: 'Không có đơn vị trực thuộc.',
  name: 'Tên',
  trends: 'Xu hướng theo tháng',
  noTrend: 'Không có số liệu cho giai đoạn này.',
  atRisk: 'Quỹ có PAR30 vượt ngưỡng',
  threshold: 'Ngưỡng PAR30 (%)',
  halfYear: 'Nửa năm',
  noneAtRisk: 'Không có quỹ nào vượt ngưỡng.',
  downloadCsv: 'Tải báo cáo đánh giá (CSV)',
  currency: 'Tiền tệ',
  network: 'Mạng lưới',
  definition: 'Định nghĩa',
};

const en: Labels = {
  title: 'Community funds dashboard',
  signIn: 'Sign in',
  signOut: 'Sign out',
  token: 'Token',
  tokenHint: 'Paste your token here',
  asOf: 'As of the end of',
  loading: 'Loading…',
  notFound: 'No such node, or it is outside your scope.',
  language: 'Language',
  levels: { PROVINCE: 'Province', COUNTY: 'County', VILLAGE: 'Village', FUND: 'Fund', GROUP: 'Group' },
  grossLoanPortfolio: 'Gross loan portfolio',
  par30: 'Portfolio at risk > 30 days',
  repaymentRate: 'On-time repayment rate',
  savings: "Members' savings",
  members: 'Active members',
  women: 'women',
  men: 'men',
  femaleHeaded: 'Female-headed households',
  partnerCapital: "Partners' capital",
  activeBorrowers: 'active borrowers',
  collectionRate: 'Collection rate',
  savingsMobilised: 'Saved in 12 months',
  shares: "Members' shares",
  loanFundUtilisation: 'Loan fund utilisation',
  withDisability: 'with a disability',
  referredByPartner: 'referred by a partner',
  lastTwelveMonths: '12 months',
  children: 'Below this node',
  noChildren: 'Nothing below this node.',
  name: 'Name',
  trends: 'Month by month',
  noTrend: 'No figures for this period.',
  atRisk: 'Funds above a PAR30 threshold',
  threshold: 'PAR30 threshold (%)',
  halfYear: 'Half-year',
  noneAtRisk: 'No fund is above the threshold.',
  downloadCsv: 'Download the evaluation report (CSV)',
  currency: 'Currency',
  network: 'Network',
  definition: 'Definition',
};

export const LABELS: Record<Lang, Labels> = { fa, vi, en };

export const LANGUAGE_NAMES: Record<Lang, string> = { fa: 'فارسی', vi: 'Tiếng Việt', en: 'English' };
