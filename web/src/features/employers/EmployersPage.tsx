import { type FormEvent, useEffect, useState } from 'react';
import { qs } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { translateMaybe, useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader, Pagination, StatusBadge } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { canRegisterEmployers } from '../access/nav.ts';
import { useSession } from '../access/session.tsx';
import type { RegionsResponse } from '../regions/types.ts';
import type { EmployerRow } from './types.ts';

const PAGE_SIZE = 50;

export function EmployersPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const { location, navigate } = useRouter();
  const q = location.search.get('q') ?? '';
  const province = location.search.get('province') ?? '';
  const page = Number(location.search.get('page') ?? '1') || 1;
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);

  const provinces = useApi<RegionsResponse>('/api/regions');
  const list = useApi<{ items: EmployerRow[]; total: number }>(
    `/api/employers${qs({ q, province, page, pageSize: PAGE_SIZE })}`,
  );
  const go = (next: { q?: string; province?: string; page?: number }) =>
    navigate(
      `/pemberi-kerja${qs({ q, province, ...next, page: next.page && next.page > 1 ? next.page : undefined })}`,
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ q: draft.trim(), page: 1 });
  };

  return (
    <div>
      <PageHeader
        title={t('emp.title')}
        actions={
          user && canRegisterEmployers(user.role) ? (
            <Link to="/pemberi-kerja/baru" className="btn btn-primary" testId="employer-new">
              + {t('emp.new')}
            </Link>
          ) : undefined
        }
      />
      <form className="toolbar" onSubmit={submit}>
        <input
          type="search"
          className="grow"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={t('emp.searchPlaceholder')}
          aria-label={t('emp.searchPlaceholder')}
          data-testid="employer-search-input"
        />
        <select
          value={province}
          onChange={(e) => go({ province: e.target.value, page: 1 })}
          aria-label={t('emp.province')}
          data-testid="employer-province"
        >
          <option value="">
            {t('emp.province')}: {t('common.all')}
          </option>
          {provinces.data?.children.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-primary" data-testid="employer-search-submit">
          {t('common.search')}
        </button>
      </form>
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.loading && <Loading />}
      {list.data && list.data.items.length === 0 && <Empty>{t('emp.empty')}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table data-testid="employer-table">
              <thead>
                <tr>
                  <th>{t('emp.npp')}</th>
                  <th>{t('emp.name')}</th>
                  <th>{t('emp.sector')}</th>
                  <th>{t('emp.size')}</th>
                  <th className="num">{t('emp.risk')}</th>
                  <th>{t('emp.location')}</th>
                  <th className="num">{t('emp.workers')}</th>
                  <th>{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => (
                  <tr key={e.id} data-testid="employer-row">
                    <td className="mono">{e.npp}</td>
                    <td>
                      <Link to={`/pemberi-kerja/${e.id}`}>{e.name}</Link>
                      {e.legal_form && <span className="muted small"> · {e.legal_form}</span>}
                    </td>
                    <td>{e.sector ?? '—'}</td>
                    <td>{e.size_class ? translateMaybe(lang, `size.${e.size_class}`, e.size_class) : '—'}</td>
                    <td className="num">{e.risk_class ?? '—'}</td>
                    <td>
                      {e.regency_name ?? '—'}
                      {e.province_name && <div className="muted small">{e.province_name}</div>}
                    </td>
                    <td className="num">{formatNumber(e.workers)}</td>
                    <td>
                      <StatusBadge status={e.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            onPage={(p) => go({ page: p })}
          />
        </>
      )}
    </div>
  );
}
