import { type FormEvent, useEffect, useState } from 'react';
import { qs } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { translateMaybe, useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader, Pagination, StatusBadge } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { canWrite } from '../access/nav.ts';
import { useSession } from '../access/session.tsx';
import { MergedInto } from '../registry/RecordPanels.tsx';
import type { ParticipantRow } from './types.ts';

const PAGE_SIZE = 50;

export function ParticipantsPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const { location, navigate } = useRouter();
  const q = location.search.get('q') ?? '';
  const page = Number(location.search.get('page') ?? '1') || 1;
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const list = useApi<{ items: ParticipantRow[]; total: number }>(
    q ? `/api/participants${qs({ q, page, pageSize: PAGE_SIZE })}` : null,
  );
  const go = (nextQ: string, nextPage = 1) =>
    navigate(`/peserta${qs({ q: nextQ, page: nextPage > 1 ? nextPage : undefined })}`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(draft.trim());
  };

  return (
    <div>
      <PageHeader
        title={t('par.title')}
        actions={
          user && canWrite(user.role) ? (
            <Link to="/peserta/baru" className="btn btn-primary" testId="participant-new">
              + {t('par.new')}
            </Link>
          ) : undefined
        }
      />
      <form className="card search-card" onSubmit={submit}>
        <label className="field grow">
          <span>{t('par.searchLabel')}</span>
          <input
            type="search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={t('par.searchPlaceholder')}
            data-testid="participant-search-input"
          />
          <small className="muted">{t('par.searchHint')}</small>
        </label>
        <button type="submit" className="btn btn-primary" data-testid="participant-search-submit">
          {t('common.search')}
        </button>
      </form>
      <ErrorBox error={list.error} onRetry={list.reload} />
      {!q && <Empty>{t('par.startSearch')}</Empty>}
      {list.loading && <Loading />}
      {list.data && list.data.items.length === 0 && <Empty>{t('par.empty', { q })}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table data-testid="participant-table">
              <thead>
                <tr>
                  <th>{t('par.name')}</th>
                  <th>{t('par.nik')}</th>
                  <th>{t('par.kpj')}</th>
                  <th>{t('par.birthDate')}</th>
                  <th>{t('par.segment')}</th>
                  <th>{t('par.province')}</th>
                  <th>{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <tr key={p.id} data-testid="participant-row">
                    <td>
                      <Link to={`/peserta/${p.id}`} testId="participant-link">
                        {p.full_name}
                      </Link>
                    </td>
                    <td className="mono">{p.nik}</td>
                    <td className="mono">{p.kpj}</td>
                    <td>{formatDate(p.birth_date, lang)}</td>
                    <td title={translateMaybe(lang, `segment.${p.segment}`, p.segment)}>{p.segment}</td>
                    <td>{p.province_name ?? '—'}</td>
                    <td>
                      <StatusBadge status={p.status} />
                      <MergedInto to={p.merged_into} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={(p) => go(q, p)} />
        </>
      )}
    </div>
  );
}
