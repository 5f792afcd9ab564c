import { useEffect, useState } from 'react';
import { qs } from '../../api.ts';
import { formatDateTime, formatNumber, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading, PageHeader, Pagination, StatusBadge } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { useSubsidyText } from './text.ts';
import type { DecisionRow, ReasonCount, RegionCount, Run } from './types.ts';

function Stat({ label, value, tone }: { label: string; value: number; tone?: 'ok' | 'bad' }) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{formatNumber(value)}</div>
    </div>
  );
}

/** Horizontal bars in plain CSS: no chart library in the SPA. */
function ReasonBars({ reasons, screened }: { reasons: ReasonCount[]; screened: number }) {
  const { s, pick } = useSubsidyText();
  const shown = reasons.filter((r) => r.count > 0);
  return (
    <section className="card" data-testid="reason-counts">
      <h2>{s('byReason')}</h2>
      <div className="table-wrap">
        <table>
          <tbody>
            {shown.map((r) => (
              <tr key={r.code}>
                <td>
                  {pick(r.label_id, r.label_en)} <code className="muted small">{r.code}</code>
                  <div className="progress">
                    <div
                      className="progress-bar"
                      style={{ width: `${(100 * r.count) / Math.max(1, screened)}%` }}
                    />
                  </div>
                </td>
                <td className="num">{formatNumber(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RegionTable({ runId }: { runId: number }) {
  const { s } = useSubsidyText();
  const [province, setProvince] = useState<string | null>(null);
  const res = useApi<{ items: RegionCount[] }>(`/api/subsidy/runs/${runId}/regions${qs({ province })}`);
  return (
    <section className="card" data-testid="region-counts">
      <h2>{s('byRegion')}</h2>
      {province && (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setProvince(null)}>
          {s('allProvinces')}
        </button>
      )}
      {res.loading ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{s('region')}</th>
                <th className="num">{s('screened')}</th>
                <th className="num">{s('eligible')}</th>
                <th className="num">{s('excluded')}</th>
                <th className="num">{s('upheld')}</th>
              </tr>
            </thead>
            <tbody>
              {(res.data?.items ?? []).map((r) => (
                <tr key={r.code}>
                  <td>
                    {province ? (
                      (r.name ?? r.code)
                    ) : (
                      <button
                        type="button"
                        className="btn btn-small btn-ghost"
                        onClick={() => setProvince(r.code)}
                      >
                        {r.name ?? r.code}
                      </button>
                    )}
                  </td>
                  <td className="num">{formatNumber(r.screened)}</td>
                  <td className="num">{formatNumber(r.eligible)}</td>
                  <td className="num">{formatNumber(r.excluded)}</td>
                  <td className="num">{formatNumber(r.appeals_upheld)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorBox error={res.error} />
    </section>
  );
}

function Decisions({ runId, reasons }: { runId: number; reasons: ReasonCount[] }) {
  const { s, pick } = useSubsidyText();
  const [eligible, setEligible] = useState<'' | 'true' | 'false'>('');
  const [reason, setReason] = useState('');
  const [page, setPage] = useState(1);
  const res = useApi<{ total: number; items: DecisionRow[] }>(
    `/api/subsidy/runs/${runId}/decisions${qs({ eligible, reason, page, pageSize: 25 })}`,
  );
  const label = (code: string) => {
    const r = reasons.find((x) => x.code === code);
    return r ? pick(r.label_id, r.label_en) : code;
  };
  return (
    <section className="card" data-testid="decisions">
      <h2>{s('people')}</h2>
      <div className="toolbar">
        <select
          value={eligible}
          onChange={(e) => {
            setEligible(e.target.value as '' | 'true' | 'false');
            setPage(1);
          }}
          data-testid="filter-eligible"
        >
          <option value="">{s('filterAll')}</option>
          <option value="true">{s('filterEligible')}</option>
          <option value="false">{s('filterExcluded')}</option>
        </select>
        <select
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setPage(1);
          }}
          data-testid="filter-reason"
        >
          <option value="">
            {s('reason')}: {s('filterAll')}
          </option>
          {reasons
            .filter((r) => r.count > 0)
            .map((r) => (
              <option key={r.code} value={r.code}>
                {pick(r.label_id, r.label_en)}
              </option>
            ))}
        </select>
      </div>
      {res.loading ? (
        <Loading />
      ) : res.error ? (
        <ErrorBox error={res.error} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{s('nik')}</th>
                <th>{s('name')}</th>
                <th className="num">{s('wage')}</th>
                <th>{s('decision')}</th>
                <th>{s('reason')}</th>
              </tr>
            </thead>
            <tbody>
              {(res.data?.items ?? []).map((d) => (
                <tr key={d.participant_id}>
                  <td className="mono">
                    <Link to={`/bsu/run/${runId}/peserta/${d.participant_id}`}>{d.nik}</Link>
                  </td>
                  <td>{d.full_name}</td>
                  <td className="num">{formatRupiah(d.wage)}</td>
                  <td>
                    <StatusBadge
                      label={d.eligible ? s('eligible') : s('excluded')}
                      tone={d.eligible ? 'ok' : 'bad'}
                    />{' '}
                    {d.eligible && !d.decided_eligible ? s('eligibleByAppeal') : ''}
                  </td>
                  <td className="small">{d.reasons.map(label).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={25} total={res.data?.total ?? 0} onPage={setPage} />
    </section>
  );
}

export function RunPage({ id }: { id: string }) {
  const { s, lang } = useSubsidyText();
  const { user } = useSession();
  const res = useApi<{ run: Run; reasons: ReasonCount[] }>(`/api/subsidy/runs/${encodeURIComponent(id)}`);
  const running = res.data?.run.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(res.reload, 1500);
    return () => clearInterval(timer);
  }, [running, res.reload]);
  if (!res.data) return res.error ? <ErrorBox error={res.error} onRetry={res.reload} /> : <Loading />;
  const { run, reasons } = res.data;
  const persons = user?.role !== 'regional_government';
  const finance = user?.role === 'admin' || user?.role === 'auditor';
  return (
    <div data-testid="subsidy-run">
      <p className="crumbs">
        <Link to="/bsu">{s('backToProgrammes')}</Link>
      </p>
      <PageHeader
        title={`${run.programme_name} — ${s('run', { id: run.id })}`}
        subtitle={
          <>
            <StatusBadge status={run.status} /> {formatDateTime(run.started_at, lang)}
            {run.rerun_of ? ` · ${s('rerun')} #${run.rerun_of}` : ''}
          </>
        }
        actions={
          finance && run.status === 'done' ? (
            <Link to={`/bsu/run/${run.id}/pembayaran`} className="btn">
              {s('batches')}
            </Link>
          ) : undefined
        }
      />
      {running && (
        <div className="progress">
          <div className="progress-bar" style={{ width: `${Math.round(run.progress * 100)}%` }} />
        </div>
      )}
      {run.error && <div className="alert alert-error">{run.error}</div>}
      {run.warnings.length > 0 && (
        <div className="alert alert-info" data-testid="run-warnings">
          <strong>{s('warnings')}</strong>
          <ul>
            {run.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="stats">
        <Stat label={s('screened')} value={run.screened} />
        <Stat label={s('eligible')} value={run.eligible} tone="ok" />
        <Stat label={s('excluded')} value={run.excluded} tone="bad" />
      </div>
      {run.status === 'done' && (
        <>
          <ReasonBars reasons={reasons} screened={run.screened} />
          <RegionTable runId={run.id} />
          {persons && <Decisions runId={run.id} reasons={reasons} />}
        </>
      )}
    </div>
  );
}
