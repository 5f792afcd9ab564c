import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { parsePeriod, periodStart } from '../../platform/period.ts';
import { type Cell, formatOf, readTabular, sha256File } from '../../platform/tabular.ts';
import { recordAudit } from '../access/audit.ts';
import {
  type Actor,
  assertCan,
  can,
  inScope,
  ownEmployer,
  registryScope,
  villageInScope,
} from '../access/policy.ts';
import { changeWage, exitEmployment, hire } from '../employment/actions.ts';
import { MAX_WAGE } from '../imports/columns.ts';
import { registerParticipant } from '../workers/actions.ts';
import { parseNik } from '../workers/nik.ts';

/**
 * An employer's monthly wage report (SIPP style: every current worker with the month's wage) becomes
 * hires, wage changes and exits by difference with the registry. Each line's outcome is recorded with
 * its line number, in Bahasa Indonesia and English. The same file for the same month is applied once;
 * an interrupted report resumes where it stopped (lines with an outcome are skipped).
 */

export const WAGE_REPORT_COLUMNS = [
  { name: 'nik', aliases: [], required: true, help: 'NIK 16 digit (format kolom sebagai Teks)' },
  { name: 'upah', aliases: ['wage'], required: true, help: 'Upah bulan ini, rupiah bulat' },
  { name: 'nama', aliases: ['name', 'full_name'], required: false, help: 'Wajib untuk pekerja baru' },
  { name: 'tanggal_lahir', aliases: ['birth_date'], required: false, help: 'Wajib untuk pekerja baru' },
  { name: 'jenis_kelamin', aliases: ['sex'], required: false, help: 'L/P, wajib untuk pekerja baru' },
  { name: 'kode_desa', aliases: ['village_code'], required: false, help: 'Wajib untuk pekerja baru' },
  { name: 'tanggal_mulai', aliases: ['start_date'], required: false, help: 'Pekerja baru: tanggal mulai' },
] as const;

export interface WageReportLine {
  line: number;
  nik: string | null;
  outcome: 'hire' | 'wage_change' | 'exit' | 'unchanged' | 'rejected';
  column_name: string | null;
  code: string | null;
  message_id: string | null;
  message_en: string | null;
  value: string | null;
}

export interface WageReportResult {
  reportId: number;
  period: string;
  total: number;
  hires: number;
  wageChanges: number;
  exits: number;
  unchanged: number;
  rejected: number;
  alreadyReportedAs?: number;
  lines: WageReportLine[];
}

const text = (v: Cell | undefined): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim() || null;
};

function parseDate(v: Cell | undefined): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = text(v);
  if (!s) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) {
    const d = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    if (d) m = [s, d[3]!, d[2]!.padStart(2, '0'), d[1]!.padStart(2, '0')] as unknown as RegExpExecArray;
  }
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const dt = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(dt.getTime()) || dt.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** "5.000.000", "5000000" or a number cell → 5000000; anything else is null. */
export function parseRupiah(v: Cell | undefined): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  const s = text(v);
  if (!s) return null;
  if (/^\d{1,3}(\.\d{3})+$/.test(s)) return Number(s.replace(/\./g, ''));
  if (/^\d+$/.test(s)) return Number(s);
  return null;
}

const ALIASES = new Map<string, string>(
  WAGE_REPORT_COLUMNS.flatMap((c) => [
    [c.name, c.name] as const,
    ...c.aliases.map((a) => [a, c.name] as const),
  ]),
);

function reject(
  line: number,
  nik: string | null,
  column: string,
  code: string,
  id: string,
  en: string,
  value?: Cell,
) {
  return {
    line,
    nik,
    outcome: 'rejected' as const,
    column_name: column,
    code,
    message_id: id,
    message_en: en,
    value: text(value ?? null),
  };
}

interface Row {
  line: number;
  nik: string;
  wage: number;
  name: string | null;
  birth: string | null;
  sex: 'M' | 'F' | null;
  village: string | null;
  start: string | null;
}

function checkRow(line: number, cells: Record<string, Cell>, today: string): Row | WageReportLine {
  const nikCell = cells.nik;
  if (typeof nikCell === 'number' && String(nikCell).length !== 16)
    return reject(
      line,
      null,
      'nik',
      'nik_number_cell',
      'NIK tersimpan sebagai angka dan kehilangan digit; format kolom NIK sebagai Teks',
      'NIK stored as a number and lost digits; format the NIK column as Text',
      nikCell,
    );
  const nik = text(nikCell);
  if (!nik) return reject(line, null, 'nik', 'required', 'Kolom nik wajib diisi', 'Column nik is required');
  const info = parseNik(nik, today);
  if (!info.valid) return reject(line, nik, 'nik', info.code, info.message_id, info.message_en, nik);
  const wage = parseRupiah(cells.upah);
  if (wage === null)
    return reject(
      line,
      nik,
      'upah',
      'wage_format',
      'Upah harus angka rupiah bulat',
      'Wage must be whole rupiah',
      cells.upah,
    );
  if (wage <= 0)
    return reject(line, nik, 'upah', 'wage_zero', 'Upah harus di atas 0', 'Wage must be above 0', cells.upah);
  if (wage > MAX_WAGE)
    return reject(
      line,
      nik,
      'upah',
      'wage_absurd',
      'Upah tidak wajar (di atas Rp1 miliar sebulan)',
      'Implausible wage (over Rp1 billion a month)',
      cells.upah,
    );
  const sexRaw = text(cells.jenis_kelamin)?.toUpperCase();
  const sex = sexRaw === 'L' || sexRaw === 'M' ? 'M' : sexRaw === 'P' || sexRaw === 'F' ? 'F' : null;
  const start = parseDate(cells.tanggal_mulai);
  if (cells.tanggal_mulai != null && text(cells.tanggal_mulai) && !start)
    return reject(
      line,
      nik,
      'tanggal_mulai',
      'date_format',
      'Tanggal mulai tidak valid (YYYY-MM-DD atau DD/MM/YYYY)',
      'Invalid start date (YYYY-MM-DD or DD/MM/YYYY)',
      cells.tanggal_mulai,
    );
  return {
    line,
    nik,
    wage,
    name: text(cells.nama),
    birth: parseDate(cells.tanggal_lahir),
    sex,
    village: text(cells.kode_desa),
    start,
  };
}

async function recordLine(db: Database, reportId: number, l: WageReportLine) {
  await db
    .insertInto('wage_report_lines')
    .values({ report_id: reportId, ...l })
    .execute();
}

const dayBefore = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** One line of the report, applied in its own transaction with its outcome. */
async function applyRow(
  db: Database,
  reportId: number,
  employer: { id: number; npp: string },
  period: string,
  r: Row,
  actor: Actor,
  clock: Clock,
): Promise<WageReportLine> {
  const from = periodStart(period);
  const ok = (outcome: WageReportLine['outcome']): WageReportLine => ({
    line: r.line,
    nik: r.nik,
    outcome,
    column_name: null,
    code: null,
    message_id: null,
    message_en: null,
    value: null,
  });
  try {
    const resolve = async (trx: Database) => {
      let p = await trx
        .selectFrom('participants')
        .select(['id', 'segment', 'merged_into', 'status'])
        .where('nik', '=', r.nik)
        .executeTakeFirst();
      // A merged record's NIK leads to the survivor.
      for (let hops = 0; p?.merged_into && hops < 20; hops++)
        p = await trx
          .selectFrom('participants')
          .select(['id', 'segment', 'merged_into', 'status'])
          .where('id', '=', p.merged_into)
          .executeTakeFirst();
      return p;
    };
    if (!(await resolve(db))) {
      if (!r.name || !r.birth || !r.sex || !r.village)
        return reject(
          r.line,
          r.nik,
          'nama',
          'new_worker_details',
          'Pekerja baru: nama, tanggal_lahir, jenis_kelamin dan kode_desa wajib diisi',
          'New worker: nama, tanggal_lahir, jenis_kelamin and kode_desa are required',
        );
      // Registration is its own transaction; a crash before the line is recorded re-finds the person
      // on the rerun (then "unchanged"), never registers twice (participants.nik is unique).
      const id = await registerNew(db, r, employer, r.start ?? from, actor, clock);
      const out = ok('hire');
      await db.transaction().execute(async (trx) => {
        await tagEvents(trx, id, employer.id, reportId);
        await recordLine(trx, reportId, out);
      });
      return out;
    }
    return await db.transaction().execute(async (trx) => {
      const p = (await resolve(trx))!;
      const dead = await trx
        .selectFrom('participant_deaths')
        .select('died_on')
        .where('participant_id', '=', p.id)
        .executeTakeFirst();
      if (dead)
        return reject(
          r.line,
          r.nik,
          'nik',
          'deceased',
          `Peserta telah dilaporkan meninggal (${dead.died_on})`,
          `The participant was reported dead (${dead.died_on})`,
          r.nik,
        );
      if (p.segment !== 'PU')
        return reject(
          r.line,
          r.nik,
          'nik',
          'segment_not_pu',
          'Peserta terdaftar bukan sebagai penerima upah (PU); laporkan perubahan segmen ke kantor cabang',
          'The participant is not registered as a wage earner (PU); report the segment change to the branch office',
          r.nik,
        );
      const open = await trx
        .selectFrom('employments')
        .selectAll()
        .where('participant_id', '=', p.id)
        .where('employer_id', '=', employer.id)
        .where('ended_on', 'is', null)
        .executeTakeFirst();
      let out: WageReportLine;
      if (!open) {
        await hire(
          trx,
          { participantId: p.id, employerId: employer.id, date: r.start ?? from, wage: r.wage },
          actor,
        );
        out = ok('hire');
      } else if (Number(open.wage) === r.wage) out = ok('unchanged');
      else {
        // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers
        const date = open.started_on > from ? open.started_on : from;
        await changeWage(trx, { participantId: p.id, employerId: employer.id, date, wage: r.wage }, actor);
        out = ok('wage_change');
      }
      await tagEvents(trx, p.id, employer.id, reportId);
      await recordLine(trx, reportId, out);
      return out;
    });
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500) throw e;
    const [id, en] = e.message.includes(' / ') ? e.message.split(' / ', 2) : [e.message, e.message];
    const [column, msg] = id!.includes(': ') ? id!.split(': ', 2) : ['baris', id];
    return reject(r.line, r.nik, column!, e.code, msg!, en!, r.nik);
  }
}

async function registerNew(
  db: Database,
  r: Row,
  employer: { id: number; npp: string },
  start: string,
  actor: Actor,
  clock: Clock,
): Promise<number> {
  const p = await registerParticipant(
    db,
    {
      nik: r.nik,
      full_name: r.name!,
      birth_date: r.birth!,
      sex: r.sex!,
      village_code: r.village!,
      segment: 'PU',
      employer_npp: employer.npp,
      start_date: start,
      wage: r.wage,
    },
    actor,
    clock,
  );
  return p.id;
}

/** Events written for this report carry its id (for the report page). */
async function tagEvents(db: Database, participantId: number, employerId: number, reportId: number) {
  await sql`update employment_events set wage_report_id = ${reportId}
            where participant_id = ${participantId} and employer_id = ${employerId} and wage_report_id is null
              and reported_at >= (select created_at from wage_reports where id = ${reportId})`.execute(db);
}

/**
 * The employer a wage report is for, as this actor may report it: refused here, so an upload out
 * of scope is refused when it arrives, not later in the job.
 */
export async function wageReportEmployer(
  db: Database,
  npp: string | undefined,
  actor: Actor,
): Promise<{ id: number; npp: string }> {
  assertCan(actor, 'wages.report');
  const own = ownEmployer(actor);
  let employer: { id: number; npp: string; village_code: string } | undefined;
  if (npp)
    employer = await db
      .selectFrom('employers')
      .select(['id', 'npp', 'village_code'])
      .where('npp', '=', npp)
      .executeTakeFirst();
  else if (own !== null)
    employer = await db
      .selectFrom('employers')
      .select(['id', 'npp', 'village_code'])
      .where('id', '=', own)
      .executeTakeFirst();
  if (!employer)
    throw npp
      ? new NotFoundError(`employer_npp: NPP ${npp} tidak ditemukan / not found`)
      : new ValidationError('employer_npp: NPP pemberi kerja wajib / the employer NPP is required');
  // An employer reports for itself only; officers for the employers of their regions (others: not found).
  if (own !== employer.id) {
    if (!can(actor, 'registry.officer')) throw new ForbiddenError();
    if (!villageInScope(actor, employer.village_code))
      throw new NotFoundError(`employer_npp: NPP ${employer.npp} tidak ditemukan / not found`);
  }
  return { id: employer.id, npp: employer.npp };
}

/**
 * Applies a wage report file. Web, API and CLI run it through the job `registry.wage_report`
 * (jobs.ts), which calls this with the stored upload; tests may call it directly.
 */
export async function applyWageReport(
  db: Database,
  opts: { file: string; fileName?: string; employerNpp?: string; period: string },
  actor: Actor,
  clock: Clock,
  ctx: { progress?(done: number, total: number): void } = {},
): Promise<WageReportResult> {
  const period = parsePeriod(opts.period);
  const today = isoDate(clock.now());
  const format = formatOf(opts.fileName ?? opts.file);
  const employer = await wageReportEmployer(db, opts.employerNpp, actor);
  const sha = await sha256File(opts.file);
  const prior = await db
    .selectFrom('wage_reports')
    .selectAll()
    .where('employer_id', '=', employer.id)
    .where('period', '=', period)
    .where('file_sha256', '=', sha)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (prior?.status === 'done') return { ...(await reportResult(db, prior.id)), alreadyReportedAs: prior.id };
  const report =
    prior && prior.status === 'running'
      ? prior
      : await db
          .insertInto('wage_reports')
          .values({
            employer_id: employer.id,
            period,
            file_name: opts.fileName ?? opts.file,
            file_sha256: sha,
            created_by: actor.username,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
  const doneLines = new Set(
    (
      await db.selectFrom('wage_report_lines').select('line').where('report_id', '=', report.id).execute()
    ).map((l) => l.line),
  );
  // Read and check every line first: exits are decided against the whole file.
  const rows: Row[] = [];
  const early: WageReportLine[] = [];
  const seen = new Map<string, number>();
  const fileNiks = new Set<string>();
  let total = 0;
  let header = false;
  for await (const { line, cells: raw } of readTabular(opts.file, format)) {
    const cells: Record<string, Cell> = {};
    for (const [k, v] of Object.entries(raw)) {
      const c = ALIASES.get(k);
      if (c && cells[c] == null) cells[c] = v;
    }
    if (!header) {
      const missing = WAGE_REPORT_COLUMNS.filter(
        (c) => c.required && !Object.keys(raw).some((k) => ALIASES.get(k) === c.name),
      );
      if (missing.length)
        throw new ValidationError(
          `file: kolom wajib tidak ada / required columns missing: ${missing.map((c) => c.name).join(', ')}`,
        );
      header = true;
    }
    total++;
    const r = checkRow(line, cells, today);
    const nik = 'outcome' in r ? r.nik : r.nik;
    if (nik) fileNiks.add(nik);
    if ('outcome' in r) early.push(r);
    else if (seen.has(r.nik))
      early.push(
        reject(
          line,
          r.nik,
          'nik',
          'nik_duplicate_in_file',
          `NIK sama dengan baris ${seen.get(r.nik)}`,
          `Same NIK as line ${seen.get(r.nik)}`,
          r.nik,
        ),
      );
    else {
      seen.set(r.nik, line);
      rows.push(r);
    }
  }
  if (!total) throw new ValidationError('file: berkas tidak berisi baris data / the file has no data rows');
  for (const l of early) if (!doneLines.has(l.line)) await recordLine(db, report.id, l);
  let done = early.length;
  for (const r of rows) {
    if (!doneLines.has(r.line)) {
      const out = await applyRow(db, report.id, employer, period, r, actor, clock);
      if (out.outcome === 'rejected') await recordLine(db, report.id, out);
    }
    done++;
    ctx.progress?.(done, total);
  }
  // Exits by difference: workers employed here whose NIK (or a NIK merged into them) is not in the file.
  // Employment ends the day before the month; a line rejected for its NIK never causes an exit.
  const from = periodStart(period);
  const leaving = await sql<{ participant_id: number; nik: string; started_on: string }>`
    select m.participant_id, p.nik, m.started_on from employments m join participants p on p.id = m.participant_id
    where m.employer_id = ${employer.id} and m.ended_on is null and m.started_on < ${from}::date
      and p.nik <> all(${[...fileNiks]}::text[])
      and not exists (select 1 from participants q where q.merged_into = p.id and q.nik = any(${[...fileNiks]}::text[]))
    order by p.nik`.execute(db);
  for (const w of leaving.rows) {
    await db.transaction().execute(async (trx) => {
      await exitEmployment(
        trx,
        { participantId: w.participant_id, employerId: employer.id, date: dayBefore(from) },
        actor,
      );
      await sql`update employment_events set exit_reason = 'unreported', wage_report_id = ${report.id}
                where id = (select max(id) from employment_events where participant_id = ${w.participant_id}
                            and employer_id = ${employer.id} and kind = 'exit')`.execute(trx);
      await recordLine(trx, report.id, {
        line: 0,
        nik: w.nik,
        outcome: 'exit',
        column_name: null,
        code: 'not_in_report',
        message_id: `Tidak ada dalam laporan upah ${period}: keluar per ${dayBefore(from)} (alasan keluar belum dilaporkan)`,
        message_en: `Not in the ${period} wage report: left as of ${dayBefore(from)} (exit reason not reported)`,
        value: null,
      });
    });
  }
  const result = await reportResult(db, report.id);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('wage_reports')
      .set({
        status: 'done',
        finished_at: clock.now(),
        total_rows: total,
        hires: result.hires,
        wage_changes: result.wageChanges,
        exits: result.exits,
        unchanged: result.unchanged,
        rejected: result.rejected,
      })
      .where('id', '=', report.id)
      .execute();
    await recordAudit(trx, actor, 'wage_report', 'employer', String(employer.id), null, {
      report_id: report.id,
      period,
      file: opts.fileName ?? opts.file,
      sha256: sha,
      hires: result.hires,
      wage_changes: result.wageChanges,
      exits: result.exits,
      rejected: result.rejected,
    });
  });
  return { ...result, total };
}

export async function reportResult(db: Database, reportId: number): Promise<WageReportResult> {
  const r = await db
    .selectFrom('wage_reports')
    .selectAll()
    .where('id', '=', reportId)
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('wage_report_lines')
    .select(['line', 'nik', 'outcome', 'column_name', 'code', 'message_id', 'message_en', 'value'])
    .where('report_id', '=', reportId)
    .orderBy('line')
    .orderBy('id')
    .execute();
  const n = (o: string) => lines.filter((l) => l.outcome === o).length;
  return {
    reportId,
    period: r.period,
    total: r.total_rows || lines.filter((l) => l.line > 0).length,
    hires: n('hire'),
    wageChanges: n('wage_change'),
    exits: n('exit'),
    unchanged: n('unchanged'),
    rejected: n('rejected'),
    lines: lines as WageReportLine[],
  };
}

/** A report as its employer (or an officer/admin in scope) may see it. */
export async function getWageReport(db: Database, actor: Actor, id: number) {
  const r = await db
    .selectFrom('wage_reports as w')
    .innerJoin('employers as e', 'e.id', 'w.employer_id')
    .select(['w.id', 'e.npp', 'e.name as employer_name'])
    .where('w.id', '=', id)
    // Its employer (an employer), the employers of the actor's regions (an officer), every one (head office, auditor).
    .where(inScope(registryScope(actor), 'employer', 'e'))
    .executeTakeFirst();
  if (!r || !can(actor, 'wages.read'))
    throw new NotFoundError(`id: laporan upah ${id} tidak ditemukan / wage report not found`);
  return { employer: { npp: r.npp, name: r.employer_name }, ...(await reportResult(db, id)) };
}
