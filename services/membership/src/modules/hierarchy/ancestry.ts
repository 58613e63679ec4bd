import { Column, JoinColumn, ManyToOne } from 'typeorm';
import type { Province } from './province.entity';
import type { County } from './county.entity';
import type { Village } from './village.entity';
import type { Fund } from './fund.entity';

/**
 * The ancestry columns every row below a level carries (DESIGN.md section 2): a foreign key and
 * an id per ancestor, so "everything under node X" is one indexed predicate. Each mixin adds one
 * level on top of the one before; an entity takes the chain down to its parent.
 */
type Base = abstract new (...args: any[]) => object;

// Entities are required lazily: they import this file, so a top-level import would be circular.
/* eslint-disable @typescript-eslint/no-require-imports */
const entity =
  <T>(file: string, name: string) =>
  () =>
    require(file)[name] as new () => T;

export function InProvince<B extends Base>(base: B) {
  abstract class WithProvince extends base {
    @ManyToOne(entity<Province>('./province.entity', 'Province'), { onDelete: 'RESTRICT' })
    @JoinColumn({ name: 'province_id' })
    provinceRef?: Province;

    @Column('uuid')
    provinceId!: string;
  }
  return WithProvince;
}

export function InCounty<B extends Base>(base: B) {
  abstract class WithCounty extends InProvince(base) {
    @ManyToOne(entity<County>('./county.entity', 'County'), { onDelete: 'RESTRICT' })
    @JoinColumn({ name: 'county_id' })
    countyRef?: County;

    @Column('uuid')
    countyId!: string;
  }
  return WithCounty;
}

export function InVillage<B extends Base>(base: B) {
  abstract class WithVillage extends InCounty(base) {
    @ManyToOne(entity<Village>('./village.entity', 'Village'), { onDelete: 'RESTRICT' })
    @JoinColumn({ name: 'village_id' })
    villageRef?: Village;

    @Column('uuid')
    villageId!: string;
  }
  return WithVillage;
}

export function InFund<B extends Base>(base: B) {
  abstract class WithFund extends InVillage(base) {
    @ManyToOne(entity<Fund>('./fund.entity', 'Fund'), { onDelete: 'RESTRICT' })
    @JoinColumn({ name: 'fund_id' })
    fundRef?: Fund;

    @Column('uuid')
    fundId!: string;
  }
  return WithFund;
}
