import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type AgreementStatus, agreementStatus } from './rules.ts';
import { type AgreementScope, agreementFilter, partnerFilter } from './scope.ts';

export interface PartnerRow {
  id: number;
  name: string;
  acronym: string | null;
  type: string;
  sector: string | null;
  region_code: string | null;
  region_name: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  source_url: string | null;
  note: string | null;
  synthetic: boolean;
  agreements: number;
  member_companies: number;
}

export async function listPartners(
  db: Database,
  scope: AgreementScope,
  f: { type?: string; page?: number; pageSize?: number } = {},
) {
  const r = await sql<PartnerRow>`
    select pt.id, pt.name, pt.acronym, pt.type, pt.sector, pt.region_code, rg.name as region_name,
      pt.contact_name, pt.contact_email, pt.contact_phone, pt.source_url, pt.note, pt.synthetic,
      (select count(*)::int from agreements a where a.partner_id = pt.id) as agreements,
      (select count(*)::int from employer_memberships em where em.partner_id = pt.id) as member_companies
    from partners pt left join regions rg on rg.code = pt.region_code
    where ${partnerFilter(scope)} and (${f.type ?? null}::text is null or pt.type = ${f.type ?? null})
    order by pt.name, pt.id
    ${f.pageSize ? sql`limit ${f.pageSize} offset ${((f.page ?? 1) - 1) * f.pageSize}` : sql``}`.execute(db);
  return r.rows;
}

/** One page of the partners with their total (the list and its CSV/XLSX). */
export async function pagePartners(
  db: Database,
  scope: AgreementScope,
  f: { type?: string; page: number; pageSize: number },
) {
  const total = await sql<{ n: number }>`select count(*)::int as n from partners pt
    where ${partnerFilter(scope)} and (${f.type ?? null}::text is null or pt.type = ${f.type ?? null})`.execute(
    db,
  );
  return { items: await listPartners(db, scope, f), total: total.rows[0]?.n ?? 0 };
}

export async function getPartner(db: Database, scope: AgreementScope, id: number): Promise<PartnerRow> {
  const rows = await listPartners(db, scope);
  const p = rows.find((r) => r.id === id);
  if (!p) throw new NotFoundError(`id: mitra ${id} tidak ditemukan / partner not found`);
  return p;
}

export interface AgreementRow {
  id: number;
  number: string;
  kind: string;
  title: string;
  partner_id: number;
  partner_name: string;
  partner_acronym: string | null;
  partner_type: string;
  partner_region: string | null;
  parent_id: number | null;
  parent_relation: string | null;
  signed_on: string | null;
  signed_precision: string;
  starts_on: string;
  ends_on: string | null;
  state: string;
  terminated_on: string | null;
  termination_reason: string | null;
  segments: string[];
  programs: string[];
  region_codes: string[];
  member_companies: string;
  worker_groups: string[];
  target_people: number | null;
  target_by: string | null;
  payer: string;
  sponsor_shares: Record<string, number>;
  budget_ceiling: number | null;
  source_url: string | null;
  note: string | null;
  synthetic: boolean;
}

export type AgreementView = AgreementRow & { status: AgreementStatus };

export interface AgreementFilter {
  partnerId?: number;
  status?: AgreementStatus;
  id?: number;
  number?: string;
}

/** Agreements the scope allows, with the status they show on `today`. Small table: filtered in TS. */
export async function listAgreements(
  db: Database,
  scope: AgreementScope,
  today: string,
  f: AgreementFilter = {},
): Promise<AgreementView[]> {
  const r = await sql<AgreementRow>`
    select a.id, a.number, a.kind, a.title, a.partner_id, pt.name as partner_name, pt.acronym as partner_acronym,
      pt.type as partner_type, pt.region_code as partner_region, a.parent_id, a.parent_relation,
      a.signed_on, a.signed_precision, a.starts_on, a.ends_on, a.state, a.terminated_on, a.termination_reason,
      a.segments, a.programs, a.region_codes, a.member_companies, a.worker_groups, a.target_people, a.target_by,
      a.payer, a.sponsor_shares, a.budget_ceiling::float8 as budget_ceiling, a.source_url, a.note, a.synthetic
    from agreements a join partners pt on pt.id = a.partner_id
    where ${agreementFilter(scope)}
      and (${f.partnerId ?? null}::int is null or a.partner_id = ${f.partnerId ?? null})
      and (${f.id ?? null}::bigint is null or a.id = ${f.id ?? null})
      and (${f.number ?? null}::text is null or a.number = ${f.number ?? null})
    order by a.starts_on desc, a.id desc`.execute(db);
  return r.rows
    .map((a) => ({ ...a, status: agreementStatus(a, today) }))
    .filter((a) => !f.status || a.status === f.status);
}

export async function getAgreement(
  db: Database,
  scope: AgreementScope,
  today: string,
  key: { id?: number; number?: string },
): Promise<AgreementView> {
  const [a] = await listAgreements(db, scope, today, key);
  if (!a)
    throw new NotFoundError(
      `agreement: perjanjian ${key.id ?? key.number} tidak ditemukan / agreement not found`,
    );
  return a;
}

export interface MemberRow {
  participant_id: number;
  nik: string;
  kpj: string;
  full_name: string;
  segment: string;
  status: string;
  province_code: string;
  attributed_on: string;
  via: string | null;
  employer_name: string | null;
  sponsorship_status: 'sponsored' | 'suspended_budget' | null;
}

/**
 * People of an agreement (attributed directly or through an attributed employer), newest first.
 * `where` narrows them to what the reader may see of the registry (participants alias p).
 */
export async function agreementMembers(
  db: Database,
  agreementId: number,
  where: RawBuilder<boolean>,
  page: { page: number; pageSize: number },
) {
  const base = sql`from agreement_people ap join participants p on p.id = ap.participant_id
    where ap.agreement_id = ${agreementId} and ${where}`;
  const total = await sql<{ n: number }>`select count(*)::int as n ${base}`.execute(db);
  const items = await sql<MemberRow>`
    select p.id as participant_id, p.nik, p.kpj, p.full_name, p.segment, p.status, p.province_code,
      ap.attributed_on,
      (select am.via from agreement_members am where am.agreement_id = ${agreementId}
        and am.participant_id = p.id) as via,
      (select e.name from agreement_members am join employments m on m.employer_id = am.employer_id
        join employers e on e.id = m.employer_id
        where am.agreement_id = ${agreementId} and m.participant_id = p.id limit 1) as employer_name,
      (select case d.status when 'billable' then 'sponsored' else 'suspended_budget' end
        from sponsorship_decisions d where d.agreement_id = ${agreementId} and d.participant_id = p.id
        order by d.period desc limit 1) as sponsorship_status
    ${base}
    order by ap.attributed_on desc, p.id
    limit ${page.pageSize} offset ${(page.page - 1) * page.pageSize}`.execute(db);
  return { total: total.rows[0]?.n ?? 0, items: items.rows };
}

/** Attributed employers of an agreement. */
export async function agreementEmployers(db: Database, agreementId: number) {
  const r = await sql<{ employer_id: number; npp: string; name: string; attributed_on: string; via: string }>`
    select e.id as employer_id, e.npp, e.name, am.attributed_on, am.via
    from agreement_members am join employers e on e.id = am.employer_id
    where am.agreement_id = ${agreementId} order by e.name limit 500`.execute(db);
  return r.rows;
}
