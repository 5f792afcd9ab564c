import { api } from '../../api.ts';
import { formatDate, formatDateTime, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Facts, Loading, PageHeader, StatusBadge } from '../../ui/components.tsx';
import { TaskFormCard, TextAreaRow } from '../../ui/fields.tsx';
import { ConfirmButton, checks, type FieldErrors, FormError, useTaskForm } from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { useSubsidyText } from './text.ts';
import type { Appeal, PersonDecision } from './types.ts';

function AppealForm({
  runId,
  participantId,
  onDone,
}: {
  runId: number;
  participantId: number;
  onDone: () => void;
}) {
  const { s } = useSubsidyText();
  const { fx } = useFx();
  const f = useTaskForm({ grounds: '' });
  const check = () => {
    const e: FieldErrors = {};
    checks(e).text('grounds', f.values.grounds, { min: 10, max: 4000 });
    return e;
  };
  const send = async () => {
    await api(`/api/subsidy/runs/${runId}/appeals`, {
      method: 'POST',
      body: { participant_id: participantId, grounds: f.values.grounds.trim() },
    });
    f.reset();
    onDone();
  };
  return (
    <TaskFormCard form={f} check={check} send={send} testId="appeal-form" submit={s('fileAppeal')}>
      <TextAreaRow
        form={f}
        name="grounds"
        label={fx('subsidyForm.grounds')}
        hint={fx('subsidyForm.groundsHint')}
        wide
        maxLength={4000}
        testId="appeal-grounds"
      />
    </TaskFormCard>
  );
}

/** Upholding or rejecting an appeal: a note of at least 10 letters, then a decision that asks first. */
function DecideForm({ appeal, onDone }: { appeal: Appeal; onDone: () => void }) {
  const { s } = useSubsidyText();
  const { fx } = useFx();
  const f = useTaskForm({ note: '' });
  const check = () => {
    const e: FieldErrors = {};
    checks(e).text('note', f.values.note, { min: 10, max: 4000 });
    return e;
  };
  const decide = (decision: 'upheld' | 'rejected') =>
    f.submit(check, async () => {
      await api(`/api/subsidy/appeals/${appeal.id}/decision`, {
        method: 'POST',
        body: { decision, note: f.values.note.trim() },
      });
      onDone();
    });
  return (
    <div className="form-grid" data-testid="decide-form">
      <TextAreaRow
        form={f}
        name="note"
        label={fx('subsidyForm.note')}
        hint={fx('subsidyForm.noteHint')}
        wide
        rows={2}
        maxLength={4000}
        testId="decide-note"
      />
      <div className="span-2">
        <FormError error={f.formError} />
        <div className="form-actions">
          <ConfirmButton
            label={s('uphold')}
            question={fx('subsidyForm.upholdAsk', { id: appeal.id })}
            yes={fx('subsidyForm.upholdYes')}
            primary
            disabled={f.busy}
            onConfirm={() => void decide('upheld')}
            testId="uphold"
          />
          <ConfirmButton
            label={s('reject')}
            question={fx('subsidyForm.rejectAsk', { id: appeal.id })}
            yes={fx('subsidyForm.rejectYes')}
            disabled={f.busy}
            onConfirm={() => void decide('rejected')}
            testId="reject"
          />
        </div>
      </div>
    </div>
  );
}

function Appeals({ d, reload }: { d: PersonDecision; reload: () => void }) {
  const { s, lang, appealBadge, filedBy } = useSubsidyText();
  const { user } = useSession();
  const canFile = !!user && ['admin', 'branch_officer', 'employer'].includes(user.role);
  const canDecide = !!user && ['admin', 'branch_officer'].includes(user.role);
  const live = d.appeals.some((a) => a.status !== 'rejected');
  return (
    <section className="card" data-testid="appeals">
      <h2>{s('appeals')}</h2>
      {d.appeals.length === 0 && <p className="muted">{s('noAppeals')}</p>}
      {d.appeals.map((a) => (
        <div key={a.id} className="card">
          <p>
            <StatusBadge status={a.status} {...appealBadge(a.status)} /> #{a.id} · {filedBy(a)} ·{' '}
            {formatDateTime(a.created_at, lang)}
          </p>
          <p>{a.grounds}</p>
          {a.decision_note && (
            <p className="muted">
              {a.decision_note} ({formatDateTime(a.decided_at, lang)})
            </p>
          )}
          {a.status === 'open' && canDecide && a.filed_by !== user?.id && (
            <DecideForm appeal={a} onDone={reload} />
          )}
        </div>
      ))}
      {!d.decision.eligible && !live && canFile && d.run.status === 'done' && (
        <AppealForm runId={d.run.id} participantId={d.participant.id} onDone={reload} />
      )}
    </section>
  );
}

export function DecisionPage({ runId, participantId }: { runId: string; participantId: string }) {
  const { s, pick, lang, payStatus } = useSubsidyText();
  const res = useApi<PersonDecision>(
    `/api/subsidy/runs/${encodeURIComponent(runId)}/decisions/${encodeURIComponent(participantId)}`,
  );
  if (res.loading && !res.data) return <Loading />;
  if (!res.data) return <ErrorBox error={res.error} onRetry={res.reload} />;
  const d = res.data;
  const ok = d.decision.effective_eligible;
  return (
    <div data-testid="subsidy-decision">
      <p className="crumbs">
        <Link to={`/bsu/run/${d.run.id}`}>{s('backToRun')}</Link>
      </p>
      <PageHeader
        title={s('decisionOf', { name: d.participant.full_name })}
        subtitle={
          <>
            <span className="mono">{d.participant.nik}</span> · {d.run.programme_name} ·{' '}
            <strong data-testid="decision-outcome" className={`badge badge-${ok ? 'ok' : 'bad'}`}>
              {ok ? s('eligible') : s('excluded')}
            </strong>
            {ok && !d.decision.eligible ? ` — ${s('eligibleByAppeal')}` : ''}
          </>
        }
      />
      {d.decision.reasons.length > 0 && (
        <div className="alert alert-info" data-testid="decision-reasons">
          <ul>
            {d.decision.reasons.map((r) => (
              <li key={r.code}>
                {pick(r.label_id, r.label_en)} <code className="small">{r.code}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <section className="card">
        <h2>{s('checks')}</h2>
        <div className="table-wrap">
          <table data-testid="decision-checks">
            <thead>
              <tr>
                <th>{s('reason')}</th>
                <th>{s('requirement')}</th>
                <th>{s('frozenValue')}</th>
                <th>{s('result')}</th>
              </tr>
            </thead>
            <tbody>
              {d.checks.map((c) => (
                <tr key={c.reason}>
                  <td className="mono small">{c.reason}</td>
                  <td>{c.requirement}</td>
                  <td>{c.value}</td>
                  <td>
                    {c.passed ? (
                      <span className="badge badge-ok">{s('passed')}</span>
                    ) : (
                      <span className="badge badge-bad">{s('failed')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>{s('evidence')}</h2>
        <Facts
          items={Object.entries(d.evidence)
            .filter(([k]) => !['run_id', 'participant_id'].includes(k))
            .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v === null ? '—' : String(v)])}
        />
      </section>
      <Appeals d={d} reload={res.reload} />
      <section className="card">
        <h2>{s('payments')}</h2>
        {d.payments.length === 0 ? (
          <p className="muted">{s('noPayments')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{s('tranches')}</th>
                  <th>{s('attempt')}</th>
                  <th>{s('channel')}</th>
                  <th className="num">{s('amount')}</th>
                  <th>{s('status')}</th>
                </tr>
              </thead>
              <tbody>
                {d.payments.map((p) => (
                  <tr key={p.id}>
                    <td>{p.tranche}</td>
                    <td>{p.attempt}</td>
                    <td>{p.channel}</td>
                    <td className="num">{formatRupiah(p.amount)}</td>
                    <td>
                      {payStatus(p.status)}
                      {p.result_on ? ` (${formatDate(p.result_on, lang)})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <p className="muted small">
        {lang === 'id'
          ? 'Bukti di atas dibekukan saat penyaringan dan tidak berubah walaupun registri berubah.'
          : 'The evidence above was frozen at screening and does not change when the registry does.'}
      </p>
    </div>
  );
}
