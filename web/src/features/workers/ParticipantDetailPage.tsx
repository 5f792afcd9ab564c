import { formatDate, formatRupiah } from '../../format.ts';
import { translateMaybe, useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Facts, Loading, PageHeader, StatusBadge } from '../../ui/components.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { TaskLink } from '../access/TaskGate.tsx';
import { ParticipantRegistryPanel } from '../registry/RecordPanels.tsx';
import type { Employment, Participant, ParticipantEvent } from './types.ts';

export function ParticipantDetailPage({ id }: { id: string }) {
  const { fx } = useFx();
  const { t, lang } = useI18n();
  const res = useApi<{ participant: Participant; employments: Employment[]; events: ParticipantEvent[] }>(
    `/api/participants/${encodeURIComponent(id)}`,
  );
  if (res.loading) return <Loading />;
  if (res.error || !res.data) return <ErrorBox error={res.error} onRetry={res.reload} />;
  const { participant: p, employments, events } = res.data;
  const yesNo = (b: boolean) => (b ? t('common.yes') : t('common.no'));
  return (
    <div data-testid="participant-detail">
      <p className="crumbs">
        <Link to="/peserta">← {t('nav.participants')}</Link>
      </p>
      <PageHeader
        title={<span data-testid="participant-name">{p.full_name}</span>}
        subtitle={
          <>
            {t('par.kpj')}{' '}
            <span className="mono" data-testid="participant-kpj">
              {p.kpj}
            </span>{' '}
            · {translateMaybe(lang, `segment.${p.segment}`, p.segment)} <StatusBadge status={p.status} />
          </>
        }
        actions={
          p.status === 'closed' ? undefined : (
            <>
              <TaskLink task="registry.edit" to={`/peserta/${p.id}/ubah`} testId="participant-edit">
                {fx('editForm.edit')}
              </TaskLink>
              <TaskLink
                task="registry.edit"
                to={`/peserta/mutasi?peserta=${p.id}`}
                testId="participant-event"
              >
                {fx('employment.record')}
              </TaskLink>
              <TaskLink task="registry.edit" to={`/peserta/${p.id}/meninggal`} testId="participant-death">
                {fx('death.report')}
              </TaskLink>
            </>
          )
        }
      />
      <section className="card">
        <Facts
          items={[
            [
              'par.nik',
              <span key="nik" className="mono">
                {p.nik}
              </span>,
              'participant-nik',
            ],
            ['par.birthDate', formatDate(p.birth_date, lang), 'participant-birth-date'],
            ['par.sex', translateMaybe(lang, `par.sex.${p.sex}`, p.sex)],
            [
              'par.address',
              [p.village_name, p.regency_name, p.province_name].filter(Boolean).join(', ') +
                (p.village_code ? ` (${p.village_code})` : ''),
            ],
            ['par.phone', p.phone],
            ['par.registeredOn', formatDate(p.registered_on, lang)],
            ['par.nonAsn', yesNo(p.is_non_asn)],
            ['par.vulnerable', yesNo(p.is_vulnerable)],
            [
              'par.programs',
              p.programs.length ? (
                <ul key="programs" className="chips" data-testid="participant-programs">
                  {p.programs.map((g) => (
                    <li key={g} className="chip chip-program">
                      {g}
                    </li>
                  ))}
                </ul>
              ) : null,
            ],
          ]}
        />
      </section>
      <section className="card">
        <h2>{t('par.employments')}</h2>
        {employments.length === 0 ? (
          <p className="muted">{t('par.noEmployments')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="participant-employments">
              <thead>
                <tr>
                  <th>{t('par.employer')}</th>
                  <th>{t('emp.npp')}</th>
                  <th>{t('emp.startedOn')}</th>
                  <th>{t('par.endedOn')}</th>
                  <th className="num">{t('emp.wage')}</th>
                </tr>
              </thead>
              <tbody>
                {employments.map((e) => (
                  <tr key={`${e.employer_id}-${e.started_on}`}>
                    <td>
                      <Link to={`/pemberi-kerja/${e.employer_id}`}>{e.employer_name}</Link>
                    </td>
                    <td className="mono">{e.npp}</td>
                    <td>{formatDate(e.started_on, lang)}</td>
                    <td>
                      {e.ended_on ? (
                        formatDate(e.ended_on, lang)
                      ) : (
                        <em className="muted">{t('par.current')}</em>
                      )}
                    </td>
                    <td className="num">{formatRupiah(e.wage)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card">
        <h2>{t('par.events')}</h2>
        {events.length === 0 ? (
          <Empty>{t('par.noEvents')}</Empty>
        ) : (
          <ol className="timeline" data-testid="participant-events">
            {events.map((ev, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: events have no id in the API
              <li key={i}>
                <span className="timeline-date">{formatDate(ev.effective_on, lang)}</span>
                <span className="timeline-kind">{translateMaybe(lang, `event.${ev.kind}`, ev.kind)}</span>
                {ev.employer_name && <span>{ev.employer_name}</span>}
                {ev.wage !== null && ev.wage !== undefined && (
                  <span className="muted">{formatRupiah(ev.wage)}</span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <ParticipantRegistryPanel id={p.id} />
    </div>
  );
}
