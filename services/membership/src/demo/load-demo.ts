import { Access } from '@funds/graphql-kit';
import type { DataSource } from 'typeorm';
import { Role } from '@funds/auth';
import { ScopedDatabase } from '@funds/db-kit';
import Decimal from 'decimal.js';
import { HierarchyService } from '../modules/hierarchy/hierarchy.service';
import { MemberService } from '../modules/member/member.service';
import { OfficerService } from '../modules/officer/officer.service';
import { PartnerService } from '../modules/partner/partner.service';
import { FormationService } from '../modules/formation/formation.service';
import { VillageKind } from '../modules/hierarchy/hierarchy.enums';
import { Methodology } from '../modules/policy/methodology';
import { Livelihood, Sex } from '../modules/member/member.enums';
import { OfficerRole } from '../modules/officer/officer.enums';
import { PartnerKind, PartnerLinkKind } from '../modules/partner/partner.enums';
import { FormationStage } from '../modules/formation/formation.enums';
import { DemoNetwork, DemoPartnerLink, demoNetwork } from './demo-network';

export interface DemoSummary {
  provinces: number;
  funds: number;
  members: number;
  /** A few ids worth trying in the console. */
  sample: { zanjanProvinceId: string; zanjanCountyId: string; doanKetFundId: string | null };
}

/**
 * Loads the demo network through the same services the API uses, as a national admin, so every
 * rule (eligibility, national ids, board seats, activation) holds for the demo data too.
 */
export async function loadDemoNetwork(ds: DataSource, network: DemoNetwork = demoNetwork): Promise<DemoSummary> {
  const access = new Access({ subject: 'demo-loader', role: Role.NATIONAL_ADMIN, scopeNodeId: null }, null);
  const db = new ScopedDatabase(ds);
  const hierarchy = new HierarchyService(db);
  const members = new MemberService(db);
  const officers = new OfficerService(db);
  const partners = new PartnerService(db);
  const formation = new FormationService(db);

  const partnerIds = new Map<string, string>();
  for (const p of network.partners) {
    const created = await partners.create(access, {
      name: p.name,
      nameLatin: p.nameLatin,
      kind: p.kind as PartnerKind,
      countryCode: p.country,
    });
    partnerIds.set(p.key, created.id);
  }
  const link = (nodeId: string, l: DemoPartnerLink) =>
    partners.link(access, { partnerId: partnerIds.get(l.partner)!, nodeId, kind: l.kind as PartnerLinkKind, startsOn: l.startsOn });

  const summary: DemoSummary = {
    provinces: 0,
    funds: 0,
    members: 0,
    sample: { zanjanProvinceId: '', zanjanCountyId: '', doanKetFundId: null },
  };
  for (const p of network.provinces) {
    const province = await hierarchy.createProvince(access, { countryCode: p.country, name: p.name, nameLatin: p.nameLatin });
    summary.provinces++;
    for (const l of p.partners ?? []) await link(province.id, l);
    if (p.nameLatin === 'Zanjan') summary.sample.zanjanProvinceId = province.id;
    for (const c of p.counties) {
      const county = await hierarchy.createCounty(access, { provinceId: province.id, name: c.name, nameLatin: c.nameLatin });
      if (p.nameLatin === 'Zanjan' && c.nameLatin === 'Zanjan') summary.sample.zanjanCountyId = county.id;
      for (const v of c.villages) {
        const village = await hierarchy.createVillage(access, {
          countyId: county.id,
          name: v.name,
          nameLatin: v.nameLatin,
          kind: v.kind as VillageKind,
        });
        for (const f of v.funds) {
          const fund = await hierarchy.createFund(access, {
            villageId: village.id,
            name: f.name,
            nameLatin: f.nameLatin,
            methodology: f.methodology as Methodology,
            foundedOn: f.foundedOn,
          });
          summary.funds++;
          if (f.nameLatin?.includes('Doan Ket') || f.name.includes('Đoàn Kết')) summary.sample.doanKetFundId = fund.id;
          for (const l of f.partners ?? []) await link(fund.id, l);
          const memberIds: string[][] = [];
          for (const g of f.groups) {
            const group = await hierarchy.createGroup(access, { fundId: fund.id, name: g.name, nameLatin: g.nameLatin });
            const ids: string[] = [];
            for (const m of g.members) {
              const member = await members.enrol(access, {
                fundId: fund.id,
                groupId: group.id,
                givenName: m.givenName,
                familyName: m.familyName,
                nameLatin: m.givenNameLatin && m.familyNameLatin ? `${m.givenNameLatin} ${m.familyNameLatin}` : undefined,
                nationalId: m.nationalId,
                birthDate: m.birthDate,
                sex: m.sex as Sex,
                joinedOn: m.joinedOn,
                femaleHeadOfHousehold: m.femaleHeadOfHousehold,
                hasDisability: m.hasDisability,
                referredByPartnerId: m.referredBy ? partnerIds.get(m.referredBy) : undefined,
                livelihood: m.livelihood as Livelihood | undefined,
                baselineMonthlyIncome: m.baselineMonthlyIncome ? new Decimal(m.baselineMonthlyIncome) : undefined,
              });
              ids.push(member.id);
              summary.members++;
            }
            memberIds.push(ids);
          }
          for (const o of f.officers) {
            const [gi, mi] = o.member.split('.').map(Number);
            await officers.appoint(access, {
              fundId: fund.id,
              memberId: memberIds[gi][mi],
              role: o.role as OfficerRole,
              termStart: o.termStart,
            });
          }
          const stages = [...f.stages].sort((a, b) => a.completedOn.localeCompare(b.completedOn));
          for (const s of stages) await formation.record(access, fund.id, s.stage as FormationStage, s.completedOn, null);
          if (f.activate) await formation.activate(access, fund.id, stages[stages.length - 1]?.completedOn ?? f.foundedOn);
        }
      }
    }
  }
  return summary;
}

/** True when the membership schema holds no province yet (a fresh database). */
export async function isEmpty(ds: DataSource): Promise<boolean> {
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM membership.province');
  return n === 0;
}
