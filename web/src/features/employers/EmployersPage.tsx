import { type FormEvent, useEffect, useState } from 'react';
import { qs } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { translateMaybe, useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { PageHeader, StatusBadge } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { canRegisterEmployers } from '../access/nav.ts';
import { useSession } from '../access/session.tsx';
import type { RegionsResponse } from '../regions/types.ts';
import type { EmployerRow } from './types.ts';

export function EmployersPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const { location, navigate } = useRouter();
  const q = location.search.get('q') ?? '';
  const province = location.search.get('province') ?? '';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);

  const provinces = useApi<RegionsResponse>('/api/regions');
  const list = useList<ListPage<EmployerRow>>('/api/employers', { q, province });
  const go = (next: { q?: string; province?: string }) =>
    navigate(`/pemberi-kerja${qs({ q, province, ...next })}`);
  const columns: Column<EmployerRow>[] = [
    { header: t('emp.npp'), cell: (e) => e.npp, className: 'mono' },
    {
      header: t('emp.name'),
      cell: (e) => (
        <>
          <Link to={`/pemberi-kerja/${e.id}`}>{e.name}</Link>
          {e.legal_form && <span className="muted small"> · {e.legal_form}</span>}
        </>
      ),
    },
    { header: t('emp.sector'), cell: (e) => e.sector ?? '—' },
    {
      header: t('emp.size'),
      cell: (e) => (e.size_class ? translateMaybe(lang, `size.${e.size_class}`, e.size_class) : '—'),
    },
    { header: t('emp.risk'), cell: (e) => e.risk_class ?? '—', className: 'num' },
    {
      header: t('emp.location'),
      cell: (e) => (
        <>
          {e.regency_name ?? '—'}
          {e.province_name && <div className="muted small">{e.province_name}</div>}
        </>
      ),
    },
    { header: t('emp.workers'), cell: (e) => formatNumber(e.workers), className: 'num' },
    { header: t('common.status'), cell: (e) => <StatusBadge status={e.status} /> },
  ];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ q: draft.trim() });
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
          onChange={(e) => go({ province: e.target.value })}
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
      <DataTable
        list={list}
        columns={columns}
        rowKey={(e) => e.id}
        count="list.count.employers"
        empty={t('emp.empty')}
        testId="employer-table"
        rowTestId="employer-row"
      />
    </div>
  );
}
