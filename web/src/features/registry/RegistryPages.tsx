import { type FormEvent, useRef, useState } from 'react';
import { api, qs } from '../../api.ts';
import { formatDate, formatDateTime, formatNumber } from '../../format.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { ConfirmButton } from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { TileMap } from '../coverage/charts.tsx';
import { JobProgress } from '../jobs/JobProgress.tsx';
import { useJob } from '../jobs/useJob.ts';
import { type RgKey, useRg } from './text.ts';

interface Person {
  id: number;
  nik: string;
  kpj: string;
  full_name: string;
  birth_date: string;
  sex: string;
  village_code: string;
  village_name: string;
  phone: string | null;
  status: string;
  registered_on: string;
  employers: string | null;
  bank_accounts: number;
}

interface Candidate {
  id: number;
  a_id: number;
  b_id: number;
  rule: string;
  similarity: string | null;
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  a: Person;
  b: Person;
  evidence: { nik: string; name: boolean; birth_date: boolean; village: boolean; phone: boolean | null };
}

const TABS: Array<[string, RgKey, string[]]> = [
  ['/registri', 'rg.tab.duplicates', ['admin', 'branch_officer', 'auditor']],
  ['/registri/perubahan', 'rg.tab.changes', ['admin', 'branch_officer', 'auditor']],
  ['/registri/kualitas', 'rg.tab.quality', ['admin', 'branch_officer', 'auditor', 'regional_government']],
  ['/registri/daftar-kerja', 'rg.tab.worklist', ['admin', 'branch_officer', 'auditor']],
  ['/registri/laporan-upah', 'rg.tab.wageReport', ['admin', 'branch_officer', 'employer', 'auditor']],
  ['/registri/tinjauan', 'rg.tab.reviews', ['admin', 'branch_officer']],
];

function SubNav() {
  const { t } = useRg();
  const { user } = useSession();
  const { location } = useRouter();
  return (
    <nav
      className="chips"
      aria-label={t('rg.title')}
      style={{ marginBottom: '1rem' }}
      data-testid="registry-subnav"
    >
      {TABS.filter(([, , roles]) => user && roles.includes(user.role)).map(([to, label]) => (
        <Link key={to} to={to} className={`chip${location.pathname === to ? ' active' : ''}`}>
          {t(label)}
        </Link>
      ))}
    </nav>
  );
}

export function Shell({ children }: { children: React.ReactNode }) {
  const { t } = useRg();
  return (
    <div data-testid="registry-page">
      <PageHeader title={t('rg.title')} subtitle={t('rg.intro')} />
      <SubNav />
      {children}
    </div>
  );
}

function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage(p: number): void;
}) {
  const { t } = useRg();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pagination">
      <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ {t('rg.prev')}
      </button>
      <span>{t('rg.common.page', { page, pages })}</span>
      <button
        type="button"
        className="btn btn-small"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {t('rg.next')} ›
      </button>
    </nav>
  );
}

// ---- duplicates ------------------------------------------------------------------------------------
export function DuplicatesPage() {
  const { t, tc, lang } = useRg();
  const { fx } = useFx();
  const { user } = useSession();
  const [status, setStatus] = useState<'open' | 'merged' | 'not_duplicate'>('open');
  const [page, setPage] = useState(1);
  const [error, setError] = useState<unknown>(null);
  const res = useApi<{ items: Candidate[]; total: number }>(
    `/api/registry/duplicates${qs({ status, page, pageSize: 20 })}`,
  );
  const canDecide = user?.role === 'admin' || user?.role === 'branch_officer';
  const act = async (path: string, body: object) => {
    setError(null);
    try {
      await api(path, { method: 'POST', body });
      res.reload();
    } catch (e) {
      setError(e);
    }
  };
  const yes = (b: boolean | null) => (b === null ? '—' : b ? t('rg.ev.same') : t('rg.ev.different'));
  const row = (label: RgKey, a: React.ReactNode, b: React.ReactNode, match?: string) => (
    <tr>
      <th>{t(label)}</th>
      <td>{a}</td>
      <td>{b}</td>
      <td className="muted">{match ?? ''}</td>
    </tr>
  );
  return (
    <Shell>
      <div className="toolbar">
        {(['open', 'merged', 'not_duplicate'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className={`btn btn-small${s === status ? ' btn-primary' : ''}`}
            onClick={() => {
              setStatus(s);
              setPage(1);
            }}
          >
            {tc('rg.dup.status.', s)}
          </button>
        ))}
      </div>
      <ErrorBox error={error} />
      {res.loading ? (
        <Loading />
      ) : res.error ? (
        <ErrorBox error={res.error} onRetry={res.reload} />
      ) : !res.data?.items.length ? (
        <Empty>{t('rg.dup.none')}</Empty>
      ) : (
        res.data.items.map((c) => (
          <section key={c.id} className="card" data-testid="duplicate-candidate">
            <h3>{tc('rg.dup.rule.', c.rule)}</h3>
            {c.similarity && (
              <p className="muted">
                {t('rg.dup.similarity')}: {formatNumber(Math.round(Number(c.similarity) * 100))}%
              </p>
            )}
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th />
                    <th>{t('rg.dup.recordA')}</th>
                    <th>{t('rg.dup.recordB')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {row(
                    'rg.f.nik',
                    <span className="mono">{c.a.nik}</span>,
                    <span className="mono">{c.b.nik}</span>,
                    tc('rg.ev.nik.', c.evidence.nik),
                  )}
                  {row(
                    'rg.f.kpj',
                    <Link to={`/peserta/${c.a.id}`}>{c.a.kpj}</Link>,
                    <Link to={`/peserta/${c.b.id}`}>{c.b.kpj}</Link>,
                  )}
                  {row('rg.f.full_name', c.a.full_name, c.b.full_name, yes(c.evidence.name))}
                  {row(
                    'rg.f.birth_date',
                    formatDate(c.a.birth_date, lang),
                    formatDate(c.b.birth_date, lang),
                    yes(c.evidence.birth_date),
                  )}
                  {row('rg.f.village', c.a.village_name, c.b.village_name, yes(c.evidence.village))}
                  {row('rg.f.phone', c.a.phone ?? '—', c.b.phone ?? '—', yes(c.evidence.phone))}
                  {row('rg.f.employers', c.a.employers ?? '—', c.b.employers ?? '—')}
                  {row(
                    'rg.f.bank_accounts',
                    formatNumber(c.a.bank_accounts),
                    formatNumber(c.b.bank_accounts),
                  )}
                  {row(
                    'rg.f.registered_on',
                    formatDate(c.a.registered_on, lang),
                    formatDate(c.b.registered_on, lang),
                  )}
                  {row('rg.f.status', tc('rg.status.', c.a.status), tc('rg.status.', c.b.status))}
                </tbody>
              </table>
            </div>
            {c.status === 'open' && canDecide && (
              <div className="actions">
                <ConfirmButton
                  label={t('rg.dup.keepA')}
                  question={fx('dup.mergeAsk', {
                    keep: `${c.a.full_name} (KPJ ${c.a.kpj})`,
                    gone: `${c.b.full_name} (KPJ ${c.b.kpj})`,
                  })}
                  yes={fx('dup.mergeYes')}
                  onConfirm={() =>
                    void act(`/api/registry/duplicates/${c.id}/merge`, { survivor_id: c.a_id })
                  }
                  testId="merge-keep-a"
                />
                <ConfirmButton
                  label={t('rg.dup.keepB')}
                  question={fx('dup.mergeAsk', {
                    keep: `${c.b.full_name} (KPJ ${c.b.kpj})`,
                    gone: `${c.a.full_name} (KPJ ${c.a.kpj})`,
                  })}
                  yes={fx('dup.mergeYes')}
                  onConfirm={() =>
                    void act(`/api/registry/duplicates/${c.id}/merge`, { survivor_id: c.b_id })
                  }
                  testId="merge-keep-b"
                />
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => act(`/api/registry/duplicates/${c.id}/not-duplicate`, {})}
                >
                  {t('rg.dup.notDuplicate')}
                </button>
              </div>
            )}
            {c.status !== 'open' && (
              <p className="muted">
                {t('rg.dup.decidedBy', {
                  who: c.decided_by ?? '—',
                  when: formatDateTime(c.decided_at, lang),
                })}
              </p>
            )}
            {c.status !== 'open' && user?.role === 'admin' && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  const note = window.prompt(t('rg.dup.reverseNote'));
                  if (note) void act(`/api/registry/duplicates/${c.id}/reverse`, { note });
                }}
              >
                {t('rg.dup.reverse')}
              </button>
            )}
          </section>
        ))
      )}
      {res.data && <Pager page={page} pageSize={20} total={res.data.total} onPage={setPage} />}
    </Shell>
  );
}

// ---- change approvals ------------------------------------------------------------------------------
interface ChangeRow {
  id: number;
  entity: string;
  entity_id: number;
  changes: Record<string, { from: unknown; to: unknown }>;
  effective_on: string;
  reason: string;
  status: string;
  requested_by_name: string;
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).join(' · ');
  return String(v);
}

export function ChangesTable({
  rows,
  onDecide,
}: {
  rows: ChangeRow[];
  onDecide?: (id: number, approve: boolean) => void;
}) {
  const { t, tc, lang } = useRg();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="changes-table">
        <thead>
          <tr>
            <th>{t('rg.ch.field')}</th>
            <th>{t('rg.ch.from')}</th>
            <th>{t('rg.ch.to')}</th>
            <th>{t('rg.ch.effective')}</th>
            <th>{t('rg.ch.reason')}</th>
            <th>{t('rg.ch.requestedBy')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                {onDecide && (
                  <>
                    <Link
                      to={
                        r.entity === 'participant'
                          ? `/peserta/${r.entity_id}`
                          : `/pemberi-kerja/${r.entity_id}`
                      }
                    >
                      {tc('rg.ch.entity.', r.entity)}
                    </Link>
                    :{' '}
                  </>
                )}
                {Object.keys(r.changes)
                  .map((f) => tc('rg.f.', f))
                  .join(', ')}
              </td>
              <td>
                {Object.values(r.changes)
                  .map((c) => show(c.from))
                  .join(', ')}
              </td>
              <td>
                {Object.values(r.changes)
                  .map((c) => show(c.to))
                  .join(', ')}
              </td>
              <td>{formatDate(r.effective_on, lang)}</td>
              <td>{r.reason}</td>
              <td>{r.requested_by_name}</td>
              <td>
                {onDecide && r.status === 'pending' ? (
                  <>
                    <button type="button" className="btn btn-small" onClick={() => onDecide(r.id, true)}>
                      {t('rg.ch.approve')}
                    </button>{' '}
                    <button type="button" className="btn btn-small" onClick={() => onDecide(r.id, false)}>
                      {t('rg.ch.reject')}
                    </button>
                  </>
                ) : (
                  tc('rg.ch.status.', r.status)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ChangesPage() {
  const { t } = useRg();
  const { user } = useSession();
  const [error, setError] = useState<unknown>(null);
  const res = useApi<{ items: ChangeRow[] }>('/api/registry/changes/pending');
  const decide = async (id: number, approve: boolean) => {
    setError(null);
    try {
      await api(`/api/registry/changes/${id}/decision`, { method: 'POST', body: { approve } });
      res.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Shell>
      <p className="muted">{t('rg.ch.secondPerson')}</p>
      <ErrorBox error={error} />
      {res.loading ? (
        <Loading />
      ) : res.error ? (
        <ErrorBox error={res.error} onRetry={res.reload} />
      ) : !res.data?.items.length ? (
        <Empty>{t('rg.ch.none')}</Empty>
      ) : (
        <ChangesTable rows={res.data.items} onDecide={user?.role === 'auditor' ? undefined : decide} />
      )}
    </Shell>
  );
}

// ---- data quality ----------------------------------------------------------------------------------
const KINDS = [
  'missing_phone',
  'missing_bank_account',
  'nik_region_mismatch',
  'wage_below_minimum',
  'employer_no_report',
  'active_no_contribution',
  'open_duplicate',
] as const;

interface ScoreRow {
  code: string;
  name: string;
  participants: number;
  employers: number;
  score: number;
  counts: Record<string, number>;
}

/** Score 0–100 from red (low) through amber to green (100 = no issue); grey without a score. */
export function scoreColour(score: number | null): string {
  if (score === null) return '#d9d9d9';
  const x = Math.max(0, Math.min(1, (score - 50) / 50));
  return `hsl(${Math.round(x * 130)}, 60%, ${Math.round(62 - x * 22)}%)`;
}

export function QualityPage() {
  const { t, tc, lang } = useRg();
  const [level, setLevel] = useState<'province' | 'regency' | 'branch'>('province');
  // A province picked on the map: the table shows its regencies (or branch offices).
  const [province, setProvince] = useState('');
  const query = qs({ level, province: level !== 'province' && province ? province : undefined });
  const res = useApi<{ rows: ScoreRow[]; refreshedAt: string | null }>(`/api/registry/quality${query}`);
  const map = useApi<{ rows: ScoreRow[]; refreshedAt: string | null }>(
    '/api/registry/quality?level=province',
  );
  const score = (v: number) =>
    v.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
  const picked = province ? map.data?.rows.find((r) => r.code === province) : undefined;
  return (
    <Shell>
      <div className="toolbar">
        <label className="field">
          <span>{t('rg.q.level')}</span>
          <select
            value={level}
            onChange={(e) => setLevel(e.target.value as typeof level)}
            data-testid="quality-level"
          >
            {(['province', 'regency', 'branch'] as const).map((l) => (
              <option key={l} value={l}>
                {tc('rg.q.level.', l)}
              </option>
            ))}
          </select>
        </label>
        {picked && level !== 'province' && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setProvince('')}
            data-testid="quality-all-provinces"
          >
            {t('rg.q.allProvinces')}
          </button>
        )}
        <a className="btn" href={`/api/registry/quality/export${query}`} data-testid="quality-export">
          {t('rg.q.export')}
        </a>
      </div>
      <p className="muted">{t('rg.q.scoreNote')}</p>
      {!!map.data?.rows.length && (
        <section className="card">
          <h2>{t('rg.q.map')}</h2>
          <p className="muted small">{t('rg.q.mapNote')}</p>
          <TileMap<ScoreRow>
            rows={map.data.rows}
            label={t('rg.q.map')}
            value={(r) => Number(r.score)}
            colour={scoreColour}
            show={(v) => String(Math.floor(v))}
            title={(v) => `${t('rg.q.score')} ${score(v)}`}
            dark={(v) => v < 60}
            href={() => '/registri/kualitas'}
            selected={level !== 'province' ? province : undefined}
            onPick={(code) => {
              setProvince(code);
              setLevel('regency');
            }}
            testId="quality-map"
          />
        </section>
      )}
      {res.loading ? (
        <Loading />
      ) : res.error ? (
        <ErrorBox error={res.error} onRetry={res.reload} />
      ) : !res.data?.refreshedAt ? (
        <Empty>{t('rg.q.never')}</Empty>
      ) : (
        <>
          <p className="muted">
            {picked && level !== 'province' ? `${picked.name} · ` : ''}
            {t('rg.q.refreshed', { when: formatDateTime(res.data.refreshedAt, lang) })}
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways; the keyboard must reach it */}
          <section className="table-wrap" tabIndex={0} aria-label={t('rg.q.tableLabel')}>
            <table className="table" data-testid="quality-table">
              <thead>
                <tr>
                  <th>{t('rg.q.region')}</th>
                  <th className="num">{t('rg.q.score')}</th>
                  <th className="num">{t('rg.q.participants')}</th>
                  <th className="num">{t('rg.q.employers')}</th>
                  {KINDS.map((k) => (
                    <th key={k} className="num">
                      {tc('rg.q.kind.', k)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {res.data.rows.map((r) => (
                  <tr key={r.code} data-testid="quality-row" data-code={r.code}>
                    <td>{r.name}</td>
                    <td className="num">{score(Number(r.score))}</td>
                    <td className="num">{formatNumber(r.participants)}</td>
                    <td className="num">{formatNumber(r.employers)}</td>
                    {KINDS.map((k) => (
                      <td key={k} className="num">
                        {formatNumber(r.counts[k] ?? 0)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </Shell>
  );
}

interface WorkItem {
  kind: string;
  entity: string;
  entity_id: number;
  name: string;
  nik: string | null;
  kpj: string | null;
  npp?: string;
  village_code: string;
}

export function WorklistPage() {
  const { t, tc } = useRg();
  const [kind, setKind] = useState('');
  const [page, setPage] = useState(1);
  const res = useApi<{ items: WorkItem[]; total: number }>(
    `/api/registry/quality/worklist${qs({ kind: kind || undefined, page, pageSize: 50 })}`,
  );
  return (
    <Shell>
      <div className="toolbar">
        <label className="field">
          <span>{t('rg.w.kind')}</span>
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setPage(1);
            }}
          >
            <option value="">{t('rg.w.all')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {tc('rg.q.kind.', k)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {res.loading ? (
        <Loading />
      ) : res.error ? (
        <ErrorBox error={res.error} onRetry={res.reload} />
      ) : !res.data?.items.length ? (
        <Empty>{t('rg.w.none')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="worklist-table">
            <thead>
              <tr>
                <th>{t('rg.w.kind')}</th>
                <th>{t('rg.w.record')}</th>
                <th>{t('rg.f.kpj')}</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((i) => (
                <tr key={`${i.kind}-${i.entity}-${i.entity_id}`}>
                  <td>{tc('rg.q.kind.', i.kind)}</td>
                  <td>
                    <Link
                      to={
                        i.entity === 'participant'
                          ? `/peserta/${i.entity_id}`
                          : `/pemberi-kerja/${i.entity_id}`
                      }
                    >
                      {i.name}
                    </Link>
                  </td>
                  <td className="mono">{i.kpj ?? i.npp ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {res.data && <Pager page={page} pageSize={50} total={res.data.total} onPage={setPage} />}
    </Shell>
  );
}

// ---- monthly wage report ---------------------------------------------------------------------------
interface ReportLine {
  line: number;
  nik: string | null;
  outcome: string;
  column_name: string | null;
  message_id: string | null;
  message_en: string | null;
}
interface Report {
  reportId: number;
  total: number;
  hires: number;
  wageChanges: number;
  exits: number;
  unchanged: number;
  rejected: number;
  alreadyReportedAs?: number;
  lines: ReportLine[];
}
interface RecentReport {
  id: number;
  period: string;
  employer_name: string;
  file_name: string;
  hires: number | null;
  wage_changes: number | null;
  exits: number | null;
  rejected: number | null;
  finished_at: string | null;
}

export function WageReportPage() {
  const { t, tc, pick, lang } = useRg();
  const { user } = useSession();
  const fileRef = useRef<HTMLInputElement>(null);
  const [period, setPeriod] = useState('');
  const [npp, setNpp] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const recent = useApi<{ items: RecentReport[] }>('/api/registry/wage-reports');
  const show = async (id: number, alreadyReportedAs?: number) => {
    try {
      const r = (await api<{ report: Report }>(`/api/registry/wage-reports/${id}`)).report;
      setReport({ ...r, alreadyReportedAs });
    } catch (err) {
      setError(err);
    }
  };
  // The report is applied by a background job: follow it, then show the report it wrote.
  const { job, error: jobError } = useJob(jobId, (j) => {
    setBusy(false);
    const res = j.result as { reportId?: number; alreadyReportedAs?: number } | null;
    if (j.status === 'done' && res?.reportId) void show(res.reportId, res.alreadyReportedAs);
    recent.reload();
  });
  const writable = user && ['admin', 'branch_officer', 'employer'].includes(user.role);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    const form = new FormData();
    // Fields before the file: the server reads the multipart stream in order.
    form.append('period', period);
    if (npp.trim()) form.append('employer_npp', npp.trim());
    form.append('file', file, file.name);
    setBusy(true);
    setError(null);
    setReport(null);
    setJobId(null);
    try {
      setJobId(
        (await api<{ job: { id: number } }>('/api/registry/wage-reports', { method: 'POST', body: form })).job
          .id,
      );
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Shell>
      <p>{t('rg.wr.intro')}</p>
      <p>
        <a href="/api/registry/wage-reports/template">{t('rg.wr.template')}</a>
      </p>
      {writable && (
        <form className="card upload-card" onSubmit={submit} data-testid="wage-report-form">
          <div className="form-grid">
            <label className="field">
              <span>{t('rg.wr.period')}</span>
              <input
                type="month"
                value={period}
                onChange={(e) => setPeriod(e.target.value)}
                required
                data-testid="wage-report-period"
              />
            </label>
            {user?.role !== 'employer' && (
              <label className="field">
                <span>{t('rg.wr.npp')}</span>
                <input
                  value={npp}
                  onChange={(e) => setNpp(e.target.value)}
                  required
                  data-testid="wage-report-npp"
                />
              </label>
            )}
            <label className="field span-2">
              <span>{t('rg.wr.file')}</span>
              <input ref={fileRef} type="file" accept=".csv,.xlsx" required data-testid="wage-report-file" />
            </label>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('rg.sending') : t('rg.wr.upload')}
          </button>
        </form>
      )}
      <ErrorBox error={error ?? jobError} />
      {job && !report && <JobProgress job={job} />}
      {report && (
        <section className="card" data-testid="wage-report-result">
          {report.alreadyReportedAs && (
            <p className="alert">{t('rg.wr.already', { id: report.alreadyReportedAs })}</p>
          )}
          <p>
            {t('rg.wr.summary', {
              total: formatNumber(report.total),
              hires: formatNumber(report.hires),
              changes: formatNumber(report.wageChanges),
              exits: formatNumber(report.exits),
              unchanged: formatNumber(report.unchanged),
              rejected: formatNumber(report.rejected),
            })}
          </p>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('rg.wr.line')}</th>
                  <th>{t('rg.f.nik')}</th>
                  <th>{t('rg.wr.outcome')}</th>
                  <th>{t('rg.wr.column')}</th>
                  <th>{t('rg.wr.message')}</th>
                </tr>
              </thead>
              <tbody>
                {report.lines
                  .filter((l) => l.outcome !== 'unchanged')
                  .map((l) => (
                    <tr key={`${l.line}-${l.nik}-${l.outcome}`}>
                      <td>{l.line > 0 ? formatNumber(l.line) : t('rg.wr.notInFile')}</td>
                      <td className="mono">{l.nik ?? '—'}</td>
                      <td>{tc('rg.wr.outcome.', l.outcome)}</td>
                      <td>
                        {l.column_name
                          ? tc(
                              'rg.f.',
                              l.column_name === 'upah'
                                ? 'wage'
                                : l.column_name === 'nama'
                                  ? 'name'
                                  : l.column_name,
                            )
                          : ''}
                      </td>
                      <td>{pick(l.message_id, l.message_en)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {!!recent.data?.items.length && (
        <section className="card">
          <h2>{t('rg.wr.recent')}</h2>
          <div className="table-wrap">
            <table className="table" data-testid="wage-report-recent">
              <thead>
                <tr>
                  <th>{t('rg.wr.period')}</th>
                  <th>{t('rg.wr.employer')}</th>
                  <th>{t('rg.wr.file')}</th>
                  <th className="num">{t('rg.wr.outcome.hire')}</th>
                  <th className="num">{t('rg.wr.outcome.wage_change')}</th>
                  <th className="num">{t('rg.wr.outcome.exit')}</th>
                  <th className="num">{t('rg.wr.outcome.rejected')}</th>
                  <th>{t('rg.wr.when')}</th>
                </tr>
              </thead>
              <tbody>
                {recent.data.items.map((w) => (
                  <tr key={w.id}>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small btn-ghost"
                        onClick={() => void show(w.id)}
                      >
                        {w.period}
                      </button>
                    </td>
                    <td>{w.employer_name}</td>
                    <td>{w.file_name}</td>
                    <td className="num">{formatNumber(w.hires ?? 0)}</td>
                    <td className="num">{formatNumber(w.wage_changes ?? 0)}</td>
                    <td className="num">{formatNumber(w.exits ?? 0)}</td>
                    <td className="num">{formatNumber(w.rejected ?? 0)}</td>
                    <td>{w.finished_at ? formatDateTime(w.finished_at, lang) : t('rg.wr.running')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Shell>
  );
}
