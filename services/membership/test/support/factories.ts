import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sequence } from '@funds/testing';
import type { TestPlatform } from '../../../../test/support/platform';
import { ok } from '../../../../test/support/platform';
import { makeIranianNationalCode, makeVietnameseCitizenId } from '../../src/modules/member/national-id';

/** Operations are kept as .graphql files beside the tests. */
export function op(name: string): string {
  return readFileSync(join(__dirname, '..', 'operations', `${name}.graphql`), 'utf8');
}

const nextPerson = sequence(1);

/** A valid, unused Iranian national code (deterministic per test run). */
export function iranianCode(): string {
  return makeIranianNationalCode(`31${String(nextPerson()).padStart(7, '0')}`);
}

export function vietnameseId(birthDate: string, sex: 'FEMALE' | 'MALE'): string {
  return makeVietnameseCitizenId('015', birthDate, sex, nextPerson());
}

/** An eligible woman for a micro-fund, aged 35 on 2026-01-15. */
export function buildMember(fundId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fundId,
    givenName: 'فاطمه',
    familyName: `رحیمی ${nextPerson()}`,
    nationalId: iranianCode(),
    birthDate: '1990-06-01',
    sex: 'FEMALE',
    joinedOn: '2026-01-15',
    ...overrides,
  };
}

export interface Tree {
  provinceId: string;
  countyId: string;
  villageId: string;
  fundId: string;
  groupId: string;
}

const nextName = sequence(1);

/** Creates province -> county -> village -> fund -> group through the gateway, as `token` (default national admin). */
export async function createTree(
  p: TestPlatform,
  options: { country?: 'IR' | 'VN'; methodology?: string; policy?: Record<string, unknown>; token?: string } = {},
): Promise<Tree> {
  const token = options.token ?? p.national;
  const n = nextName();
  const province = ok(
    await p.gql(token, op('create-province'), {
      input: { countryCode: options.country ?? 'IR', name: `استان ${n}`, nameLatin: `Province ${n}` },
    }),
  ).createProvince;
  const county = ok(await p.gql(token, op('create-county'), { input: { provinceId: province.id, name: `شهرستان ${n}` } })).createCounty;
  const village = ok(await p.gql(token, op('create-village'), { input: { countyId: county.id, name: `روستا ${n}` } })).createVillage;
  const fund = ok(
    await p.gql(token, op('create-fund'), {
      input: {
        villageId: village.id,
        name: `صندوق ${n}`,
        methodology: options.methodology ?? 'MICRO_FUND',
        foundedOn: '2025-01-01',
        policy: options.policy,
      },
    }),
  ).createFund;
  const group = ok(await p.gql(token, op('create-group'), { input: { fundId: fund.id, name: `گروه ${n}` } })).createGroup;
  return { provinceId: province.id, countyId: county.id, villageId: village.id, fundId: fund.id, groupId: group.id };
}

export async function enrol(p: TestPlatform, fundId: string, overrides: Record<string, unknown> = {}, token = p.national) {
  return p.gql(token, op('enrol-member'), { input: buildMember(fundId, overrides) });
}
