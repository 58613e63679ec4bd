import { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_TABLE_SQL } from '@funds/db-kit';

/**
 * The membership schema: hierarchy with ancestry columns on every row, members, transfers,
 * officers, partners, formation steps, the outbox, and the two countries the network works in.
 * Generated from the entities with scripts/migration-diff.mjs, then the data and outbox added.
 * Never edit once landed: write a new migration.
 */
export class Initial1763798400000 implements MigrationInterface {
  name = 'Initial1763798400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "membership"."country" ("code" character(2) NOT NULL, "name" text NOT NULL, "name_latin" text NOT NULL, "currency" character(3) NOT NULL, "national_id_scheme" text NOT NULL, "level_labels" jsonb NOT NULL, CONSTRAINT "PK_8ff4c23dc9a3f3856555bd86186" PRIMARY KEY ("code"))`,
    );
    await db.query(
      `CREATE TABLE "membership"."province" ("id" uuid NOT NULL, "name" text NOT NULL, "name_latin" text, "status" text NOT NULL DEFAULT 'ACTIVE', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "country_code" character(2) NOT NULL, CONSTRAINT "province_status" CHECK (status IN ('ACTIVE', 'ARCHIVED')), CONSTRAINT "PK_4f461cb46f57e806516b7073659" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_93bc586bc60989c9fff1231ab2" ON "membership"."province"  ("country_code", "name") `);
    await db.query(
      `CREATE TABLE "membership"."county" ("id" uuid NOT NULL, "name" text NOT NULL, "name_latin" text, "status" text NOT NULL DEFAULT 'ACTIVE', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "province_id" uuid NOT NULL, CONSTRAINT "county_status" CHECK (status IN ('ACTIVE', 'ARCHIVED')), CONSTRAINT "PK_e64ba58a034afb0e3d15b329351" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_65b4c115831a185c746a7161ec" ON "membership"."county"  ("province_id", "name", "id") `);
    await db.query(
      `CREATE TABLE "membership"."village" ("id" uuid NOT NULL, "name" text NOT NULL, "name_latin" text, "status" text NOT NULL DEFAULT 'ACTIVE', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" text NOT NULL DEFAULT 'VILLAGE', "province_id" uuid NOT NULL, "county_id" uuid NOT NULL, CONSTRAINT "village_kind" CHECK (kind IN ('VILLAGE', 'NEIGHBORHOOD')), CONSTRAINT "village_status" CHECK (status IN ('ACTIVE', 'ARCHIVED')), CONSTRAINT "PK_3ada8696ae059b2fcf82d5ab579" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_7f28f1ee3897129f7fb3a817e4" ON "membership"."village"  ("province_id") `);
    await db.query(`CREATE INDEX "IDX_48d5def85b2dffedf051b6a68f" ON "membership"."village"  ("county_id", "name", "id") `);
    await db.query(
      `CREATE TABLE "membership"."fund" ("id" uuid NOT NULL, "name" text NOT NULL, "name_latin" text, "status" text NOT NULL DEFAULT 'ACTIVE', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "methodology" text NOT NULL, "currency" character(3) NOT NULL, "founded_on" date, "activated_on" date, "policy_min_members" integer NOT NULL, "policy_max_members" integer NOT NULL, "policy_min_group_size" integer NOT NULL, "policy_max_group_size" integer NOT NULL, "policy_max_groups" integer, "policy_min_age" integer NOT NULL, "policy_max_age" integer NOT NULL, "policy_women_only" boolean NOT NULL, "policy_residence_required" boolean NOT NULL, "province_id" uuid NOT NULL, "county_id" uuid NOT NULL, "village_id" uuid NOT NULL, CONSTRAINT "fund_policy_ages" CHECK ("policy_max_age" >= "policy_min_age" AND "policy_min_age" >= 0), CONSTRAINT "fund_policy_groups" CHECK ("policy_max_group_size" >= "policy_min_group_size" AND "policy_min_group_size" >= 1), CONSTRAINT "fund_policy_members" CHECK ("policy_max_members" >= "policy_min_members" AND "policy_min_members" >= 1), CONSTRAINT "fund_methodology" CHECK (methodology IN ('MICRO_FUND', 'SELF_HELP_GROUP', 'SAVINGS_GROUP')), CONSTRAINT "fund_status" CHECK (status IN ('FORMING', 'ACTIVE', 'ARCHIVED')), CONSTRAINT "PK_b3ac6e413e6e449bb499db1ccbc" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_c4f4ae84ecf873fdbda095d900" ON "membership"."fund"  ("province_id") `);
    await db.query(`CREATE INDEX "IDX_d622ec5305528b0e3d01b331f5" ON "membership"."fund"  ("county_id") `);
    await db.query(`CREATE INDEX "IDX_c0a7750b496384ade5446cc634" ON "membership"."fund"  ("village_id", "name", "id") `);
    await db.query(
      `CREATE TABLE "membership"."member_group" ("id" uuid NOT NULL, "name" text NOT NULL, "name_latin" text, "status" text NOT NULL DEFAULT 'ACTIVE', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "province_id" uuid NOT NULL, "county_id" uuid NOT NULL, "village_id" uuid NOT NULL, "fund_id" uuid NOT NULL, CONSTRAINT "group_status" CHECK (status IN ('ACTIVE', 'ARCHIVED')), CONSTRAINT "PK_790852db0d7a31e1cd3af00af1e" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_bfd910563a2155c99b5b4d179d" ON "membership"."member_group"  ("province_id") `);
    await db.query(`CREATE INDEX "IDX_f8240523f59eaec3245c1bbcb7" ON "membership"."member_group"  ("county_id") `);
    await db.query(`CREATE INDEX "IDX_863d2db4a06efb6afaf1165012" ON "membership"."member_group"  ("village_id") `);
    await db.query(`CREATE INDEX "IDX_1a187affb79c2baabd6a4d2040" ON "membership"."member_group"  ("fund_id", "name", "id") `);
    await db.query(
      `CREATE TABLE "membership"."partner" ("id" uuid NOT NULL, "name" text NOT NULL, "name_latin" text, "kind" text NOT NULL, "country_code" character(2), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8f34ff11ddd5459eacbfacd48ca" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE TABLE "membership"."partner_link" ("id" uuid NOT NULL, "partner_id" uuid NOT NULL, "node_id" uuid NOT NULL, "node_level" text NOT NULL, "kind" text NOT NULL, "starts_on" date NOT NULL, "ends_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_af3c103e90607cfcf09a6eb4be7" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_5fc00587336a68c275c0563df4" ON "membership"."partner_link"  ("partner_id") `);
    await db.query(`CREATE INDEX "IDX_3c2f8235d5a6388384717aa0eb" ON "membership"."partner_link"  ("node_id") `);
    await db.query(
      `CREATE TABLE "membership"."member" ("id" uuid NOT NULL, "given_name" text NOT NULL, "family_name" text NOT NULL, "name_latin" text, "national_id" text NOT NULL, "country_code" character(2) NOT NULL, "birth_date" date NOT NULL, "sex" text NOT NULL, "female_head_of_household" boolean NOT NULL DEFAULT false, "has_disability" boolean NOT NULL DEFAULT false, "referred_by_partner_id" uuid, "residence_village_id" uuid, "livelihood" text, "baseline_monthly_income" numeric, "phone" text, "status" text NOT NULL DEFAULT 'ACTIVE', "joined_on" date NOT NULL, "exited_on" date, "exit_reason" text, "suspension_reason" text, "transferred_from_id" uuid, "province_id" uuid NOT NULL, "county_id" uuid NOT NULL, "village_id" uuid NOT NULL, "fund_id" uuid NOT NULL, "group_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "member_exit_consistent" CHECK ((status = 'EXITED') = (exited_on IS NOT NULL)), CONSTRAINT "member_national_id_digits" CHECK (national_id ~ '^[0-9]+$'), CONSTRAINT "member_status" CHECK (status IN ('ACTIVE', 'SUSPENDED', 'EXITED')), CONSTRAINT "member_sex" CHECK (sex IN ('FEMALE', 'MALE')), CONSTRAINT "PK_97cbbe986ce9d14ca5894fdc072" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_0f6263cce6e6c90e3eb88b4131" ON "membership"."member"  ("province_id") `);
    await db.query(`CREATE INDEX "IDX_fe21921ec8efbd76fc5849699b" ON "membership"."member"  ("county_id") `);
    await db.query(`CREATE INDEX "IDX_58a11819447bb4d0b6ccacbe42" ON "membership"."member"  ("village_id") `);
    await db.query(`CREATE INDEX "IDX_790852db0d7a31e1cd3af00af1" ON "membership"."member"  ("group_id") `);
    await db.query(
      `CREATE INDEX "IDX_aebb5af36d4f739de7faaa954c" ON "membership"."member"  ("fund_id", "family_name", "given_name", "id") `,
    );
    await db.query(
      `CREATE UNIQUE INDEX "member_live_national_id" ON "membership"."member"  ("country_code", "national_id") WHERE status <> 'EXITED'`,
    );
    await db.query(
      `CREATE TABLE "membership"."member_transfer" ("id" uuid NOT NULL, "member_id" uuid NOT NULL, "from_fund_id" uuid NOT NULL, "from_group_id" uuid, "to_fund_id" uuid NOT NULL, "to_group_id" uuid, "to_member_id" uuid NOT NULL, "effective_on" date NOT NULL, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d415632dc3a069046ad162e28cd" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_b5508b3b6f44ed497be044c341" ON "membership"."member_transfer"  ("to_member_id") `);
    await db.query(`CREATE INDEX "IDX_93b29de6ddd2f73ee2292b6aa2" ON "membership"."member_transfer"  ("member_id") `);
    await db.query(
      `CREATE TABLE "membership"."officer" ("id" uuid NOT NULL, "fund_id" uuid NOT NULL, "member_id" uuid NOT NULL, "role" text NOT NULL, "term_start" date NOT NULL, "term_end" date, "ended_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "officer_ended" CHECK (ended_on IS NULL OR ended_on >= term_start), CONSTRAINT "officer_term" CHECK (term_end IS NULL OR term_end >= term_start), CONSTRAINT "PK_b9bab694da36794c5065085936c" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_0ee597d416291c1be4dd518c00" ON "membership"."officer"  ("member_id") `);
    await db.query(
      `CREATE UNIQUE INDEX "officer_one_current_holder" ON "membership"."officer"  ("fund_id", "role") WHERE ended_on IS NULL AND role NOT IN ('MONEY_COUNTER', 'KEY_HOLDER')`,
    );
    await db.query(
      `CREATE TABLE "membership"."formation_step" ("fund_id" uuid NOT NULL, "stage" text NOT NULL, "completed_on" date NOT NULL, "note" text, "recorded_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b083de05756a61e1d57bd566ca4" PRIMARY KEY ("fund_id", "stage"))`,
    );
    await db.query(
      `ALTER TABLE "membership"."province" ADD CONSTRAINT "FK_138b2b47189690c2ed2500decea" FOREIGN KEY ("country_code") REFERENCES "membership"."country"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."county" ADD CONSTRAINT "FK_2f0af637293e4b6a6d2ea2190a6" FOREIGN KEY ("province_id") REFERENCES "membership"."province"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."village" ADD CONSTRAINT "FK_7f28f1ee3897129f7fb3a817e45" FOREIGN KEY ("province_id") REFERENCES "membership"."province"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."village" ADD CONSTRAINT "FK_67cda0c210c50933fb51d2e56eb" FOREIGN KEY ("county_id") REFERENCES "membership"."county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."fund" ADD CONSTRAINT "FK_c4f4ae84ecf873fdbda095d900d" FOREIGN KEY ("province_id") REFERENCES "membership"."province"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."fund" ADD CONSTRAINT "FK_d622ec5305528b0e3d01b331f53" FOREIGN KEY ("county_id") REFERENCES "membership"."county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."fund" ADD CONSTRAINT "FK_120bf4ce7719d3a3388898eaf41" FOREIGN KEY ("village_id") REFERENCES "membership"."village"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member_group" ADD CONSTRAINT "FK_bfd910563a2155c99b5b4d179da" FOREIGN KEY ("province_id") REFERENCES "membership"."province"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member_group" ADD CONSTRAINT "FK_f8240523f59eaec3245c1bbcb7c" FOREIGN KEY ("county_id") REFERENCES "membership"."county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member_group" ADD CONSTRAINT "FK_863d2db4a06efb6afaf1165012f" FOREIGN KEY ("village_id") REFERENCES "membership"."village"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member_group" ADD CONSTRAINT "FK_ba5521fd4e80f4332b13bc089dc" FOREIGN KEY ("fund_id") REFERENCES "membership"."fund"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."partner_link" ADD CONSTRAINT "FK_5fc00587336a68c275c0563df46" FOREIGN KEY ("partner_id") REFERENCES "membership"."partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member" ADD CONSTRAINT "FK_b1d5423755415a6e65de8f29b2c" FOREIGN KEY ("referred_by_partner_id") REFERENCES "membership"."partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member" ADD CONSTRAINT "FK_bb7b87ad97619c634bb115b976d" FOREIGN KEY ("residence_village_id") REFERENCES "membership"."village"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member" ADD CONSTRAINT "FK_0f6263cce6e6c90e3eb88b41318" FOREIGN KEY ("province_id") REFERENCES "membership"."province"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member" ADD CONSTRAINT "FK_fe21921ec8efbd76fc5849699ba" FOREIGN KEY ("county_id") REFERENCES "membership"."county"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member" ADD CONSTRAINT "FK_58a11819447bb4d0b6ccacbe423" FOREIGN KEY ("village_id") REFERENCES "membership"."village"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member" ADD CONSTRAINT "FK_780d55ff35199b1921bfb9cbdb9" FOREIGN KEY ("fund_id") REFERENCES "membership"."fund"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member" ADD CONSTRAINT "FK_790852db0d7a31e1cd3af00af1e" FOREIGN KEY ("group_id") REFERENCES "membership"."member_group"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member_transfer" ADD CONSTRAINT "FK_93b29de6ddd2f73ee2292b6aa2b" FOREIGN KEY ("member_id") REFERENCES "membership"."member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."member_transfer" ADD CONSTRAINT "FK_b5508b3b6f44ed497be044c341f" FOREIGN KEY ("to_member_id") REFERENCES "membership"."member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."officer" ADD CONSTRAINT "FK_4668aeeb065b9f306e0bcd32d61" FOREIGN KEY ("fund_id") REFERENCES "membership"."fund"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."officer" ADD CONSTRAINT "FK_0ee597d416291c1be4dd518c009" FOREIGN KEY ("member_id") REFERENCES "membership"."member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "membership"."formation_step" ADD CONSTRAINT "FK_628c81f71092ddaed6a2aa748b0" FOREIGN KEY ("fund_id") REFERENCES "membership"."fund"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(OUTBOX_TABLE_SQL('membership'));
    await db.query(
      `INSERT INTO "membership"."country" (code, name, name_latin, currency, national_id_scheme, level_labels) VALUES
       ('IR', 'ایران', 'Iran', 'IRR', 'IR_NATIONAL_CODE', $1::jsonb),
       ('VN', 'Việt Nam', 'Vietnam', 'VND', 'VN_CITIZEN_ID', $2::jsonb)`,
      [
        JSON.stringify({ province: 'استان', county: 'شهرستان', village: 'روستا / محله', fund: 'صندوق', group: 'گروه' }),
        JSON.stringify({ province: 'Tỉnh', county: 'Huyện', village: 'Xã / Thôn', fund: 'Nhóm tiết kiệm', group: 'Nhóm' }),
      ],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "membership"."outbox"`);
    await db.query(`ALTER TABLE "membership"."formation_step" DROP CONSTRAINT "FK_628c81f71092ddaed6a2aa748b0"`);
    await db.query(`ALTER TABLE "membership"."officer" DROP CONSTRAINT "FK_0ee597d416291c1be4dd518c009"`);
    await db.query(`ALTER TABLE "membership"."officer" DROP CONSTRAINT "FK_4668aeeb065b9f306e0bcd32d61"`);
    await db.query(`ALTER TABLE "membership"."member_transfer" DROP CONSTRAINT "FK_b5508b3b6f44ed497be044c341f"`);
    await db.query(`ALTER TABLE "membership"."member_transfer" DROP CONSTRAINT "FK_93b29de6ddd2f73ee2292b6aa2b"`);
    await db.query(`ALTER TABLE "membership"."member" DROP CONSTRAINT "FK_790852db0d7a31e1cd3af00af1e"`);
    await db.query(`ALTER TABLE "membership"."member" DROP CONSTRAINT "FK_780d55ff35199b1921bfb9cbdb9"`);
    await db.query(`ALTER TABLE "membership"."member" DROP CONSTRAINT "FK_58a11819447bb4d0b6ccacbe423"`);
    await db.query(`ALTER TABLE "membership"."member" DROP CONSTRAINT "FK_fe21921ec8efbd76fc5849699ba"`);
    await db.query(`ALTER TABLE "membership"."member" DROP CONSTRAINT "FK_0f6263cce6e6c90e3eb88b41318"`);
    await db.query(`ALTER TABLE "membership"."member" DROP CONSTRAINT "FK_bb7b87ad97619c634bb115b976d"`);
    await db.query(`ALTER TABLE "membership"."member" DROP CONSTRAINT "FK_b1d5423755415a6e65de8f29b2c"`);
    await db.query(`ALTER TABLE "membership"."partner_link" DROP CONSTRAINT "FK_5fc00587336a68c275c0563df46"`);
    await db.query(`ALTER TABLE "membership"."member_group" DROP CONSTRAINT "FK_ba5521fd4e80f4332b13bc089dc"`);
    await db.query(`ALTER TABLE "membership"."member_group" DROP CONSTRAINT "FK_863d2db4a06efb6afaf1165012f"`);
    await db.query(`ALTER TABLE "membership"."member_group" DROP CONSTRAINT "FK_f8240523f59eaec3245c1bbcb7c"`);
    await db.query(`ALTER TABLE "membership"."member_group" DROP CONSTRAINT "FK_bfd910563a2155c99b5b4d179da"`);
    await db.query(`ALTER TABLE "membership"."fund" DROP CONSTRAINT "FK_120bf4ce7719d3a3388898eaf41"`);
    await db.query(`ALTER TABLE "membership"."fund" DROP CONSTRAINT "FK_d622ec5305528b0e3d01b331f53"`);
    await db.query(`ALTER TABLE "membership"."fund" DROP CONSTRAINT "FK_c4f4ae84ecf873fdbda095d900d"`);
    await db.query(`ALTER TABLE "membership"."village" DROP CONSTRAINT "FK_67cda0c210c50933fb51d2e56eb"`);
    await db.query(`ALTER TABLE "membership"."village" DROP CONSTRAINT "FK_7f28f1ee3897129f7fb3a817e45"`);
    await db.query(`ALTER TABLE "membership"."county" DROP CONSTRAINT "FK_2f0af637293e4b6a6d2ea2190a6"`);
    await db.query(`ALTER TABLE "membership"."province" DROP CONSTRAINT "FK_138b2b47189690c2ed2500decea"`);
    await db.query(`DROP TABLE "membership"."formation_step"`);
    await db.query(`DROP INDEX "membership"."officer_one_current_holder"`);
    await db.query(`DROP INDEX "membership"."IDX_0ee597d416291c1be4dd518c00"`);
    await db.query(`DROP TABLE "membership"."officer"`);
    await db.query(`DROP INDEX "membership"."IDX_93b29de6ddd2f73ee2292b6aa2"`);
    await db.query(`DROP INDEX "membership"."IDX_b5508b3b6f44ed497be044c341"`);
    await db.query(`DROP TABLE "membership"."member_transfer"`);
    await db.query(`DROP INDEX "membership"."member_live_national_id"`);
    await db.query(`DROP INDEX "membership"."IDX_aebb5af36d4f739de7faaa954c"`);
    await db.query(`DROP INDEX "membership"."IDX_790852db0d7a31e1cd3af00af1"`);
    await db.query(`DROP INDEX "membership"."IDX_58a11819447bb4d0b6ccacbe42"`);
    await db.query(`DROP INDEX "membership"."IDX_fe21921ec8efbd76fc5849699b"`);
    await db.query(`DROP INDEX "membership"."IDX_0f6263cce6e6c90e3eb88b4131"`);
    await db.query(`DROP TABLE "membership"."member"`);
    await db.query(`DROP INDEX "membership"."IDX_3c2f8235d5a6388384717aa0eb"`);
    await db.query(`DROP INDEX "membership"."IDX_5fc00587336a68c275c0563df4"`);
    await db.query(`DROP TABLE "membership"."partner_link"`);
    await db.query(`DROP TABLE "membership"."partner"`);
    await db.query(`DROP INDEX "membership"."IDX_1a187affb79c2baabd6a4d2040"`);
    await db.query(`DROP INDEX "membership"."IDX_863d2db4a06efb6afaf1165012"`);
    await db.query(`DROP INDEX "membership"."IDX_f8240523f59eaec3245c1bbcb7"`);
    await db.query(`DROP INDEX "membership"."IDX_bfd910563a2155c99b5b4d179d"`);
    await db.query(`DROP TABLE "membership"."member_group"`);
    await db.query(`DROP INDEX "membership"."IDX_c0a7750b496384ade5446cc634"`);
    await db.query(`DROP INDEX "membership"."IDX_d622ec5305528b0e3d01b331f5"`);
    await db.query(`DROP INDEX "membership"."IDX_c4f4ae84ecf873fdbda095d900"`);
    await db.query(`DROP TABLE "membership"."fund"`);
    await db.query(`DROP INDEX "membership"."IDX_48d5def85b2dffedf051b6a68f"`);
    await db.query(`DROP INDEX "membership"."IDX_7f28f1ee3897129f7fb3a817e4"`);
    await db.query(`DROP TABLE "membership"."village"`);
    await db.query(`DROP INDEX "membership"."IDX_65b4c115831a185c746a7161ec"`);
    await db.query(`DROP TABLE "membership"."county"`);
    await db.query(`DROP INDEX "membership"."IDX_93bc586bc60989c9fff1231ab2"`);
    await db.query(`DROP TABLE "membership"."province"`);
    await db.query(`DROP TABLE "membership"."country"`);
  }
}
