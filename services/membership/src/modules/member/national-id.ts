/**
 * National identity numbers of Iran and Vietnam: normalisation, validation and generators.
 *
 * Pure functions; dates are parsed by the platform's one calendar-date parser. Validation results are values, not exceptions: an invalid id is
 * an expected outcome of user input, and the message says what to fix in words a fund officer can
 * act on. The generators throw (RangeError) because a bad argument there is a programming error.
 *
 * Iran, national code (kod-e melli): 10 digits, the last a check digit over the first nine.
 * Vietnam, citizen identity card number (CCCD): 12 digits = 3-digit province code of birth
 * registration, 1 sex-and-century digit, 2 digits of the birth year, 6-digit sequence.
 */
import { parseCalendarDate } from '@funds/graphql-kit';

export type NationalIdCountry = 'IR' | 'VN';
export type NationalIdSex = 'FEMALE' | 'MALE';
export interface NationalIdPerson {
  /** YYYY-MM-DD */
  birthDate: string;
  sex: NationalIdSex;
}

export type NationalIdCheck =
  { ok: true; normalized: string } | { ok: false; code: 'INVALID_NATIONAL_ID' | 'NATIONAL_ID_MISMATCH'; message: string };

/**
 * The 63 province codes used in the first three digits of a Vietnamese CCCD number (the provinces
 * as they were when the scheme was set up; the numbering has gaps).
 */
export const VIETNAMESE_PROVINCE_CODES: readonly string[] = Object.freeze([
  '001',
  '002',
  '004',
  '006',
  '008',
  '010',
  '011',
  '012',
  '014',
  '015',
  '017',
  '019',
  '020',
  '022',
  '024',
  '025',
  '026',
  '027',
  '030',
  '031',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '040',
  '042',
  '044',
  '045',
  '046',
  '048',
  '049',
  '051',
  '052',
  '054',
  '056',
  '058',
  '060',
  '062',
  '064',
  '066',
  '067',
  '068',
  '070',
  '072',
  '074',
  '075',
  '077',
  '079',
  '080',
  '082',
  '083',
  '084',
  '086',
  '087',
  '089',
  '091',
  '092',
  '093',
  '094',
  '095',
  '096',
]);
const VN_PROVINCES = new Set(VIETNAMESE_PROVINCE_CODES);

/** First year of the century each even CCCD gender-century digit stands for (the odd digit is the same century, female). */
const VN_CENTURY_BY_PAIR: Record<number, number> = { 0: 1900, 1: 2000, 2: 2100, 3: 2200, 4: 1800 };

/** Persian (U+06F0..U+06F9) and Arabic-Indic (U+0660..U+0669) digits to ASCII; spaces and dashes removed. */
export function normalizeNationalId(raw: string): string {
  let out = '';
  for (const ch of raw) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x06f0 && cp <= 0x06f9) out += String(cp - 0x06f0);
    else if (cp >= 0x0660 && cp <= 0x0669) out += String(cp - 0x0660);
    else if (/[\s\u200c\u200f\u200e\-\u2010-\u2015\u2212]/u.test(ch))
      continue; // spaces, ZWNJ, direction marks, dashes
    else out += ch;
  }
  return out;
}

function invalid(message: string): NationalIdCheck {
  return { ok: false, code: 'INVALID_NATIONAL_ID', message };
}

/** `label` with its article, e.g. "an Iranian national code". */
function digitsProblem(value: string, label: string, length: number): string | null {
  if (value.length === 0) return `the national id is empty; ${label} has ${length} digits`;
  const bad = [...value].find((c) => c < '0' || c > '9');
  if (bad !== undefined) return `${label} may contain only digits; found "${bad}"`;
  if (value.length !== length) return `${label} has ${length} digits; got ${value.length}`;
  return null;
}

function iranCheckDigit(first9: string): number {
  let s = 0;
  for (let i = 0; i < 9; i++) s += Number(first9[i]) * (10 - i);
  const r = s % 11;
  return r < 2 ? r : 11 - r;
}

function validateIran(code: string): NationalIdCheck {
  const problem = digitsProblem(code, 'an Iranian national code', 10);
  if (problem) return invalid(problem);
  if (/^(\d)\1{9}$/.test(code)) return invalid(`an Iranian national code cannot be ten identical digits (${code})`);
  const expected = iranCheckDigit(code.slice(0, 9));
  if (Number(code[9]) !== expected) {
    return invalid(
      'the check digit (last digit) of the Iranian national code does not match the first nine digits; check the number for a typing error',
    );
  }
  return { ok: true, normalized: code };
}

function vnDecode(digit: number): { sex: NationalIdSex; centuryStart: number } {
  return { sex: digit % 2 === 0 ? 'MALE' : 'FEMALE', centuryStart: VN_CENTURY_BY_PAIR[Math.floor(digit / 2)] };
}

function validateVietnam(id: string, person?: NationalIdPerson): NationalIdCheck {
  const problem = digitsProblem(id, 'a Vietnamese citizen identity number', 12);
  if (problem) return invalid(problem);
  const province = id.slice(0, 3);
  if (!VN_PROVINCES.has(province)) {
    return invalid(`the first three digits of a Vietnamese citizen identity number are a province code; ${province} is not one`);
  }
  if (!person) return { ok: true, normalized: id };

  const birth = parseCalendarDate(person.birthDate);
  if (!birth) throw new RangeError(`birthDate must be a date written YYYY-MM-DD; got "${person.birthDate}"`);
  const { sex, centuryStart } = vnDecode(Number(id[3]));
  const year = centuryStart + Number(id.slice(4, 6));
  const disagreements: string[] = [];
  if (sex !== person.sex) {
    disagreements.push(
      `the sex in the number (digit 4 says ${sex.toLowerCase()}) differs from the member's sex (${person.sex.toLowerCase()})`,
    );
  }
  if (Math.floor(birth.year / 100) * 100 !== centuryStart) {
    disagreements.push(
      `the century in the number (digit 4 says born ${centuryStart}-${centuryStart + 99}) differs from the birth date ${person.birthDate}`,
    );
  } else if (year !== birth.year) {
    disagreements.push(`the birth year in the number (digits 5-6 say ${year}) differs from the birth date ${person.birthDate}`);
  }
  if (disagreements.length > 0) {
    return { ok: false, code: 'NATIONAL_ID_MISMATCH', message: `${disagreements.join('; ')}; check the number and the member's details` };
  }
  return { ok: true, normalized: id };
}

/**
 * Validates a national id for a country, after normalising it (Persian and Arabic-Indic digits to
 * ASCII, spaces and dashes removed). For Vietnam, when the person is given, the sex, century and
 * birth year encoded in the number must agree with theirs (NATIONAL_ID_MISMATCH otherwise). An
 * Iranian national code encodes neither, so `person` is not used for Iran.
 *
 * @throws RangeError when `person.birthDate` is not a YYYY-MM-DD date (a caller's error, not the member's).
 */
export function validateNationalId(country: NationalIdCountry, nationalId: string, person?: NationalIdPerson): NationalIdCheck {
  const normalized = normalizeNationalId(nationalId);
  switch (country) {
    case 'IR':
      return validateIran(normalized);
    case 'VN':
      return validateVietnam(normalized, person);
    default:
      return invalid(`national ids of country "${String(country)}" are not supported`);
  }
}

/** Appends the check digit to the first nine digits of an Iranian national code. */
export function makeIranianNationalCode(first9: string): string {
  const digits = normalizeNationalId(first9);
  if (!/^\d{9}$/.test(digits)) throw new RangeError(`first9 must be nine digits; got "${first9}"`);
  const code = digits + String(iranCheckDigit(digits));
  if (/^(\d)\1{9}$/.test(code)) throw new RangeError(`"${first9}" gives ten identical digits, which is not a valid national code`);
  return code;
}

/**
 * Builds a Vietnamese citizen identity number (CCCD) consistent with the birth date and sex.
 * @param provinceCode one of VIETNAMESE_PROVINCE_CODES (the province of birth registration)
 * @param sequence 0..999999, the last six digits
 */
export function makeVietnameseCitizenId(provinceCode: string, birthDate: string, sex: NationalIdSex, sequence: number): string {
  if (!VN_PROVINCES.has(provinceCode)) throw new RangeError(`"${provinceCode}" is not a Vietnamese province code`);
  const birth = parseCalendarDate(birthDate);
  if (!birth) throw new RangeError(`birthDate must be a date written YYYY-MM-DD; got "${birthDate}"`);
  if (birth.year < 1800 || birth.year > 2299)
    throw new RangeError(`birth year ${birth.year} is outside 1800-2299, which the CCCD cannot encode`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999_999)
    throw new RangeError(`sequence must be an integer 0..999999; got ${sequence}`);
  const centuryStart = Math.floor(birth.year / 100) * 100;
  const pair = Number(Object.keys(VN_CENTURY_BY_PAIR).find((k) => VN_CENTURY_BY_PAIR[Number(k)] === centuryStart));
  const sexCentury = pair * 2 + (sex === 'FEMALE' ? 1 : 0);
  return `${provinceCode}${sexCentury}${String(birth.year % 100).padStart(2, '0')}${String(sequence).padStart(6, '0')}`;
}
