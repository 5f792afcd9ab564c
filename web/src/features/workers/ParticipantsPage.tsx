import { type FormEvent, useEffect, useState } from 'react';
import { qs } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { translateMaybe, useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, PageHeader, StatusBadge } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { canWrite } from '../access/nav.ts';
import { useSession } from '../access/session.tsx';
import { MergedInto } from '../registry/RecordPanels.tsx';
import type { ParticipantRow } from './types.ts';

export function ParticipantsPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const { location, navigate } = useRouter();
  const q = location.search.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const list = useList<ListPage<ParticipantRow>>(q ? '/api/participants' : null, { q });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/peserta${qs({ q: draft.trim() })}`);
  };
  const columns: Column<ParticipantRow>[] = [
    {
      header: t('par.name'),
      cell: (p) => (
        <Link to={`/peserta/${p.id}`} testId="participant-link">
          {p.full_name}
        </Link>
      ),
    },
    { header: t('par.nik'), cell: (p) => p.nik, className: 'mono' },
    { header: t('par.kpj'), cell: (p) => p.kpj, className: 'mono' },
    { header: t('par.birthDate'), cell: (p) => formatDate(p.birth_date, lang) },
    {
      header: t('par.segment'),
      cell: (p) => <span title={translateMaybe(lang, `segment.${p.segment}`, p.segment)}>{p.segment}</span>,
    },
    { header: t('par.province'), cell: (p) => p.province_name ?? '—' },
    {
      header: t('common.status'),
      cell: (p) => (
        <>
          <StatusBadge status={p.status} />
          <MergedInto to={p.merged_into} />
        </>
      ),
    },
  ];

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
      {!q && <Empty>{t('par.startSearch')}</Empty>}
      <DataTable
        list={list}
        columns={columns}
        rowKey={(p) => p.id}
        count="list.count.participants"
        empty={t('par.empty', { q })}
        testId="participant-table"
        rowTestId="participant-row"
      />
    </div>
  );
}
