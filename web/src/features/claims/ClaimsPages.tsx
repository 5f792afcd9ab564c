import { useState } from 'react';
import { api, qs } from '../../api.ts';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatParamValue,
  formatPeriod,
  formatRate,
  formatRupiah,
  formatTrace,
  jakartaDate,
} from '../../format.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { followJob, type Job } from '../jobs/useJob.ts';
import { AsOfForm } from './AsOfForm.tsx';
import { HeirsPanel } from './HeirsPanel.tsx';
import { useClaimsText } from './text.ts';

interface ClaimItem {
  id: number;
  participant_id: number;
  kpj: string;
  full_name: string;
  benefit: string;
  kind: string | null;
  event_date: string;
  status: string;
  amount: number | null;
  eligible: boolean | null;
  payee_name: string;
  filed_on: string;
  filed_by_name: string | null;
  verified_by: number | null;
  verified_by_name: string | null;
  assessment?: Assessment | null;
}
interface Assessment {
  eligible: boolean;
  amount: number;
  checks: Array<{ code: string; ok: boolean; label: string; detail: string }>;
  facts: Record<string, unknown>;
  result: {
    explanation: {
      parameters: Array<{
        name: string;
        label: string;
        value: unknown;
        unit?: string;
        ref: string;
        from: string;
        unconfirmed: boolean;
      }>;
      steps: Array<{ label: string; calc: string }>;
      warnings: string[];
    };
  };
}
export interface Meta {
  benefits: string[];
  statuses: string[];
  jht_kinds: string[];
  jp_kinds?: string[];
  terminations: string[];
  documents: Record<string, Array<{ code: string; required: boolean }>>;
  jp_documents?: Record<string, Array<{ code: string; required: boolean }>>;
  reasons: Array<{ code: string; label_id: string; label_en: string }>;
}
export interface Related {
  id: number;
  relation: string;
  full_name: string;
  birth_date: string | null;
  school_level: string | null;
}

const STATUS_TONE: Record<string, string> = {
  paid: 'ok',
  rejected: 'bad',
  in_payment: 'info',
  approved: 'info',
};

function ClaimStatus({ status }: { status: string }) {
  const { s } = useClaimsText();
  return <span className={`badge badge-${STATUS_TONE[status] ?? 'neutral'}`}>{s(`status.${status}`)}</span>;
}

/** Branch worklist: the claims of the officer's regions (the server scopes them), by status. */
export function ClaimsPage() {
  const { s, lang } = useClaimsText();
  const { user } = useSession();
  const { location, navigate } = useRouter();
  // The same roles the server lets file claims and see payment batches (access/route-roles.ts).
  const canFile = user && !['regional_government', 'auditor'].includes(user.role);
  const seesBatches = user && ['admin', 'auditor'].includes(user.role);
  const status = location.search.get('status') ?? '';
  const list = useList<ListPage<ClaimItem> & { by_status: Record<string, number> }>('/api/claims', {
    status: status || undefined,
  });
  const columns: Column<ClaimItem>[] = [
    { header: '#', cell: (c) => <Link to={`/klaim/${c.id}`}>{c.id}</Link> },
    { header: s('participant'), cell: (c) => `${c.full_name} (${c.kpj})` },
    {
      header: s('benefit'),
      cell: (c) => `${s(`benefit.${c.benefit}`)}${c.kind ? ` — ${s(`kind.${c.kind}`)}` : ''}`,
    },
    { header: s('eventDate'), cell: (c) => formatDate(c.event_date, lang) },
    { header: s('status'), cell: (c) => <ClaimStatus status={c.status} /> },
    {
      header: s('amount'),
      cell: (c) => (c.amount === null ? '–' : formatRupiah(c.amount)),
      className: 'num',
    },
  ];
  const statuses = ['submitted', 'verified', 'approved', 'rejected', 'in_payment', 'paid'];
  return (
    <div>
      <PageHeader
        title={s('title')}
        subtitle={s('intro')}
        actions={
          <>
            {canFile && (
              <Link to="/klaim/baru" className="button">
                {s('newClaim')}
              </Link>
            )}{' '}
            {seesBatches && (
              <Link to="/klaim/pembayaran" className="button secondary">
                {s('batches')}
              </Link>
            )}{' '}
            <Link to="/klaim/pensiun" className="button secondary" testId="claims-pensions-link">
              {s('pensions')}
            </Link>
          </>
        }
      />
      <div className="tabs" data-testid="claim-status-filter">
        <button type="button" className={status ? '' : 'active'} onClick={() => navigate('/klaim')}>
          {s('all')}
        </button>
        {statuses.map((st) => (
          <button
            key={st}
            type="button"
            className={status === st ? 'active' : ''}
            onClick={() => navigate(`/klaim?status=${st}`)}
          >
            {s(`status.${st}`)} ({formatNumber(list.data?.by_status[st] ?? 0)})
          </button>
        ))}
      </div>
      <DataTable
        list={list}
        columns={columns}
        rowKey={(c) => c.id}
        count="list.count.claims"
        empty={s('noClaims')}
        testId="claims-table"
      />
    </div>
  );
}

function Explanation({ a }: { a: Assessment }) {
  const { s, half, lang } = useClaimsText();
  const ex = a.result.explanation;
  // The rules module starts a parameter's warning with its name ("jp.share.spouse: …"): show its label.
  const labels = new Map(ex.parameters.map((p) => [p.name, p.label]));
  // A check's row shows its detail from the history: codes in words, amounts and counts in figures.
  const checkLabels = new Set(a.checks.map((c) => c.label));
  const detail = (calc: string) =>
    formatTrace(calc, lang)
      .replace(/\b[a-z]+(?:_[a-z]+)*\b/g, (w) => {
        const words = ['term', 'cause', 'memberStatus'].map((k) => `${k}.${w}`).find((k) => s(k) !== k);
        return words ? s(words) : w;
      })
      .replace(/\b\d{4,}\b/g, (n) => formatNumber(Number(n)));
  const warning = (w: string) => {
    const m = /^([a-z][a-z0-9_.]*): (.*)$/s.exec(w);
    const label = m ? labels.get(m[1]!) : undefined;
    return m && label ? `${half(label)}: ${half(m[2]!)}` : half(w);
  };
  return (
    <section className="card" data-testid="claim-explanation">
      <h2>{s('explanation')}</h2>
      <p>
        <strong data-testid="claim-eligible" data-eligible={String(a.eligible)}>
          {a.eligible ? s('eligible') : s('notEligible')}
        </strong>{' '}
        — <span data-testid="claim-amount">{formatRupiah(a.amount)}</span>
      </p>
      <h3>{s('checks')}</h3>
      <ul className="plain">
        {a.checks.map((c) => (
          <li key={c.code}>
            {c.ok ? '✓' : '✗'} {half(c.label)}
          </li>
        ))}
      </ul>
      <h3>{s('steps')}</h3>
      <table>
        <tbody>
          {ex.steps.map((st, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are an ordered list without ids
            <tr key={i}>
              <td>{half(st.label)}</td>
              <td>{checkLabels.has(st.label) ? detail(st.calc) : formatTrace(st.calc, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{s('parameters')}</h3>
      <table>
        <tbody>
          {ex.parameters.map((p) => (
            <tr key={`${p.name}-${p.from}`}>
              <td>{half(p.label)}</td>
              <td>{formatParamValue(p.value, p.unit, lang)}</td>
              <td>
                {p.ref}
                {p.unconfirmed ? <strong className="warn-text"> {s('unconfirmed')}</strong> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {ex.warnings.length ? (
        <>
          <h3>{s('warnings')}</h3>
          <ul className="small">
            {ex.warnings.map((w) => (
              <li key={w}>{warning(w)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

interface Detail {
  claim: ClaimItem;
  documents: Array<{ code: string; required: boolean; received: boolean }>;
  decision: null | {
    outcome: string;
    reason_id: string | null;
    reason_en: string | null;
    note: string | null;
    amount: number;
    decided_by_name: string | null;
    decided_at: string;
  };
  payments: Array<{
    id: number;
    attempt: number;
    reference: string;
    amount: number;
    status: string;
    result_on: string | null;
  }>;
  history: {
    programs: Array<{
      program: string;
      billed_months: number;
      paid_months: number;
      last_wage: number | null;
      gaps: Array<{ from: string; to: string }>;
    }>;
  };
}

/** Claim detail: checklist, verification with the explanation, the decision by a second person, payments, history. */
export function ClaimDetailPage({ id }: { id: string }) {
  const { s, lang, pick } = useClaimsText();
  const { user } = useSession();
  const d = useApi<Detail>(`/api/claims/${id}`);
  const meta = useApi<Meta>('/api/claims/meta');
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('not_eligible');
  const [note, setNote] = useState('');
  if (d.error) return <ErrorBox error={d.error} onRetry={d.reload} />;
  if (!d.data) return <Loading />;
  const { claim, documents, decision, payments, history } = d.data;
  const act = async (path: string, body: object = {}) => {
    setError(null);
    try {
      await api(`/api/claims/${id}/${path}`, { method: 'POST', body });
      d.reload();
    } catch (err) {
      setError(err);
    }
  };
  const isVerifier = claim.verified_by !== null && claim.verified_by === user?.id;
  return (
    <div>
      <PageHeader
        title={`${s(`benefit.${claim.benefit}`)} #${claim.id}`}
        subtitle={`${claim.full_name} (KPJ ${claim.kpj}) — ${formatDate(claim.event_date, lang)}`}
        actions={
          <span data-testid="claim-status" data-status={claim.status}>
            <ClaimStatus status={claim.status} />
          </span>
        }
      />
      {error ? <ErrorBox error={error} /> : null}
      <section className="card" data-testid="claim-documents">
        <h2>{s('documents')}</h2>
        {documents.map((doc) => (
          <label key={doc.code} className="check">
            <input
              type="checkbox"
              checked={doc.received}
              disabled={!['submitted', 'verified'].includes(claim.status)}
              onChange={(e) => act('documents', { documents: { [doc.code]: e.target.checked } })}
            />
            {s(`doc.${doc.code}`)} ({s(doc.required ? 'required' : 'optional')})
          </label>
        ))}
        {claim.status === 'submitted' && (
          <p>
            <button type="button" onClick={() => act('verify')} data-testid="claim-verify">
              {s('verify')}
            </button>
          </p>
        )}
      </section>
      {claim.assessment ? <Explanation a={claim.assessment} /> : <Empty>{s('notVerified')}</Empty>}
      <section className="card" data-testid="claim-decision">
        <h2>{s('decision')}</h2>
        <p className="small">{s('makerChecker')}</p>
        {claim.verified_by_name && (
          <p>
            {s('verifiedBy')}: {claim.verified_by_name}
          </p>
        )}
        {decision ? (
          <p>
            {s(`status.${decision.outcome}`)} — {formatRupiah(decision.amount)} ({s('decidedBy')}{' '}
            {decision.decided_by_name}, {formatDateTime(decision.decided_at, lang)})
            {decision.reason_id ? ` — ${pick(decision.reason_id, decision.reason_en)}` : ''}
            {decision.note ? ` — ${decision.note}` : ''}
          </p>
        ) : ['submitted', 'verified'].includes(claim.status) && !isVerifier ? (
          <div className="form">
            {claim.status === 'verified' && claim.assessment?.eligible && (
              <button
                type="button"
                onClick={() => act('decision', { outcome: 'approved' })}
                data-testid="claim-approve"
              >
                {s('approve')}
              </button>
            )}
            <label>
              {s('reason')}
              <select value={reason} onChange={(e) => setReason(e.target.value)}>
                {(meta.data?.reasons ?? []).map((r) => (
                  <option key={r.code} value={r.code}>
                    {pick(r.label_id, r.label_en)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {s('note')}
              <input value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                act('decision', { outcome: 'rejected', reason_code: reason, ...(note ? { note } : {}) })
              }
            >
              {s('reject')}
            </button>
          </div>
        ) : null}
      </section>
      {payments.length ? (
        <section className="card">
          <h2>{s('payments')}</h2>
          <table>
            <tbody>
              {payments.map((p) => (
                <tr key={p.id}>
                  <td>{p.reference}</td>
                  <td>
                    {s('attempt')} {p.attempt}
                  </td>
                  <td className="num">{formatRupiah(p.amount)}</td>
                  <td>{s(`pay.${p.status}`)}</td>
                  <td>{formatDate(p.result_on, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <HistoryTable programs={history.programs} />
      <p>
        <Link to={`/peserta/${claim.participant_id}/manfaat`}>{s('benefits')}</Link>
      </p>
    </div>
  );
}

function HistoryTable({ programs }: { programs: Detail['history']['programs'] }) {
  const { s, lang } = useClaimsText();
  return (
    <section className="card" data-testid="claim-history">
      <h2>{s('history')}</h2>
      <table>
        <thead>
          <tr>
            <th>{s('program')}</th>
            <th className="num">{s('billedMonths')}</th>
            <th className="num">{s('paidMonths')}</th>
            <th className="num">{s('lastWage')}</th>
            <th>{s('gaps')}</th>
          </tr>
        </thead>
        <tbody>
          {programs.map((p) => (
            <tr key={p.program}>
              <td>{p.program}</td>
              <td className="num">{formatNumber(p.billed_months)}</td>
              <td className="num">{formatNumber(p.paid_months)}</td>
              <td className="num">{p.last_wage === null ? '–' : formatRupiah(p.last_wage)}</td>
              <td>
                {p.gaps.map((g) => `${formatPeriod(g.from, lang)}–${formatPeriod(g.to, lang)}`).join(', ') ||
                  '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface StatementYear {
  year: number;
  opening: number;
  employer: number;
  worker: number;
  development: number;
  withdrawals: number;
  closing: number;
  rate: string | null;
  unconfirmed: boolean;
}

/** Member benefit summary: history per program, the JHT statement on a date (printable, XLSX), the claims. */
export function MemberBenefitsPage({ id }: { id: string }) {
  const { s, lang } = useClaimsText();
  const { location } = useRouter();
  const asOf = location.search.get('per') ?? jakartaDate();
  const d = useApi<{
    as_of: string;
    history: { participant: { full_name: string; kpj: string }; programs: Detail['history']['programs'] };
    jht: { balance: number; years: StatementYear[] };
    claims: ClaimItem[];
  }>(`/api/participants/${id}/benefits${qs({ as_of: asOf })}`);
  if (d.error) return <ErrorBox error={d.error} onRetry={d.reload} />;
  if (!d.data) return <Loading />;
  const { history, jht, claims } = d.data;
  return (
    <div className="printable">
      <PageHeader
        title={`${s('benefits')} — ${history.participant.full_name}`}
        subtitle={`KPJ ${history.participant.kpj}`}
        actions={
          <>
            <Link to={`/klaim/baru?peserta=${id}`} className="button">
              {s('newClaim')}
            </Link>{' '}
            <button type="button" className="secondary" onClick={() => window.print()}>
              {s('print')}
            </button>{' '}
            <a
              className="button secondary"
              href={`/api/participants/${id}/jht-statement?as_of=${asOf}&format=xlsx`}
            >
              {s('xlsx')}
            </a>
          </>
        }
      />
      <AsOfForm key={asOf} participantId={id} asOf={asOf} />
      <HistoryTable programs={history.programs} />
      <HeirsPanel participantId={id} />
      <section className="card" data-testid="jht-statement">
        <h2>
          {s('jhtStatement')} — {s('balance')} {formatRupiah(jht.balance)} ({formatDate(asOf, lang)})
        </h2>
        <table>
          <thead>
            <tr>
              <th>{s('year')}</th>
              <th className="num">{s('opening')}</th>
              <th className="num">{s('employerShare')}</th>
              <th className="num">{s('workerShare')}</th>
              <th className="num">{s('development')}</th>
              <th>{s('rate')}</th>
              <th className="num">{s('payouts')}</th>
              <th className="num">{s('closing')}</th>
            </tr>
          </thead>
          <tbody>
            {jht.years.map((y) => (
              <tr key={y.year}>
                <td>{y.year}</td>
                <td className="num">{formatRupiah(y.opening)}</td>
                <td className="num">{formatRupiah(y.employer)}</td>
                <td className="num">{formatRupiah(y.worker)}</td>
                <td className="num">{formatRupiah(y.development)}</td>
                <td>
                  {y.rate ? formatRate(y.rate) : '–'}
                  {y.unconfirmed ? <strong className="warn-text"> {s('unconfirmed')}</strong> : null}
                </td>
                <td className="num">{formatRupiah(y.withdrawals)}</td>
                <td className="num">{formatRupiah(y.closing)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>{s('title')}</h2>
        {claims.length ? (
          <ul className="plain">
            {claims.map((c) => (
              <li key={c.id}>
                <Link to={`/klaim/${c.id}`}>#{c.id}</Link> {s(`benefit.${c.benefit}`)} —{' '}
                <ClaimStatus status={c.status} /> {c.amount === null ? '' : formatRupiah(c.amount)}
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{s('noClaims')}</Empty>
        )}
      </section>
    </div>
  );
}

/** Payment batches for claims: make, download, import results, re-batch failures, tie-out. */
export function ClaimBatchesPage() {
  const { s, lang } = useClaimsText();
  const { user } = useSession();
  const d = useApi<{
    items: Array<{
      id: number;
      channel: string;
      attempt: number;
      row_count: number;
      total_amount: number;
      created_at: string;
      paid: number;
      failed: number;
      pending: number;
    }>;
    tieout: { ok: boolean; paid: number; paid_amount: number; pending: number; failed: number };
  }>(user?.role === 'admin' || user?.role === 'auditor' ? '/api/claims-payments/batches' : null);
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const post = async (path: string, body: object = {}) => {
    setError(null);
    try {
      type Counts = { applied?: number; unchanged?: number; rejected?: number };
      type Made = { batches?: Array<{ row_count: number; total_amount: number }> };
      const res = await api<Counts & Made & { job?: Job }>(path, { method: 'POST', body });
      if (res.batches) {
        const rows = res.batches.reduce((n, b) => n + b.row_count, 0);
        const amount = res.batches.reduce((n, b) => n + b.total_amount, 0);
        setMsg(
          res.batches.length
            ? s('batchesMade', { batches: res.batches.length, rows, amount: formatRupiah(amount) })
            : s('nothingToBatch'),
        );
      }
      // A bank result file is applied by a background job: wait for it, then show its counts.
      let r: Counts = res;
      if (res.job) {
        const job = await followJob(res.job.id);
        if (job.status !== 'done') throw new Error(job.error ?? s('importFailed'));
        r = job.result as Counts;
      }
      if (r.applied !== undefined)
        setMsg(
          s('importDone', { applied: r.applied, unchanged: r.unchanged ?? 0, rejected: r.rejected ?? 0 }),
        );
      d.reload();
    } catch (err) {
      setError(err);
    }
  };
  const upload = async (f: File | undefined) => {
    if (f) await post('/api/claims-payments/results', { file_name: f.name, content: await f.text() });
  };
  if (user && user.role !== 'admin' && user.role !== 'auditor')
    return (
      <div>
        <PageHeader title={s('batches')} />
        <Empty>{s('headOfficeOnly')}</Empty>
      </div>
    );
  return (
    <div>
      <PageHeader
        title={s('batches')}
        actions={
          <>
            <button
              type="button"
              onClick={() => post('/api/claims-payments/batches')}
              data-testid="claims-make-batches"
            >
              {s('makeBatches')}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => post('/api/claims-payments/rebatch')}>
              {s('rebatch')}
            </button>
          </>
        }
      />
      {error ? <ErrorBox error={error} /> : null}
      {msg ? <p data-testid="claims-msg">{msg}</p> : null}
      <label>
        {s('importResults')}{' '}
        <input
          type="file"
          accept=".csv"
          onChange={(e) => upload(e.target.files?.[0])}
          data-testid="claims-results-file"
        />
      </label>
      {d.data ? (
        <>
          <p className={d.data.tieout.ok ? '' : 'warn-text'} data-testid="claims-tieout">
            {d.data.tieout.ok ? s('tieOk') : s('tieBad')} {s('paid')}: {formatNumber(d.data.tieout.paid)} (
            {formatRupiah(d.data.tieout.paid_amount)}), {s('pending')}: {formatNumber(d.data.tieout.pending)},{' '}
            {s('failed')}: {formatNumber(d.data.tieout.failed)}
          </p>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{s('bank')}</th>
                <th>{s('attempt')}</th>
                <th className="num">{s('rows')}</th>
                <th className="num">{s('amount')}</th>
                <th className="num">{s('paid')}</th>
                <th className="num">{s('failed')}</th>
                <th className="num">{s('pending')}</th>
                <th>{s('bankFile')}</th>
              </tr>
            </thead>
            <tbody>
              {d.data.items.map((b) => (
                <tr key={b.id} data-testid="claims-batch-row" data-batch={b.id}>
                  <td>
                    {b.id} ({formatDate(b.created_at, lang)})
                  </td>
                  <td>{b.channel}</td>
                  <td>{b.attempt}</td>
                  <td className="num" data-testid="claims-batch-rows">
                    {formatNumber(b.row_count)}
                  </td>
                  <td className="num" data-testid="claims-batch-total" data-amount={b.total_amount}>
                    {formatRupiah(b.total_amount)}
                  </td>
                  <td className="num" data-testid="claims-batch-paid">
                    {formatNumber(b.paid)}
                  </td>
                  <td className="num">{formatNumber(b.failed)}</td>
                  <td className="num" data-testid="claims-batch-pending">
                    {formatNumber(b.pending)}
                  </td>
                  <td>
                    <a href={`/api/claims-payments/batches/${b.id}/file`} data-testid="claims-batch-file">
                      CSV
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : d.error ? (
        <ErrorBox error={d.error} />
      ) : (
        <Loading />
      )}
    </div>
  );
}
