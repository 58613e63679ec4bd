/**
 * The demo network: provinces, counties, villages, funds, groups, members, officers and partners,
 * as pure data (no database code). Places, programmes and partners come from the source articles
 * summarised in DESIGN.md section 1 (Persian and Vietnamese press articles); members are generated here from fixed name lists with a
 * seeded PRNG, so the output is identical on every run and on every machine.
 *
 * Every member is eligible under her fund's methodology (sex, age 15-60 on joining, group sizes,
 * fund size), every national id is valid for its country and unique in the network, and every
 * officer is a member of the fund who had joined by the start of her term. demo-network.spec.ts
 * checks all of this, so edit the specs below, not the generated output.
 *
 * Place names: the counties are real. Villages marked "real" in the specs below are real places
 * of that county to the best of the author's knowledge; the others are plausible names chosen
 * to fit the region and may not exist there. Person names and national ids are invented; a
 * generated Iranian code can coincide with a real person's code by chance (any valid code can).
 */
import { makeIranianNationalCode, makeVietnameseCitizenId } from '../modules/member/national-id';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export interface DemoMember {
  givenName: string;
  familyName: string;
  givenNameLatin?: string;
  familyNameLatin?: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'FEMALE' | 'MALE';
  nationalId: string;
  femaleHeadOfHousehold?: boolean;
  hasDisability?: boolean;
  /** partner key */
  referredBy?: string;
  livelihood?:
    | 'BEEKEEPING'
    | 'LEATHERWORK'
    | 'VEGETABLES'
    | 'DAIRY'
    | 'POULTRY'
    | 'KILIM_WEAVING'
    | 'HANDICRAFTS'
    | 'LIVESTOCK'
    | 'TAILORING'
    | 'SMALL_TRADE'
    | 'AGRICULTURE'
    | 'OTHER';
  /** decimal string in the fund currency (IRR or VND, whole units) */
  baselineMonthlyIncome?: string;
  /** YYYY-MM-DD */
  joinedOn: string;
}
export interface DemoGroup {
  name: string;
  nameLatin?: string;
  members: DemoMember[];
}
export interface DemoOfficer {
  role: 'MANAGING_DIRECTOR' | 'SECRETARY' | 'ACCOUNTANT' | 'CHAIR' | 'TREASURER' | 'MONEY_COUNTER' | 'KEY_HOLDER';
  /** "groupIndex.memberIndex", e.g. "0.2" */
  member: string;
  termStart: string;
}
export type DemoStage =
  | 'VILLAGE_CHOSEN'
  | 'SITE_CHOSEN'
  | 'MEMBERS_RECRUITED'
  | 'SAVINGS_MOBILISED'
  | 'MEETING_RULES_ADOPTED'
  | 'GROUPS_FORMED'
  | 'BOARD_APPOINTED'
  | 'TRAINED'
  | 'CAPITAL_INJECTED'
  | 'LENDING_STARTED'
  | 'SUPERVISED';
export interface DemoPartnerLink {
  partner: string;
  kind: 'FINANCES' | 'REFERS_MEMBERS' | 'TRAINS' | 'FACILITATES';
  startsOn: string;
}
export interface DemoFund {
  name: string;
  nameLatin?: string;
  methodology: 'MICRO_FUND' | 'SELF_HELP_GROUP' | 'SAVINGS_GROUP';
  foundedOn: string;
  groups: DemoGroup[];
  officers: DemoOfficer[];
  stages: { stage: DemoStage; completedOn: string }[];
  activate: boolean;
  partners?: DemoPartnerLink[];
}
export interface DemoVillage {
  name: string;
  nameLatin?: string;
  kind: 'VILLAGE' | 'NEIGHBORHOOD';
  funds: DemoFund[];
}
export interface DemoCounty {
  name: string;
  nameLatin?: string;
  villages: DemoVillage[];
}
export interface DemoProvince {
  country: 'IR' | 'VN';
  name: string;
  nameLatin?: string;
  counties: DemoCounty[];
  partners?: DemoPartnerLink[];
}
export interface DemoPartner {
  key: string;
  name: string;
  nameLatin?: string;
  kind: 'GOVERNMENT_BODY' | 'NGO' | 'BANK' | 'DONOR';
  country?: 'IR' | 'VN';
}
export interface DemoNetwork {
  partners: DemoPartner[];
  provinces: DemoProvince[];
}

type Livelihood = NonNullable<DemoMember['livelihood']>;
type Methodology = DemoFund['methodology'];
type Role = DemoOfficer['role'];

// ---------------------------------------------------------------------------------------------
// Deterministic helpers
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small 32-bit seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units: a fund's own seed, so editing one fund does not reshuffle the others. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
}

const DAY_MS = 86_400_000;
function toDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}
function toIso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
function addDays(iso: string, days: number): string {
  return toIso(new Date(toDate(iso).getTime() + days * DAY_MS));
}
function minIso(a: string, b: string): string {
  return a < b ? a : b;
}
/** A birth date that makes the person exactly `age` whole years old on `on`. */
function birthDateForAge(on: string, age: number, daysBeforeBirthday: number): string {
  const d = toDate(on);
  const anniversary = new Date(Date.UTC(d.getUTCFullYear() - age, d.getUTCMonth(), d.getUTCDate()));
  return toIso(new Date(anniversary.getTime() - daysBeforeBirthday * DAY_MS));
}

/** Latest date any generated membership starts: the demo's "as of" horizon (before 2026-11-01). */
const LATEST_JOIN = '2026-10-20';

function stripVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

// ---------------------------------------------------------------------------------------------
// Partners (DESIGN.md section 1; seed articles 000-004)
// ---------------------------------------------------------------------------------------------

const partners: DemoPartner[] = [
  // Grants the initial capital of the North Khorasan micro-funds (article 000).
  { key: 'womens-affairs', name: 'دفتر امور زنان', nameLatin: "Women's Affairs Office", kind: 'GOVERNMENT_BODY', country: 'IR' },
  // Places money with the funds in trust, and runs the extension service that sets them up (article 000).
  {
    key: 'agriculture-jihad',
    name: 'وزارت جهاد کشاورزی',
    nameLatin: 'Ministry of Agriculture Jihad',
    kind: 'GOVERNMENT_BODY',
    country: 'IR',
  },
  // State-owned fund; financed Zanjan's 20 local funds with 9 billion rials and trained their officers (article 001).
  { key: 'omid', name: 'صندوق کارآفرینی امید', nameLatin: 'Omid Entrepreneurship Fund', kind: 'GOVERNMENT_BODY', country: 'IR' },
  // Refers people with disabilities to new funds (article 001); runs the Kermanshah self-help groups (article 002).
  { key: 'welfare', name: 'سازمان بهزیستی', nameLatin: 'Welfare Organization (Behzisti)', kind: 'GOVERNMENT_BODY', country: 'IR' },
  // Linkage loans to self-help group members without guarantor or collateral (article 002).
  { key: 'agri-bank', name: 'بانک کشاورزی', nameLatin: 'Bank Keshavarzi (Agriculture Bank)', kind: 'BANK', country: 'IR' },
  // Carried out the micro-finance scheme in Sahneh county for Behzisti (article 002).
  { key: 'tolou-clinic', name: 'کلینیک مددکاری اجتماعی طلوع', nameLatin: 'Tolou Social Work Clinic', kind: 'NGO', country: 'IR' },
  // Urban facilitation office under the governorate (article 003).
  {
    key: 'hemmatabad-office',
    name: 'دفتر تسهیلگری و توسعه محلی همت‌آباد',
    nameLatin: 'Hemmatabad Facilitation and Local Development Office',
    kind: 'GOVERNMENT_BODY',
    country: 'IR',
  },
  // Article 004: Plan's experts trained staff and helped found the first group; WE Effect funded the project.
  { key: 'plan', name: 'Plan International', kind: 'NGO' },
  { key: 'we-effect', name: 'We Effect', kind: 'DONOR' },
  // Vietnamese mass organisations are state-affiliated: GOVERNMENT_BODY is the closest of the four kinds.
  {
    key: 'coop-alliance',
    name: 'Liên minh Hợp tác xã tỉnh Yên Bái',
    nameLatin: 'Yen Bai Cooperative Alliance',
    kind: 'GOVERNMENT_BODY',
    country: 'VN',
  },
  {
    key: 'womens-union',
    name: 'Hội Liên hiệp Phụ nữ tỉnh Yên Bái',
    nameLatin: "Yen Bai Women's Union",
    kind: 'GOVERNMENT_BODY',
    country: 'VN',
  },
];

// ---------------------------------------------------------------------------------------------
// Name lists: [script, Latin]
// ---------------------------------------------------------------------------------------------

type Name = readonly [string, string];

const PERSIAN_GIVEN: Name[] = [
  ['فاطمه', 'Fatemeh'],
  ['زهرا', 'Zahra'],
  ['معصومه', 'Masoumeh'],
  ['سکینه', 'Sakineh'],
  ['مریم', 'Maryam'],
  ['لیلا', 'Leila'],
  ['زینب', 'Zeynab'],
  ['طاهره', 'Tahereh'],
  ['صغری', 'Soghra'],
  ['کبری', 'Kobra'],
  ['رقیه', 'Roghayeh'],
  ['خدیجه', 'Khadijeh'],
  ['اعظم', 'Azam'],
  ['نرگس', 'Narges'],
  ['سمیه', 'Somayeh'],
  ['فرزانه', 'Farzaneh'],
  ['شهناز', 'Shahnaz'],
  ['پروین', 'Parvin'],
  ['منیژه', 'Manizheh'],
  ['ربابه', 'Robabeh'],
  ['عفت', 'Effat'],
  ['سهیلا', 'Soheila'],
  ['مهین', 'Mahin'],
  ['حلیمه', 'Halimeh'],
  ['ملیحه', 'Maliheh'],
  ['اکرم', 'Akram'],
  ['نسرین', 'Nasrin'],
  ['طیبه', 'Tayebeh'],
  ['آمنه', 'Ameneh'],
  ['صدیقه', 'Sedigheh'],
  ['فریبا', 'Fariba'],
  ['عذرا', 'Azra'],
];
const PERSIAN_FAMILY: Name[] = [
  ['حسینی', 'Hosseini'],
  ['محمدی', 'Mohammadi'],
  ['رضایی', 'Rezaei'],
  ['احمدی', 'Ahmadi'],
  ['کریمی', 'Karimi'],
  ['جعفری', 'Jafari'],
  ['قاسمی', 'Ghasemi'],
  ['موسوی', 'Mousavi'],
  ['نوروزی', 'Nowruzi'],
  ['عباسی', 'Abbasi'],
  ['صادقی', 'Sadeghi'],
  ['یوسفی', 'Yousefi'],
  ['حیدری', 'Heydari'],
  ['اکبری', 'Akbari'],
  ['ملکی', 'Maleki'],
  ['رحیمی', 'Rahimi'],
  ['سلیمانی', 'Soleimani'],
  ['مرادی', 'Moradi'],
];
const REGIONAL_FAMILY: Record<string, Name[]> = {
  'North Khorasan': [
    ['زعفرانلو', 'Zafaranlou'],
    ['شادلو', 'Shadlou'],
    ['ایلخانی', 'Ilkhani'],
    ['اسدی', 'Asadi'],
    ['بیات', 'Bayat'],
    ['قلی‌پور', 'Gholipour'],
  ],
  Zanjan: [
    ['بیگدلی', 'Bigdeli'],
    ['افشار', 'Afshar'],
    ['ذوالفقاری', 'Zolfaghari'],
    ['خدابنده‌لو', 'Khodabandehlou'],
    ['اصلانی', 'Aslani'],
    ['قره‌خانی', 'Gharakhani'],
  ],
  Kermanshah: [
    ['زنگنه', 'Zangeneh'],
    ['ویسی', 'Veysi'],
    ['کرمی', 'Karami'],
    ['رستمی', 'Rostami'],
    ['شهبازی', 'Shahbazi'],
    ['فتاحی', 'Fattahi'],
  ],
  Isfahan: [
    ['شاکری', 'Shakeri'],
    ['اصفهانی', 'Esfahani'],
    ['نصیری', 'Nasiri'],
    ['طاهری', 'Taheri'],
    ['امینی', 'Amini'],
    ['کاظمی', 'Kazemi'],
  ],
};
const REGIONAL_GIVEN: Record<string, Name[]> = {
  'North Khorasan': [
    ['گل‌بی‌بی', 'Golbibi'],
    ['بی‌بی‌گل', 'Bibigol'],
  ],
  Zanjan: [
    ['گلاب', 'Golab'],
    ['سارا', 'Sara'],
  ],
  Kermanshah: [
    ['شیرین', 'Shirin'],
    ['گلاله', 'Galaleh'],
    ['ژیلا', 'Zhila'],
  ],
  Isfahan: [
    ['مهری', 'Mehri'],
    ['اشرف', 'Ashraf'],
  ],
};

const VIETNAMESE_FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Vũ',
  'Đỗ',
  'Bùi',
  'Đặng',
  'Hà',
  'Lò',
  'Lường',
  'Cầm',
  'Đinh',
  'Triệu',
  'Bàn',
];
const VIETNAMESE_GIVEN_FEMALE = [
  'Thị Hoa',
  'Thị Lan',
  'Thị Mai',
  'Thị Hương',
  'Thị Thu',
  'Thị Hằng',
  'Thị Nga',
  'Thị Hạnh',
  'Thị Thủy',
  'Thị Liên',
  'Thị Xuân',
  'Thị Dung',
  'Thị Huệ',
  'Thị Tâm',
  'Thị Phương',
  'Thị Yến',
  'Thị Nhung',
  'Thị Quyên',
];
const VIETNAMESE_GIVEN_MALE = ['Văn Hùng', 'Văn Nam', 'Văn Thắng', 'Văn Toàn', 'Văn Dũng', 'Văn Minh', 'Văn Sơn'];
/** CCCD province codes of birth registration: mostly Yen Bai (015), some neighbours (Lao Cai, Phu Tho, Thai Binh, Nam Dinh). */
const VN_BIRTH_PROVINCES = ['015', '015', '015', '015', '015', '015', '015', '010', '025', '034', '036'];

const GROUP_NAMES: Name[] = [
  ['گروه لاله', 'Laleh group'],
  ['گروه نرگس', 'Narges group'],
  ['گروه یاس', 'Yas group'],
  ['گروه بنفشه', 'Banafsheh group'],
  ['گروه شقایق', 'Shaghayegh group'],
  ['گروه نسترن', 'Nastaran group'],
  ['گروه سنبل', 'Sonbol group'],
];

// ---------------------------------------------------------------------------------------------
// Fund specs
// ---------------------------------------------------------------------------------------------

interface FundSpec {
  name: string;
  nameLatin: string;
  foundedOn: string;
  /** Micro-funds: number of groups (each of 5-7). Ignored for one-group methodologies. */
  groups?: number;
  /** Still being formed: `board` = everything up to groups formed, `recruiting` = members recruited and saving. */
  forming?: 'board' | 'recruiting';
  /** Members with disabilities referred by Behzisti who joined later, on or after this date. */
  welfareReferrals?: { count: number; from: string };
  partners?: DemoPartnerLink[];
}

interface RegionStyle {
  country: 'IR' | 'VN';
  region: string;
  methodology: Methodology;
  livelihoods: Livelihood[];
  /** share of members with no income at baseline */
  zeroIncome: number;
  maxIncome: number;
  incomeStep: number;
  femaleHeads: number;
  /** share of founding members with a disability referred by Behzisti */
  disabled?: number;
  /** share of men (savings groups) */
  men?: number;
  /** share of girls aged 15-17 (self-help groups take women and girls) */
  girls?: number;
}

const STAGES_IN_ORDER: DemoStage[] = [
  'VILLAGE_CHOSEN',
  'SITE_CHOSEN',
  'MEMBERS_RECRUITED',
  'SAVINGS_MOBILISED',
  'MEETING_RULES_ADOPTED',
  'GROUPS_FORMED',
  'BOARD_APPOINTED',
  'TRAINED',
  'CAPITAL_INJECTED',
  'LENDING_STARTED',
  'SUPERVISED',
];

/** Days from foundedOn at which each stage was completed, per methodology (omitted = not a stage of that methodology). */
const STAGE_OFFSETS: Record<Methodology, Partial<Record<DemoStage, number>>> = {
  // Article 000's steps: village, site, recruit, savings, meeting rules, groups, board, training, capital, lending, supervision.
  MICRO_FUND: {
    VILLAGE_CHOSEN: -75,
    SITE_CHOSEN: -45,
    MEMBERS_RECRUITED: 28,
    SAVINGS_MOBILISED: 35,
    MEETING_RULES_ADOPTED: 35,
    GROUPS_FORMED: 42,
    BOARD_APPOINTED: 49,
    TRAINED: 70,
    CAPITAL_INJECTED: 100,
    LENDING_STARTED: 110,
    SUPERVISED: 280,
  },
  // Article 002: members save for 6 months before the first bank (linkage) loan.
  SELF_HELP_GROUP: {
    VILLAGE_CHOSEN: -60,
    MEMBERS_RECRUITED: 21,
    SAVINGS_MOBILISED: 28,
    MEETING_RULES_ADOPTED: 28,
    GROUPS_FORMED: 28,
    BOARD_APPOINTED: 35,
    TRAINED: 60,
    CAPITAL_INJECTED: 190,
    LENDING_STARTED: 190,
    SUPERVISED: 365,
  },
  // Article 004: the group was founded in one meeting; it lends its own savings, no outside capital.
  SAVINGS_GROUP: {
    VILLAGE_CHOSEN: -30,
    MEMBERS_RECRUITED: 0,
    SAVINGS_MOBILISED: 0,
    MEETING_RULES_ADOPTED: 0,
    GROUPS_FORMED: 0,
    BOARD_APPOINTED: 0,
    TRAINED: 7,
    LENDING_STARTED: 56,
    SUPERVISED: 180,
  },
};
/** Days after foundedOn within which the founding members joined (all before MEMBERS_RECRUITED). */
const FOUNDERS_WITHIN: Record<Methodology, number> = { MICRO_FUND: 25, SELF_HELP_GROUP: 18, SAVINGS_GROUP: 0 };
const FORMING_LAST_STAGE: Record<NonNullable<FundSpec['forming']>, DemoStage> = { board: 'GROUPS_FORMED', recruiting: 'SAVINGS_MOBILISED' };

const ROLES: Record<Methodology, Role[]> = {
  MICRO_FUND: ['MANAGING_DIRECTOR', 'SECRETARY', 'ACCOUNTANT'],
  SELF_HELP_GROUP: ['MANAGING_DIRECTOR', 'SECRETARY', 'ACCOUNTANT'],
  SAVINGS_GROUP: ['CHAIR', 'SECRETARY', 'TREASURER', 'MONEY_COUNTER', 'MONEY_COUNTER', 'KEY_HOLDER', 'KEY_HOLDER', 'KEY_HOLDER'],
};

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

const usedIds = new Set<string>();

function iranianId(rng: Rng): string {
  for (;;) {
    let first9 = '';
    for (let i = 0; i < 9; i++) first9 += String(rng.int(0, 9));
    if (/^(\d)\1{8}$/.test(first9)) continue;
    const id = makeIranianNationalCode(first9);
    if (!usedIds.has(`IR:${id}`)) {
      usedIds.add(`IR:${id}`);
      return id;
    }
  }
}

function vietnameseId(rng: Rng, birthDate: string, sex: DemoMember['sex']): string {
  for (;;) {
    const id = makeVietnameseCitizenId(rng.pick(VN_BIRTH_PROVINCES), birthDate, sex, rng.int(0, 999_999));
    if (!usedIds.has(`VN:${id}`)) {
      usedIds.add(`VN:${id}`);
      return id;
    }
  }
}

function groupSizes(spec: FundSpec, methodology: Methodology, rng: Rng): number[] {
  switch (methodology) {
    case 'MICRO_FUND':
      return Array.from({ length: spec.groups ?? 4 }, () => rng.int(5, 7));
    case 'SELF_HELP_GROUP':
      return [rng.int(16, 24)];
    case 'SAVINGS_GROUP':
      return [rng.int(12, 22)];
  }
}

function makeMember(style: RegionStyle, rng: Rng, joinedOn: string, opts: { disabled: boolean; founder: boolean }): DemoMember {
  const sex: DemoMember['sex'] = style.men && rng.chance(style.men) ? 'MALE' : 'FEMALE';
  const age = style.girls && rng.chance(style.girls) ? rng.int(15, 17) : rng.int(opts.founder ? 19 : 18, 57);
  const birthDate = birthDateForAge(joinedOn, age, rng.int(1, 360));
  const income = rng.chance(style.zeroIncome) ? 0 : rng.int(1, style.maxIncome / style.incomeStep) * style.incomeStep;
  const member: DemoMember =
    style.country === 'IR'
      ? (() => {
          const [givenName, givenNameLatin] = rng.pick([...PERSIAN_GIVEN, ...(REGIONAL_GIVEN[style.region] ?? [])]);
          const [familyName, familyNameLatin] = rng.pick([...PERSIAN_FAMILY, ...(REGIONAL_FAMILY[style.region] ?? [])]);
          return { givenName, familyName, givenNameLatin, familyNameLatin, birthDate, sex, nationalId: iranianId(rng), joinedOn };
        })()
      : (() => {
          const givenName = rng.pick(sex === 'FEMALE' ? VIETNAMESE_GIVEN_FEMALE : VIETNAMESE_GIVEN_MALE);
          const familyName = rng.pick(VIETNAMESE_FAMILY);
          return {
            givenName,
            familyName,
            givenNameLatin: stripVietnamese(givenName),
            familyNameLatin: stripVietnamese(familyName),
            birthDate,
            sex,
            nationalId: vietnameseId(rng, birthDate, sex),
            joinedOn,
          };
        })();
  if (sex === 'FEMALE' && age >= 18 && rng.chance(style.femaleHeads)) member.femaleHeadOfHousehold = true;
  if (opts.disabled) {
    member.hasDisability = true;
    member.referredBy = 'welfare';
  }
  member.livelihood = rng.pick(style.livelihoods);
  member.baselineMonthlyIncome = String(income);
  return member;
}

function buildFund(style: RegionStyle, spec: FundSpec): DemoFund {
  const methodology = style.methodology;
  const rng = new Rng(hash32(`${style.region}/${spec.nameLatin}`));
  const offsets = STAGE_OFFSETS[methodology];
  const lastStage = spec.forming ? FORMING_LAST_STAGE[spec.forming] : undefined;
  const stageNames = STAGES_IN_ORDER.filter((s) => offsets[s] !== undefined);
  const kept = lastStage ? stageNames.slice(0, stageNames.indexOf(lastStage) + 1) : stageNames;
  const stages = kept.map((stage) => ({ stage, completedOn: addDays(spec.foundedOn, offsets[stage]!) }));
  const boardOn = addDays(spec.foundedOn, offsets.BOARD_APPOINTED!);

  const sizes = groupSizes(spec, methodology, rng);
  const total = sizes.reduce((a, b) => a + b, 0);
  const referrals = spec.welfareReferrals?.count ?? 0;
  const members: DemoMember[] = [];
  for (let i = 0; i < total; i++) {
    const referral = i >= total - referrals;
    // Founders join in the first weeks; in active funds about one in eight joined later.
    const late = referral || (!spec.forming && i >= 8 && rng.chance(0.12));
    const joinedOn = referral
      ? addDays(spec.welfareReferrals!.from, rng.int(0, 150))
      : late
        ? minIso(addDays(spec.foundedOn, rng.int(120, 1500)), LATEST_JOIN)
        : addDays(spec.foundedOn, rng.int(0, FOUNDERS_WITHIN[methodology]));
    const disabled = referral || (!late && style.disabled !== undefined && rng.chance(style.disabled));
    members.push(makeMember(style, rng, joinedOn, { disabled, founder: !late }));
  }
  // Members sit in groups in order of joining (the later joiners fill the last places).
  members.sort((a, b) => (a.joinedOn < b.joinedOn ? -1 : a.joinedOn > b.joinedOn ? 1 : 0));
  const groups: DemoGroup[] = [];
  let at = 0;
  sizes.forEach((size, g) => {
    const [name, nameLatin] = methodology === 'MICRO_FUND' ? GROUP_NAMES[g % GROUP_NAMES.length] : [spec.name, spec.nameLatin];
    groups.push({ name, nameLatin, members: members.slice(at, at + size) });
    at += size;
  });

  // The board: distinct adult members who had joined by the day it was appointed.
  const officers: DemoOfficer[] = [];
  if (kept.includes('BOARD_APPOINTED')) {
    const candidates: string[] = [];
    groups.forEach((group, g) =>
      group.members.forEach((m, i) => {
        if (m.joinedOn <= boardOn && birthDateForAge(boardOn, 18, 0) >= m.birthDate) candidates.push(`${g}.${i}`);
      }),
    );
    for (const role of ROLES[methodology]) {
      const ref = candidates.splice(rng.int(0, candidates.length - 1), 1)[0];
      officers.push({ role, member: ref, termStart: boardOn });
    }
  }

  const fund: DemoFund = {
    name: spec.name,
    nameLatin: spec.nameLatin,
    methodology,
    foundedOn: spec.foundedOn,
    groups,
    officers,
    stages,
    activate: !spec.forming,
  };
  if (spec.partners) fund.partners = spec.partners;
  return fund;
}

interface VillageSpec {
  name: string;
  nameLatin: string;
  kind?: DemoVillage['kind'];
  funds: FundSpec[];
}
interface CountySpec {
  name: string;
  nameLatin: string;
  villages: VillageSpec[];
}

function buildProvince(
  style: RegionStyle,
  province: { name: string; nameLatin: string; partners?: DemoPartnerLink[] },
  counties: CountySpec[],
): DemoProvince {
  const built: DemoProvince = {
    country: style.country,
    name: province.name,
    nameLatin: province.nameLatin,
    counties: counties.map((c) => ({
      name: c.name,
      nameLatin: c.nameLatin,
      villages: c.villages.map((v) => ({
        name: v.name,
        nameLatin: v.nameLatin,
        kind: v.kind ?? 'VILLAGE',
        funds: v.funds.map((f) => buildFund(style, f)),
      })),
    })),
  };
  if (province.partners) built.partners = province.partners;
  return built;
}

// ---------------------------------------------------------------------------------------------
// Iran
// ---------------------------------------------------------------------------------------------

const IRAN_RURAL: Livelihood[] = [
  'LIVESTOCK',
  'DAIRY',
  'KILIM_WEAVING',
  'HANDICRAFTS',
  'TAILORING',
  'AGRICULTURE',
  'BEEKEEPING',
  'POULTRY',
  'SMALL_TRADE',
  'VEGETABLES',
];

/** Micro-fund of Zanjan's programme: "صندوق خرد محلی زنان روستایی <village>". */
function zanjanFund(village: Name, foundedOn: string, groups: number, extra: Partial<FundSpec> = {}): VillageSpec {
  return {
    name: village[0],
    nameLatin: village[1],
    funds: [
      {
        name: `صندوق خرد محلی زنان روستایی ${village[0]}`,
        nameLatin: `${village[1]} Local Micro-Fund of Rural Women`,
        foundedOn,
        groups,
        ...extra,
      },
    ],
  };
}
function khorasanFund(village: Name, foundedOn: string, groups: number, extra: Partial<FundSpec> = {}): VillageSpec {
  return {
    name: village[0],
    nameLatin: village[1],
    funds: [
      { name: `صندوق خرد زنان روستایی ${village[0]}`, nameLatin: `${village[1]} Rural Women's Micro-Fund`, foundedOn, groups, ...extra },
    ],
  };
}
function selfHelpGroup(name: Name, foundedOn: string, extra: Partial<FundSpec> = {}): FundSpec {
  return { name: `گروه خودیار ${name[0]}`, nameLatin: `${name[1]} Self-Help Group`, foundedOn, ...extra };
}

// Article 000 (North Khorasan, 2022): micro-funds of at most 50 rural women in groups of 5-7;
// initial capital granted by the Women's Affairs office, trust capital from the ministry.
const northKhorasan = buildProvince(
  {
    country: 'IR',
    region: 'North Khorasan',
    methodology: 'MICRO_FUND',
    livelihoods: IRAN_RURAL,
    zeroIncome: 0.3,
    maxIncome: 5_000_000,
    incomeStep: 100_000,
    femaleHeads: 0.22,
  },
  {
    name: 'خراسان شمالی',
    nameLatin: 'North Khorasan',
    partners: [
      { partner: 'womens-affairs', kind: 'FINANCES', startsOn: '2019-01-01' },
      { partner: 'agriculture-jihad', kind: 'FINANCES', startsOn: '2019-01-01' },
      { partner: 'agriculture-jihad', kind: 'TRAINS', startsOn: '2019-01-01' },
    ],
  },
  [
    {
      name: 'بجنورد',
      nameLatin: 'Bojnurd',
      villages: [
        khorasanFund(['حصار گرمخان', 'Hesar-e Garmkhan'], '2019-04-14', 6), // real
        khorasanFund(['اسدلی', 'Asadli'], '2020-02-09', 4), // plausible
      ],
    },
    {
      name: 'اسفراین',
      nameLatin: 'Esfarayen',
      villages: [
        khorasanFund(['رویین', 'Ruin'], '2021-05-16', 5), // real
        khorasanFund(['زرق‌آباد', 'Zarqabad'], '2026-08-10', 3, { forming: 'board' }), // plausible; board not yet appointed
      ],
    },
  ],
);

// Article 001 (Zanjan, October 2020): 20 local micro-funds of rural women in seven counties,
// financed by the Omid Entrepreneurship Fund with 9 billion rials; Behzisti agreed to refer
// people with disabilities to funds in Zanjan and Khorramdareh counties.
const welfareReferrals = (from: string): Partial<FundSpec> => ({
  welfareReferrals: { count: 4, from },
  partners: [{ partner: 'welfare', kind: 'REFERS_MEMBERS', startsOn: from }],
});
const zanjan = buildProvince(
  {
    country: 'IR',
    region: 'Zanjan',
    methodology: 'MICRO_FUND',
    livelihoods: IRAN_RURAL,
    zeroIncome: 0.25,
    maxIncome: 5_000_000,
    incomeStep: 100_000,
    femaleHeads: 0.18,
  },
  {
    name: 'زنجان',
    nameLatin: 'Zanjan',
    partners: [
      { partner: 'omid', kind: 'FINANCES', startsOn: '2016-09-01' },
      { partner: 'omid', kind: 'TRAINS', startsOn: '2016-09-01' },
    ],
  },
  [
    {
      name: 'زنجان',
      nameLatin: 'Zanjan',
      villages: [
        zanjanFund(['سهرین', 'Sohrein'], '2016-10-02', 5), // real
        zanjanFund(['گاوازنگ', 'Gavazang'], '2017-03-01', 4), // real
        zanjanFund(['تهم', 'Taham'], '2017-09-17', 4), // real
        zanjanFund(['قره‌بوته', 'Qarah Buteh'], '2018-11-04', 3), // plausible
        zanjanFund(['سعیدآباد', 'Saeedabad'], '2019-06-23', 4, welfareReferrals('2021-01-16')), // plausible
      ],
    },
    {
      name: 'ماهنشان',
      nameLatin: 'Mahneshan',
      villages: [
        zanjanFund(['قوزلو', 'Qozlu'], '2017-05-21', 4), // plausible
        zanjanFund(['آق‌کند', 'Aqkand'], '2019-02-10', 3), // plausible
      ],
    },
    {
      name: 'طارم',
      nameLatin: 'Tarom',
      villages: [
        zanjanFund(['گیلوان', 'Gilvan'], '2017-01-22', 5), // real
        zanjanFund(['دستجرده', 'Dastjerdeh'], '2018-04-15', 4), // plausible
        zanjanFund(['کلاسر', 'Kalasar'], '2020-01-12', 3), // plausible
      ],
    },
    {
      name: 'سلطانیه',
      nameLatin: 'Soltanieh',
      villages: [
        zanjanFund(['سنبل‌آباد', 'Sonbolabad'], '2018-02-04', 4), // plausible
        zanjanFund(['کینه‌ورس', 'Kineh Vars'], '2020-10-08', 3), // plausible; the 20th fund, launched October 2020
      ],
    },
    {
      name: 'خرمدره',
      nameLatin: 'Khorramdareh',
      villages: [
        zanjanFund(['امیرآباد', 'Amirabad'], '2017-07-09', 4), // plausible
        zanjanFund(['رحمت‌آباد', 'Rahmatabad'], '2018-09-30', 4, welfareReferrals('2021-02-06')), // plausible
        zanjanFund(['نصیرآباد', 'Nasirabad'], '2019-10-13', 3), // plausible
      ],
    },
    {
      name: 'ایجرود',
      nameLatin: 'Ijrud',
      villages: [
        zanjanFund(['گلابر', 'Golabar'], '2018-06-10', 5), // real
        zanjanFund(['ینگجه', 'Yengejeh'], '2019-12-08', 3), // plausible
      ],
    },
    {
      name: 'ابهر',
      nameLatin: 'Abhar',
      villages: [
        zanjanFund(['درسجین', 'Darsajin'], '2017-11-12', 5), // real
        zanjanFund(['نورین', 'Nurin'], '2018-12-16', 4), // plausible
        zanjanFund(['حصار', 'Hesar'], '2020-05-17', 3), // plausible
      ],
    },
  ],
);

// Article 002 (Kermanshah): Behzisti's self-help groups of 15-25 women and girls in the villages
// of Sahneh county since September 2018; Agriculture Bank loans after six months of saving.
const KERMANSHAH_LIVELIHOODS: Livelihood[] = [
  'BEEKEEPING',
  'LEATHERWORK',
  'VEGETABLES',
  'DAIRY',
  'POULTRY',
  'KILIM_WEAVING',
  'HANDICRAFTS',
];
const tolou: DemoPartnerLink[] = [{ partner: 'tolou-clinic', kind: 'FACILITATES', startsOn: '2018-09-01' }];
const kermanshah = buildProvince(
  {
    country: 'IR',
    region: 'Kermanshah',
    methodology: 'SELF_HELP_GROUP',
    livelihoods: KERMANSHAH_LIVELIHOODS,
    zeroIncome: 0.5,
    maxIncome: 5_000_000,
    incomeStep: 100_000,
    femaleHeads: 0.25,
    disabled: 0.08,
    girls: 0.08,
  },
  {
    name: 'کرمانشاه',
    nameLatin: 'Kermanshah',
    partners: [
      { partner: 'welfare', kind: 'FACILITATES', startsOn: '2012-03-20' },
      { partner: 'agri-bank', kind: 'FINANCES', startsOn: '2012-03-20' },
    ],
  },
  [
    {
      name: 'صحنه',
      nameLatin: 'Sahneh',
      villages: [
        {
          name: 'کندوله',
          nameLatin: 'Kandula', // real
          funds: [
            selfHelpGroup(['بهار', 'Bahar'], '2018-09-09', { partners: tolou }),
            selfHelpGroup(['مهر', 'Mehr'], '2018-10-14', { partners: tolou }),
          ],
        },
        {
          name: 'دینور',
          nameLatin: 'Dinavar', // the historic Dinavar area of Sahneh
          funds: [
            selfHelpGroup(['آفتاب', 'Aftab'], '2018-11-18', { partners: tolou }),
            selfHelpGroup(['همدلی', 'Hamdeli'], '2019-03-03', { partners: tolou }),
          ],
        },
        {
          name: 'احمدآباد',
          nameLatin: 'Ahmadabad', // plausible; a third-phase group, still saving before its groups and board are recorded
          funds: [selfHelpGroup(['رویش', 'Rooyesh'], '2026-07-12', { forming: 'recruiting', partners: tolou })],
        },
      ],
    },
  ],
);

// Article 003 (Isfahan): the Hemmatabad facilitation office serves an urban neighbourhood; home-based
// businesses and micro-finance through linkage banking.
const isfahan = buildProvince(
  {
    country: 'IR',
    region: 'Isfahan',
    methodology: 'SELF_HELP_GROUP',
    livelihoods: ['TAILORING', 'HANDICRAFTS', 'SMALL_TRADE', 'OTHER'],
    zeroIncome: 0.35,
    maxIncome: 5_000_000,
    incomeStep: 100_000,
    femaleHeads: 0.3,
  },
  { name: 'اصفهان', nameLatin: 'Isfahan' },
  [
    {
      name: 'اصفهان',
      nameLatin: 'Isfahan',
      villages: [
        {
          name: 'همت‌آباد',
          nameLatin: 'Hemmatabad',
          kind: 'NEIGHBORHOOD',
          funds: [
            {
              name: 'گروه خودیار بانوان همت‌آباد',
              nameLatin: "Hemmatabad Women's Self-Help Group",
              foundedOn: '2019-11-03',
              partners: [{ partner: 'hemmatabad-office', kind: 'FACILITATES', startsOn: '2019-09-01' }],
            },
          ],
        },
      ],
    },
  ],
);

// ---------------------------------------------------------------------------------------------
// Vietnam
// ---------------------------------------------------------------------------------------------

// Article 004 (Yen Bai, 2015): village savings and loan groups of 10-25; trained end of May 2015 for
// Van Yen, Van Chan and Nghia Lo town; group "Doan Ket" founded 1 June 2015 in village 9 of Tan
// Thinh commune (Van Chan). The other two groups are plausible follow-ups in target communes.
const yenBai = buildProvince(
  {
    country: 'VN',
    region: 'Yen Bai',
    methodology: 'SAVINGS_GROUP',
    livelihoods: ['AGRICULTURE', 'LIVESTOCK', 'POULTRY', 'SMALL_TRADE', 'HANDICRAFTS', 'VEGETABLES', 'OTHER'],
    zeroIncome: 0.1,
    maxIncome: 3_000_000,
    incomeStep: 100_000,
    femaleHeads: 0.1,
    men: 0.15,
  },
  {
    name: 'Yên Bái',
    nameLatin: 'Yen Bai',
    partners: [
      { partner: 'we-effect', kind: 'FINANCES', startsOn: '2015-01-01' },
      { partner: 'coop-alliance', kind: 'FACILITATES', startsOn: '2015-05-29' },
      { partner: 'womens-union', kind: 'FACILITATES', startsOn: '2015-05-29' },
      { partner: 'plan', kind: 'TRAINS', startsOn: '2015-05-29' },
    ],
  },
  [
    {
      name: 'Văn Yên',
      nameLatin: 'Van Yen',
      villages: [
        {
          name: 'Đông Cuông',
          nameLatin: 'Dong Cuong', // real commune; the group is plausible
          funds: [
            {
              name: 'Nhóm Hướng Dương',
              nameLatin: 'Nhom Huong Duong',
              foundedOn: '2015-09-15',
              partners: [{ partner: 'womens-union', kind: 'FACILITATES', startsOn: '2015-09-15' }],
            },
          ],
        },
      ],
    },
    {
      name: 'Văn Chấn',
      nameLatin: 'Van Chan',
      villages: [
        {
          name: 'Tân Thịnh',
          nameLatin: 'Tan Thinh',
          funds: [
            {
              name: 'Nhóm Đoàn Kết',
              nameLatin: 'Nhom Doan Ket',
              foundedOn: '2015-06-01',
              partners: [
                { partner: 'coop-alliance', kind: 'FACILITATES', startsOn: '2015-06-01' },
                { partner: 'plan', kind: 'FACILITATES', startsOn: '2015-06-01' },
              ],
            },
          ],
        },
      ],
    },
    {
      name: 'Nghĩa Lộ',
      nameLatin: 'Nghia Lo',
      villages: [
        {
          name: 'Nghĩa An',
          nameLatin: 'Nghia An', // real commune of Nghia Lo town; the group is plausible
          funds: [
            {
              name: 'Nhóm Hoa Ban',
              nameLatin: 'Nhom Hoa Ban',
              foundedOn: '2015-10-20',
              partners: [{ partner: 'womens-union', kind: 'FACILITATES', startsOn: '2015-10-20' }],
            },
          ],
        },
      ],
    },
  ],
);

export const demoNetwork: DemoNetwork = {
  partners,
  provinces: [northKhorasan, zanjan, kermanshah, isfahan, yenBai],
};
