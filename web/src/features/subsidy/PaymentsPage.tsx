import { useState } from 'react';
import { api } from '../../api.ts';
import { formatNumber, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { FileRow, TaskFormCard } from '../../ui/fields.tsx';
import { type FieldErrors, useTaskForm } from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { followJob } from '../jobs/useJob.ts';
import { useSubsidyText } from './text.ts';
import type { Batch, Run, TieOut } from './types.ts';

function TieOutCard({ tie }: { tie: TieOut }) {
  const { s } = useSubsidyText();
  return (
    <section className="card" data-testid="tieout">
      <h2>{s('tieOut')}</h2>
      <p className={tie.ok ? '' : 'warn-text'} data-testid="tieout-status">
        {tie.ok ? s('tieOk') : s('tieBad')}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{s('tranches')}</th>
              <th className="num">{s('eligible')}</th>
              <th className="num">{s('paid')}</th>
              <th className="num">{s('failedPay')}</th>
              <th className="num">{s('pending')}</th>
              <th className="num">{s('total')}</th>
            </tr>
          </thead>
          <tbody>
            {tie.tranches.map((t) => (
              <tr key={t.tranche}>
                <td>
                  {t.tranche} ({formatRupiah(t.amount)})
                </td>
                <td className="num">{formatNumber(t.eligible)}</td>
                <td className="num">{formatNumber(t.paid)}</td>
                <td className="num">{formatNumber(t.failed)}</td>
                <td className="num">{formatNumber(t.pending)}</td>
                <td className="num">{formatRupiah(t.paid_amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="plain small">
        {tie.checks.map((c) => (
          <li key={c.name}>
            {c.ok ? '✓' : '✗'} {c.name}: {formatNumber(c.left)} / {formatNumber(c.right)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function BankResultForm({ onDone }: { onDone: () => void }) {
  const { s, pick } = useSubsidyText();
  const { fx } = useFx();
  const f = useTaskForm<{ file: File | null }>({ file: null });
  const [msg, setMsg] = useState<string | null>(null);
  const [errors, setErrors] = useState<
    Array<{ line: number; column: string; message_id: string; message_en: string }>
  >([]);
  const check = () => {
    const e: FieldErrors = {};
    if (!f.values.file) e.file = { key: 'importForm.chooseFile' };
    return e;
  };
  const send = async () => {
    const file = f.values.file;
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    setMsg(null);
    const queued = await api<{ job: { id: number } }>('/api/subsidy/bank-results', {
      method: 'POST',
      body: form,
    });
    const job = await followJob(queued.job.id);
    if (job.status !== 'done') throw new Error(job.error ?? job.status);
    const r = job.result as { applied: number; unchanged: number; rejected: number; errors: typeof errors };
    setMsg(s('bankResultDone', { applied: r.applied, unchanged: r.unchanged, rejected: r.rejected }));
    setErrors(r.errors);
    f.set('file', null);
    onDone();
  };
  return (
    <TaskFormCard
      form={f}
      check={check}
      send={send}
      testId="bank-result-form"
      title={s('bankResult')}
      submit={s('upload')}
      busyText={fx('form.uploading')}
      submitTestId="bank-result-submit"
    >
      <FileRow
        form={f}
        name="file"
        label={fx('subsidyForm.bankFile')}
        wide
        accept=".csv,.xlsx"
        testId="bank-result-file"
      />
      {msg && (
        <p className="span-2" data-testid="bank-result-summary">
          {msg}
        </p>
      )}
      {errors.length > 0 && (
        <ul className="span-2 small">
          {errors.slice(0, 50).map((x) => (
            <li key={`${x.line}-${x.column}`}>
              {x.line} · {x.column}: {pick(x.message_id, x.message_en)}
            </li>
          ))}
        </ul>
      )}
    </TaskFormCard>
  );
}

export function PaymentsPage({ runId }: { runId: string }) {
  const { s } = useSubsidyText();
  const { user } = useSession();
  const run = useApi<{ run: Run & { definition: { tranches: Array<{ no: number }> } } }>(
    `/api/subsidy/runs/${encodeURIComponent(runId)}`,
  );
  const batches = useApi<{ items: Batch[] }>(`/api/subsidy/runs/${encodeURIComponent(runId)}/batches`);
  const tie = useApi<TieOut>(`/api/subsidy/runs/${encodeURIComponent(runId)}/tieout`);
  const [error, setError] = useState<unknown>(null);
  const admin = user?.role === 'admin';
  const reload = () => {
    batches.reload();
    tie.reload();
  };
  const act = async (path: 'batches' | 'rebatch', tranche: number) => {
    setError(null);
    try {
      await api(`/api/subsidy/runs/${runId}/${path}`, { method: 'POST', body: { tranche } });
      reload();
    } catch (e) {
      setError(e);
    }
  };
  if (!run.data) return run.error ? <ErrorBox error={run.error} /> : <Loading />;
  const tranches = run.data.run.definition.tranches;
  return (
    <div data-testid="subsidy-payments">
      <p className="crumbs">
        <Link to={`/bsu/run/${runId}`}>{s('backToRun')}</Link>
      </p>
      <PageHeader title={`${run.data.run.programme_name} — ${s('batches')}`} />
      {admin && (
        <div className="toolbar">
          {tranches.map((t) => (
            <span key={t.no}>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => act('batches', t.no)}
                data-testid={`create-batches-${t.no}`}
              >
                {s('createBatches', { tranche: t.no })}
              </button>{' '}
              <button type="button" className="btn" onClick={() => act('rebatch', t.no)}>
                {s('rebatch', { tranche: t.no })}
              </button>
            </span>
          ))}
        </div>
      )}
      <ErrorBox error={error} />
      {tie.data && <TieOutCard tie={tie.data} />}
      <section className="card">
        <div className="table-wrap">
          <table data-testid="batches">
            <thead>
              <tr>
                <th>#</th>
                <th>{s('tranches')}</th>
                <th>{s('channel')}</th>
                <th>{s('attempt')}</th>
                <th className="num">{s('rows')}</th>
                <th className="num">{s('total')}</th>
                <th className="num">{s('paid')}</th>
                <th className="num">{s('failedPay')}</th>
                <th className="num">{s('pending')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(batches.data?.items ?? []).map((b) => (
                <tr key={b.id}>
                  <td>{b.batch_no}</td>
                  <td>{b.tranche}</td>
                  <td>{b.channel}</td>
                  <td>{b.attempt}</td>
                  <td className="num">{formatNumber(b.row_count)}</td>
                  <td className="num">{formatRupiah(b.total_amount)}</td>
                  <td className="num">{formatNumber(b.paid)}</td>
                  <td className="num">{formatNumber(b.failed)}</td>
                  <td className="num">{formatNumber(b.pending)}</td>
                  <td>{admin && <a href={`/api/subsidy/batches/${b.id}/file`}>{s('download')}</a>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {admin && <BankResultForm onDone={reload} />}
    </div>
  );
}
