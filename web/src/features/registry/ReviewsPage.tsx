import { useState } from 'react';
import { api, qs } from '../../api.ts';
import { formatDate, formatDateTime, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading } from '../../ui/components.tsx';
import { Confirmation, ConfirmButton } from '../../ui/form.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Shell } from './RegistryPages.tsx';
import { type RgKey, useRg } from './text.ts';

/** One row of GET /api/reviews (src/modules/access/reviews.ts). */
interface Review {
  id: number;
  kind: 'enrolment_request' | 'registered_elsewhere';
  status: 'open' | 'confirmed' | 'rejected';
  region_name: string | null;
  nik: string | null;
  participant_id: number | null;
  participant_name: string | null;
  agreement_id: number | null;
  agreement_number: string | null;
  employer_id: number | null;
  employer_name: string | null;
  requested_by: string | null;
  /** 'YYYY-MM-DD HH:MI' on the WIB clock */
  requested_at: string;
  detail: { wage?: number | null; start_date?: string } | null;
}

const STATUSES = ['open', 'confirmed', 'rejected'] as const;

/**
 * The branch office review queue: what a partner or an employer could not do alone (enrol a person
 * outside its scope, register someone already registered elsewhere) waits here for the officer of the
 * person's region, who confirms or rejects it (decision 0010).
 */
export function ReviewsPage() {
  const { t, lang } = useRg();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ id: number; status: 'confirmed' | 'rejected' } | null>(null);
  const list = useApi<{ items: Review[] }>(`/api/reviews${qs({ status })}`);

  const decide = async (r: Review, decision: 'confirm' | 'reject') => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const res = await api<{ id: number; status: 'confirmed' | 'rejected' }>(`/api/reviews/${r.id}/decide`, {
        method: 'POST',
        body: { decision },
      });
      setDone(res);
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Shell>
      <p className="muted">{t('rg.rev.intro')}</p>
      <div className="toolbar">
        <label className="field">
          <span>{t('rg.rev.show')}</span>
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}
            data-testid="reviews-status"
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`rg.rev.status.${s}` as RgKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {done && (
        <Confirmation title={t(`rg.rev.done.${done.status}` as RgKey, { id: done.id })} changes={[]} />
      )}
      <ErrorBox error={error} />
      {list.loading ? (
        <Loading />
      ) : list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : !list.data?.items.length ? (
        <Empty>{t('rg.rev.none')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="reviews-table">
            <thead>
              <tr>
                <th scope="col">{t('rg.rev.kind')}</th>
                <th scope="col">{t('rg.rev.person')}</th>
                <th scope="col">{t('rg.rev.for')}</th>
                <th scope="col">{t('rg.rev.requested')}</th>
                <th scope="col">{t('rg.rev.region')}</th>
                <th scope="col">{t('rg.rev.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id} data-testid={`review-${r.id}`}>
                  <td>{t(`rg.rev.kind.${r.kind}` as RgKey)}</td>
                  <td>
                    {r.participant_id ? (
                      <Link to={`/peserta/${r.participant_id}`}>{r.participant_name}</Link>
                    ) : (
                      t('rg.rev.notRegistered', { nik: r.nik ?? '—' })
                    )}
                    {r.participant_id && r.nik ? <div className="muted small">NIK {r.nik}</div> : null}
                  </td>
                  <td>
                    {r.agreement_number && (
                      <Link to={`/kemitraan/perjanjian/${r.agreement_id}`}>
                        {t('rg.rev.agreement', { number: r.agreement_number })}
                      </Link>
                    )}
                    {r.employer_name && <div>{t('rg.rev.employer', { name: r.employer_name })}</div>}
                    {r.detail?.wage ? (
                      <div className="muted small">
                        {t('rg.rev.wage', {
                          wage: formatRupiah(r.detail.wage),
                          date: formatDate(r.detail.start_date, lang),
                        })}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {r.requested_by ?? '—'}
                    <div className="muted small">
                      {formatDateTime(`${r.requested_at.replace(' ', 'T')}:00+07:00`, lang)}
                    </div>
                  </td>
                  <td>{r.region_name ?? '—'}</td>
                  <td>
                    {r.status === 'open' ? (
                      <div className="form-actions">
                        <ConfirmButton
                          primary
                          label={t('rg.rev.confirm')}
                          question={t(`rg.rev.confirmAsk.${r.kind}` as RgKey)}
                          yes={t('rg.rev.yes')}
                          disabled={busy}
                          onConfirm={() => decide(r, 'confirm')}
                          testId={`review-${r.id}-confirm`}
                        />
                        <ConfirmButton
                          label={t('rg.rev.reject')}
                          question={t('rg.rev.rejectAsk')}
                          yes={t('rg.rev.yes')}
                          disabled={busy}
                          onConfirm={() => decide(r, 'reject')}
                          testId={`review-${r.id}-reject`}
                        />
                      </div>
                    ) : (
                      t(`rg.rev.status.${r.status}` as RgKey)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Shell>
  );
}
