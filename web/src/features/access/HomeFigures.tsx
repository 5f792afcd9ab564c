import type { ReactNode } from 'react';
import {
  formatDate,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatRupiah,
  jakartaDate,
} from '../../format.ts';
import { type Key, useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { useApi } from '../../ui/useApi.ts';
import type { User } from './session.tsx';

/**
 * The figures each role acts on, on its home page. Every figure comes from the same scoped API the
 * role's own pages use, so a branch officer sees its region and an employer its own bill — never a
 * national total beside them (issue 14). A figure that fails to load says so instead of showing 0.
 */

interface Point {
  period: string;
  active: number | null;
  coverage_pct: number | null;
}

function Figure({
  label,
  value,
  sub,
  to,
  testId,
  loading,
  failed,
}: {
  label: Key;
  value: ReactNode;
  sub?: ReactNode;
  to?: string;
  testId: string;
  loading?: boolean;
  failed?: boolean;
}) {
  const { t } = useI18n();
  const body = (
    <>
      <span className="stat-label">{t(label)}</span>
      <span className="stat-value" data-testid={`${testId}-value`}>
        {loading ? '…' : failed ? '—' : value}
      </span>
      {failed ? (
        <span className="muted small">{t('home.fig.unavailable')}</span>
      ) : sub && !loading ? (
        <span className="muted small">{sub}</span>
      ) : null}
    </>
  );
  return to ? (
    <Link to={to} className="stat stat-link" testId={testId}>
      {body}
    </Link>
  ) : (
    <div className="stat" data-testid={testId}>
      {body}
    </div>
  );
}

/** Coverage of one region (or the nation, '00') and the change in active participants over the last month. */
function CoverageFigures({ code, growth }: { code: string; growth?: boolean }) {
  const { t, lang } = useI18n();
  const s = useApi<{ region: { name: string }; points: Point[] }>(`/api/coverage/series/${code}`);
  const pts = s.data?.points ?? [];
  const last = pts[pts.length - 1];
  const prev = pts[pts.length - 2];
  const diff = last?.active != null && prev?.active != null ? last.active - prev.active : null;
  const to = code === '00' ? '/cakupan' : `/cakupan/${code}`;
  return (
    <>
      <Figure
        label="home.fig.coverage"
        testId="home-fig-coverage"
        loading={s.loading}
        failed={!!s.error}
        to={to}
        value={formatPercent(last?.coverage_pct ?? null)}
        sub={t('home.fig.coverageSub', {
          region: s.data?.region.name ?? '',
          active: formatNumber(last?.active ?? 0),
          period: formatPeriod(last?.period, lang),
        })}
      />
      {growth && (
        <Figure
          label="home.fig.growth"
          testId="home-fig-growth"
          loading={s.loading}
          failed={!!s.error}
          to={to}
          value={diff === null ? '—' : `${diff > 0 ? '+' : ''}${formatNumber(diff)}`}
          sub={prev ? t('home.fig.growthSub', { period: formatPeriod(prev.period, lang) }) : undefined}
        />
      )}
    </>
  );
}

function ArrearsFigure() {
  const { t } = useI18n();
  const a = useApi<{ items: Array<{ invoices: number; total: number }> }>('/api/arrears?level=province');
  const items = a.data?.items ?? [];
  const total = items.reduce((n, r) => n + Number(r.total), 0);
  const invoices = items.reduce((n, r) => n + Number(r.invoices), 0);
  return (
    <Figure
      label="home.fig.arrears"
      testId="home-fig-arrears"
      loading={a.loading}
      failed={!!a.error}
      to="/tunggakan"
      value={formatRupiah(total)}
      sub={t('home.fig.arrearsSub', { n: formatNumber(invoices) })}
    />
  );
}

function ClaimFigures({ which }: { which: Array<'submitted' | 'verified'> }) {
  const c = useApi<{ by_status: Record<string, number> }>('/api/claims?pageSize=1');
  return (
    <>
      {which.map((s) => (
        <Figure
          key={s}
          label={s === 'submitted' ? 'home.fig.claimsToVerify' : 'home.fig.claimsToDecide'}
          testId={`home-fig-claims-${s}`}
          loading={c.loading}
          failed={!!c.error}
          to={`/klaim?status=${s}`}
          value={formatNumber(c.data?.by_status[s] ?? 0)}
        />
      ))}
    </>
  );
}

/** A count from a list endpoint: its `total`, else the number of items it returned. */
function CountFigure({ path, label, to, testId }: { path: string; label: Key; to: string; testId: string }) {
  const r = useApi<{ total?: number; items: unknown[] }>(path);
  return (
    <Figure
      label={label}
      testId={testId}
      loading={r.loading}
      failed={!!r.error}
      to={to}
      value={formatNumber(r.data ? (r.data.total ?? r.data.items.length) : 0)}
    />
  );
}

function HeadOffice() {
  const jobs = useApi<{ items: unknown[] }>('/api/jobs?status=running&limit=100');
  return (
    <>
      <CoverageFigures code="00" growth />
      <ArrearsFigure />
      <ClaimFigures which={['verified']} />
      <Figure
        label="home.fig.jobs"
        testId="home-fig-jobs"
        loading={jobs.loading}
        failed={!!jobs.error}
        to="/pekerjaan"
        value={formatNumber(jobs.data?.items.length ?? 0)}
      />
    </>
  );
}

function Branch({ code }: { code: string }) {
  return (
    <>
      <CoverageFigures code={code} growth />
      <ClaimFigures which={['submitted', 'verified']} />
      <CountFigure
        path="/api/reviews?status=open"
        label="home.fig.reviews"
        to="/registri/tinjauan"
        testId="home-fig-reviews"
      />
      <CountFigure
        path="/api/registry/duplicates?pageSize=1"
        label="home.fig.duplicates"
        to="/registri"
        testId="home-fig-duplicates"
      />
      <CountFigure
        path="/api/registry/changes/pending"
        label="home.fig.changes"
        to="/registri/perubahan"
        testId="home-fig-changes"
      />
      <CountFigure
        path="/api/registry/quality/worklist"
        label="home.fig.quality"
        to="/registri/daftar-kerja"
        testId="home-fig-quality"
      />
      <CountFigure
        path="/api/arrears/worklist"
        label="home.fig.arrearsWork"
        to="/tunggakan"
        testId="home-fig-arrears-work"
      />
    </>
  );
}

function Employer({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const inv = useApi<{ total: number; items: Array<{ due_date: string; outstanding: number }> }>(
    '/api/invoices?status=unpaid&pageSize=500',
  );
  const emp = useApi<{ workers_total: number }>(`/api/employers/${id}?pageSize=1`);
  const open = inv.data?.items ?? [];
  const owed = open.reduce((n, r) => n + Number(r.outstanding), 0);
  const firstDue = open.map((r) => r.due_date).sort()[0];
  const overdue = firstDue !== undefined && firstDue < jakartaDate();
  return (
    <>
      <Figure
        label="home.fig.billDue"
        testId="home-fig-bill"
        loading={inv.loading}
        failed={!!inv.error}
        to="/tagihan"
        value={open.length ? formatRupiah(owed) : t('home.fig.noBill')}
        sub={
          firstDue
            ? t(overdue ? 'home.fig.overdueSince' : 'home.fig.dueOn', { date: formatDate(firstDue, lang) })
            : undefined
        }
      />
      <Figure
        label="home.fig.workers"
        testId="home-fig-workers"
        loading={emp.loading}
        failed={!!emp.error}
        to={`/pemberi-kerja/${id}`}
        value={formatNumber(emp.data?.workers_total ?? 0)}
      />
    </>
  );
}

interface Performance {
  id: number;
  number: string;
  partner_acronym: string | null;
  status: string;
  target_people: number | null;
  registered: number;
  active: number;
  on_track: boolean | null;
}

function Partner() {
  const { t } = useI18n();
  const perf = useApi<{ items: Performance[] }>('/api/agreements/performance');
  if (perf.loading || perf.error)
    return (
      <Figure label="home.fig.agreement" testId="home-fig-agreement" loading={perf.loading} failed value="" />
    );
  const items = perf.data?.items ?? [];
  if (!items.length)
    return (
      <Figure label="home.fig.agreement" testId="home-fig-agreement" value={t('home.fig.noAgreement')} />
    );
  return (
    <>
      {items.map((a) => (
        <Figure
          key={a.id}
          label="home.fig.agreement"
          testId={`home-fig-agreement-${a.id}`}
          to={`/kemitraan/perjanjian/${a.id}`}
          value={
            a.target_people
              ? `${formatNumber(a.registered)} / ${formatNumber(a.target_people)}`
              : formatNumber(a.registered)
          }
          sub={`${a.number} · ${t('home.fig.agreementSub', { active: formatNumber(a.active) })}${
            a.on_track === null ? '' : ` · ${t(a.on_track ? 'home.fig.onTrack' : 'home.fig.behind')}`
          }`}
        />
      ))}
    </>
  );
}

interface TargetView {
  target: { year: number; target_pct: number };
  math: { deadline: string; gap_people: number; as_of: string } | null;
}

function Regional({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const tg = useApi<{ targets: TargetView[] }>(`/api/coverage/targets/${code}`);
  const na = useApi<{ year: number; declared: number; covered: number }>(`/api/non-asn/progress/${code}`);
  const views = (tg.data?.targets ?? []).filter((v) => v.math);
  // The nearest target still ahead; when every deadline has passed, the latest one.
  const next =
    views.find((v) => v.math!.deadline >= v.math!.as_of) ??
    [...views].sort((a, b) => b.math!.deadline.localeCompare(a.math!.deadline))[0];
  return (
    <>
      <CoverageFigures code={code} growth />
      <Figure
        label="home.fig.gap"
        testId="home-fig-gap"
        loading={tg.loading}
        failed={!!tg.error}
        to={`/cakupan/${code}`}
        value={next ? formatNumber(next.math!.gap_people) : t('home.fig.noTarget')}
        sub={
          next
            ? t('home.fig.gapSub', {
                pct: formatPercent(next.target.target_pct),
                by: formatPeriod(next.math!.deadline, lang),
              })
            : undefined
        }
      />
      <Figure
        label="home.fig.nonAsn"
        testId="home-fig-non-asn"
        loading={na.loading}
        failed={!!na.error}
        to="/daerah"
        value={`${formatNumber(na.data?.covered ?? 0)} / ${formatNumber(na.data?.declared ?? 0)}`}
        sub={na.data ? t('home.fig.nonAsnSub', { year: na.data.year }) : undefined}
      />
    </>
  );
}

function Auditor() {
  const today = jakartaDate();
  return (
    <>
      <CoverageFigures code="00" />
      <CountFigure
        path={`/api/audit?from=${today}&to=${today}&pageSize=1`}
        label="home.fig.auditToday"
        to="/audit"
        testId="home-fig-audit"
      />
    </>
  );
}

function Agent() {
  const { t } = useI18n();
  const me = useApi<{ agent: { recruits_total: number; commission_total: number; target: number | null } }>(
    '/api/agent/me',
  );
  const a = me.data?.agent;
  return (
    <>
      <Figure
        label="home.fig.recruits"
        testId="home-fig-recruits"
        loading={me.loading}
        failed={!!me.error}
        to="/agen"
        value={
          a
            ? a.target
              ? `${formatNumber(a.recruits_total)} / ${formatNumber(a.target)}`
              : formatNumber(a.recruits_total)
            : ''
        }
        sub={a?.target ? t('home.fig.recruitsTarget') : undefined}
      />
      <Figure
        label="home.fig.commission"
        testId="home-fig-commission"
        loading={me.loading}
        failed={!!me.error}
        to="/agen"
        value={formatRupiah(a?.commission_total ?? 0)}
      />
    </>
  );
}

export function HomeFigures({ user }: { user: User }) {
  const region = user.region_codes[0];
  let figures: ReactNode = null;
  if (user.role === 'admin') figures = <HeadOffice />;
  else if (user.role === 'branch_officer' && region) figures = <Branch code={region} />;
  else if (user.role === 'employer' && user.employer_id) figures = <Employer id={user.employer_id} />;
  else if (user.role === 'partner') figures = <Partner />;
  else if (user.role === 'regional_government' && region) figures = <Regional code={region} />;
  else if (user.role === 'auditor') figures = <Auditor />;
  else if (user.role === 'agent') figures = <Agent />;
  if (!figures) return null;
  return (
    <section className="stats home-figures" data-testid="home-figures">
      {figures}
    </section>
  );
}
