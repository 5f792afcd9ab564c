import { useState } from 'react';
import { api, qs } from '../../api.ts';
import { formatDate, formatDateTime, formatRupiah } from '../../format.ts';
import { Link, useRouter } from '../../router.tsx';
import { ErrorBox } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { Confirmation, ConfirmButton } from '../../ui/form.tsx';
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
  const { location, navigate } = useRouter();
  const status = (location.search.get('status') ?? 'open') as (typeof STATUSES)[number];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ id: number; status: 'confirmed' | 'rejected' } | null>(null);
  const list = useList<ListPage<Review>>('/api/reviews', { status });

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

  const columns: Column<Review>[] = [
    { header: t('rg.rev.kind'), cell: (r) => t(`rg.rev.kind.${r.kind}` as RgKey) },
    {
      header: t('rg.rev.person'),
      cell: (r) => (
        <>
          {r.participant_id ? (
            <Link to={`/peserta/${r.participant_id}`}>{r.participant_name}</Link>
          ) : (
            t('rg.rev.notRegistered', { nik: r.nik ?? '—' })
          )}
          {r.participant_id && r.nik ? <div className="muted small">NIK {r.nik}</div> : null}
        </>
      ),
    },
    {
      header: t('rg.rev.for'),
      cell: (r) => (
        <>
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
        </>
      ),
    },
    {
      header: t('rg.rev.requested'),
      cell: (r) => (
        <>
          {r.requested_by ?? '—'}
          <div className="muted small">
            {formatDateTime(`${r.requested_at.replace(' ', 'T')}:00+07:00`, lang)}
          </div>
        </>
      ),
    },
    { header: t('rg.rev.region'), cell: (r) => r.region_name ?? '—' },
    {
      header: t('rg.rev.decision'),
      cell: (r) =>
        r.status === 'open' ? (
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
        ),
    },
  ];

  return (
    <Shell>
      <p className="muted">{t('rg.rev.intro')}</p>
      <div className="toolbar">
        <label className="field">
          <span>{t('rg.rev.show')}</span>
          <select
            value={status}
            onChange={(e) => navigate(`${location.pathname}${qs({ status: e.target.value })}`)}
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
      <DataTable
        list={list}
        columns={columns}
        rowKey={(r) => r.id}
        count="list.count.reviews"
        empty={t('rg.rev.none')}
        testId="reviews-table"
        rowData={(r) => ({ 'data-testid': `review-${r.id}` })}
      />
    </Shell>
  );
}
