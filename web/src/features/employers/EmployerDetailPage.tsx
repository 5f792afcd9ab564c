import { useState } from 'react';
import { formatDate, formatNumber, formatRupiah } from '../../format.ts';
import { translateMaybe, useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import {
  Empty,
  ErrorBox,
  Facts,
  Loading,
  PageHeader,
  Pagination,
  StatusBadge,
} from '../../ui/components.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { TaskLink } from '../access/TaskGate.tsx';
import { EmployerRegistryPanel } from '../registry/RecordPanels.tsx';
import type { Employer, EmployerWorker } from './types.ts';

export function EmployerDetailPage({ id }: { id: string }) {
  const { fx } = useFx();
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const pageSize = 50;
  const res = useApi<{ employer: Employer; workers: EmployerWorker[]; workers_total: number }>(
    `/api/employers/${encodeURIComponent(id)}?page=${page}&pageSize=${pageSize}`,
  );
  if (res.loading && !res.data) return <Loading />;
  if (res.error || !res.data) return <ErrorBox error={res.error} onRetry={res.reload} />;
  const { employer: e, workers, workers_total: workersTotal } = res.data;
  return (
    <div data-testid="employer-detail">
      <p className="crumbs">
        <Link to="/pemberi-kerja">← {t('emp.title')}</Link>
      </p>
      <PageHeader
        title={<span data-testid="employer-name">{e.name}</span>}
        subtitle={
          <>
            {t('emp.npp')} <span className="mono">{e.npp}</span> <StatusBadge status={e.status} />
          </>
        }
        actions={
          <>
            <TaskLink task="registry.edit" to={`/pemberi-kerja/${e.id}/ubah`} testId="employer-edit">
              {fx('editForm.edit')}
            </TaskLink>
            <TaskLink
              task="registry.edit"
              to={`/peserta/mutasi?pemberi=${e.id}&jenis=hire`}
              testId="employer-hire"
            >
              {fx('employment.submit.hire')}
            </TaskLink>
          </>
        }
      />
      <section className="card">
        <Facts
          items={[
            ['emp.legalForm', e.legal_form],
            ['emp.sector', e.sector],
            ['emp.size', e.size_class ? translateMaybe(lang, `size.${e.size_class}`, e.size_class) : null],
            ['emp.risk', e.risk_class],
            [
              'emp.location',
              [e.village_name, e.regency_name, e.province_name].filter(Boolean).join(', ') +
                (e.village_code ? ` (${e.village_code})` : ''),
            ],
            ['emp.branch', e.branch_office],
            ['emp.registeredOn', formatDate(e.registered_on, lang)],
            ['emp.workers', formatNumber(workersTotal)],
          ]}
        />
      </section>
      <section className="card">
        <h2>{t('emp.memberships')}</h2>
        {e.memberships.length === 0 ? (
          <p className="muted">{t('emp.noMemberships')}</p>
        ) : (
          <ul className="chips">
            {e.memberships.map((m) => (
              <li key={m.partner_id} className="chip" title={m.name}>
                {m.acronym ? `${m.acronym} — ${m.name}` : m.name}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>{t('emp.workersTitle')}</h2>
        {workers.length === 0 ? (
          <Empty>{t('emp.noWorkers')}</Empty>
        ) : (
          <div className="table-wrap">
            <table data-testid="employer-workers">
              <thead>
                <tr>
                  <th>{t('par.kpj')}</th>
                  <th>{t('par.nik')}</th>
                  <th>{t('par.name')}</th>
                  <th>{t('emp.startedOn')}</th>
                  <th className="num">{t('emp.wage')}</th>
                </tr>
              </thead>
              <tbody>
                {workers.map((w) => (
                  <tr key={w.participant_id}>
                    <td className="mono">{w.kpj}</td>
                    <td className="mono">{w.nik}</td>
                    <td>
                      <Link to={`/peserta/${w.participant_id}`}>{w.full_name}</Link>
                    </td>
                    <td>{formatDate(w.started_on, lang)}</td>
                    <td className="num">{formatRupiah(w.wage)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pagination page={page} pageSize={pageSize} total={workersTotal} onPage={setPage} />
          </div>
        )}
      </section>
      <EmployerRegistryPanel id={id} />
    </div>
  );
}
