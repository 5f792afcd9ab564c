import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatNumber, formatPeriod, formatRupiah } from '../../format.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader, StatusBadge } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { followJob } from '../jobs/useJob.ts';
import { useSubsidyText } from './text.ts';
import type { Programme, RunRow } from './types.ts';

/**
 * Criteria as sentences, one chip each; the vocabulary is documented in
 * src/modules/subsidy/criteria.ts. A criterion the dictionary does not know is not shown raw.
 */
function CriteriaChips({ criteria }: { criteria: Record<string, unknown> }) {
  const { s, lang } = useSubsidyText();
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : [String(v)]);
  const chip = (k: string, v: unknown): string | null => {
    switch (k) {
      case 'active_at':
      case 'wage_on':
        return s(`crit.${k}`, { v: formatDate(String(v), lang) });
      case 'paid_through':
        return s('crit.paid_through', { v: formatPeriod(String(v), lang) });
      case 'wage_below':
      case 'wage_at_most':
        return s(`crit.${k}`, { v: formatRupiah(Number(v)) });
      case 'segments':
        return s('crit.segments', { v: list(v).join(', ') });
      case 'sectors':
        return s('crit.sectors', { v: list(v).join(', ') });
      case 'exclude_employer_legal_forms':
        return s('crit.exclude_employer_legal_forms', { v: list(v).join(lang === 'id' ? ' atau ' : ' or ') });
      case 'exclude_lists':
        return s('crit.exclude_lists', {
          v: list(v)
            .map((x) => x.toUpperCase())
            .join(', '),
        });
      case 'regions_list':
        return s('crit.regions_list', { v: v === 'ppkm-2021' ? s('crit.list.ppkm-2021') : String(v) });
      case 'bank_account':
        return v ? s('crit.bank_account') : s('crit.bank_account.no');
      case 'citizen_nik':
      case 'wage_threshold_or_ump':
      case 'exclude_state_bodies':
      case 'except_non_asn':
        return v ? s(`crit.${k}`) : null;
      default:
        return null;
    }
  };
  return (
    <ul className="chips">
      {Object.entries(criteria).map(([k, v]) => {
        const text = chip(k, v);
        return text ? (
          <li key={k} className="chip">
            {text}
          </li>
        ) : null;
      })}
    </ul>
  );
}

function ProgrammeCard({
  p,
  runs,
  onStarted,
}: {
  p: Programme;
  runs: RunRow[];
  onStarted: (id: number) => void;
}) {
  const { s, lang } = useSubsidyText();
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const d = p.definition;
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ job: { id: number } }>('/api/subsidy/runs', {
        method: 'POST',
        body: { programme_id: p.id },
      });
      // The screening is a background job; its run exists as soon as the job starts.
      const job = await followJob(
        r.job.id,
        (j) => typeof (j.result as { runId?: number } | null)?.runId === 'number',
      );
      const runId = (job.result as { runId?: number } | null)?.runId;
      if (!runId) throw new Error(job.error ?? 'Penyaringan gagal dimulai / The screening did not start');
      onStarted(runId);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <section className="card" data-testid={`programme-${p.code}`}>
      <h2>{lang === 'id' ? d.name : d.name_en}</h2>
      <p className="muted">
        {s('legalBasis')}: {d.legal_basis} · {s('amount')}: {formatRupiah(d.amount_total)} · {s('tranches')}:{' '}
        {d.tranches.map((t) => formatRupiah(t.amount)).join(' + ')} · {s('quota')}:{' '}
        {d.quota === null ? '—' : formatNumber(d.quota)}
      </p>
      <CriteriaChips criteria={d.criteria} />
      {d.unconfirmed.length > 0 && (
        <details>
          <summary className="warn-text">
            {s('unconfirmed')} ({d.unconfirmed.length})
          </summary>
          <ul className="small">
            {d.unconfirmed.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </details>
      )}
      <h3>{s('runs')}</h3>
      {runs.length === 0 ? (
        <p className="muted">{s('noRuns')}</p>
      ) : (
        <ul className="plain">
          {runs.map((r) => (
            <li key={r.id}>
              <Link to={`/bsu/run/${r.id}`}>{s('run', { id: r.id })}</Link> <StatusBadge status={r.status} />{' '}
              <span className="muted">
                {s('screened')} {formatNumber(r.screened)} · {s('eligible')} {formatNumber(r.eligible)}
                {r.rerun_of ? ` · ${s('rerun')} #${r.rerun_of}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {user?.role === 'admin' && (
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={start}
            disabled={busy}
            data-testid={`start-${p.code}`}
          >
            {busy ? s('starting') : s('startRun')}
          </button>
        </div>
      )}
      <ErrorBox error={error} />
    </section>
  );
}

export function ProgrammesPage() {
  const { s } = useSubsidyText();
  const { navigate } = useRouter();
  const { user } = useSession();
  const programmes = useApi<{ items: Programme[] }>('/api/subsidy/programmes');
  const runs = useApi<{ items: RunRow[] }>('/api/subsidy/runs');
  if (programmes.loading || runs.loading) return <Loading />;
  if (programmes.error) return <ErrorBox error={programmes.error} onRetry={programmes.reload} />;
  const items = programmes.data?.items ?? [];
  return (
    <div data-testid="subsidy-programmes">
      <PageHeader
        title={s('title')}
        subtitle={s('intro')}
        // A regional government sees counts only; appeals name people (access/policy.ts).
        actions={
          user?.role === 'regional_government' ? undefined : (
            <Link to="/bsu/sanggahan">{s('appealsAll')}</Link>
          )
        }
      />
      {items.length === 0 && <Empty>{s('noRuns')}</Empty>}
      {items.map((p) => (
        <ProgrammeCard
          key={p.id}
          p={p}
          runs={(runs.data?.items ?? []).filter((r) => r.programme_id === p.id).slice(0, 5)}
          onStarted={(id) => navigate(`/bsu/run/${id}`)}
        />
      ))}
    </div>
  );
}
