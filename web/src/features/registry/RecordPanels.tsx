import { formatDate } from '../../format.ts';
import { Link } from '../../router.tsx';
import { useApi } from '../../ui/useApi.ts';
import { ChangesTable } from './RegistryPages.tsx';
import { useRg } from './text.ts';

interface Version {
  version: number;
  data: Record<string, unknown>;
  valid_from: string;
  recorded_by: string;
}

/** "Riwayat perubahan": versions newest first, and the change requests (pending ones included). */
export function HistoryPanel({ entity, id }: { entity: 'participant' | 'employer'; id: number | string }) {
  const { t, tc, lang } = useRg();
  const res = useApi<{ versions: Version[]; requests: Parameters<typeof ChangesTable>[0]['rows'] }>(
    `/api/registry/${entity}/${id}/history`,
  );
  if (!res.data) return null;
  const show = (v: unknown) =>
    v === null || v === undefined
      ? '—'
      : typeof v === 'object'
        ? Object.values(v as object).join(' · ')
        : String(v);
  return (
    <section className="card" data-testid="history-panel">
      <h2>{t('rg.hist.title')}</h2>
      {!res.data.versions.length && !res.data.requests.length ? (
        <p className="muted">{t('rg.hist.none')}</p>
      ) : (
        <>
          <ChangesTable rows={res.data.requests} />
          <ul className="timeline">
            {res.data.versions.map((v) => (
              <li key={v.version}>
                <strong>{t('rg.hist.version', { n: v.version })}</strong>,{' '}
                {t('rg.hist.validFrom', { date: formatDate(v.valid_from, lang) })},{' '}
                {t('rg.hist.by', { who: v.recorded_by })}:{' '}
                {Object.entries(v.data)
                  .map(([k, x]) => `${tc('rg.f.', k)} ${show(x)}`)
                  .join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

interface LifeEvents {
  events: Array<{ id: number; kind: string; effective_on: string; recorded_by: string }>;
  death: { died_on: string; source: string } | null;
  merged_into: number | null;
  survivor_id: number | null;
  merged_records: Array<{ id: number; kpj: string; full_name: string }>;
}

/** The participant page's registry block: merged-into banner, life events, reports, corrections, history. */
export function ParticipantRegistryPanel({ id }: { id: number | string }) {
  const { t, tc, lang } = useRg();
  const res = useApi<LifeEvents>(`/api/registry/participants/${id}/life-events`);
  if (!res.data) return null;
  const d = res.data;
  return (
    <div data-testid="participant-registry">
      {d.survivor_id && (
        <div className="alert" data-testid="merged-banner">
          {t('rg.le.mergedInto')} <Link to={`/peserta/${d.survivor_id}`}>{t('rg.le.openSurvivor')}</Link>
        </div>
      )}
      {d.death && (
        <div className="alert">
          {t('rg.le.deceased', {
            date: formatDate(d.death.died_on, lang),
            source: tc('rg.death.source.', d.death.source),
          })}
        </div>
      )}
      <section className="card">
        <h2>{t('rg.le.title')}</h2>
        {!d.events.length ? (
          <p className="muted">{t('rg.le.none')}</p>
        ) : (
          <ul className="timeline">
            {d.events.map((e) => (
              <li key={e.id}>
                {formatDate(e.effective_on, lang)}: {tc('rg.le.kind.', e.kind)}
              </li>
            ))}
          </ul>
        )}
        {d.merged_records.length > 0 && (
          <>
            <h3>{t('rg.le.mergedRecords')}</h3>
            <ul>
              {d.merged_records.map((m) => (
                <li key={m.id}>
                  <Link to={`/peserta/${m.id}`}>
                    {m.full_name} ({m.kpj})
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <HistoryPanel entity="participant" id={id} />
    </div>
  );
}

/** In a search result: a merged record leads to the record that survives it. */
export function MergedInto({ to }: { to: number | null | undefined }) {
  const { t } = useRg();
  if (!to) return null;
  return (
    <>
      {' '}
      <Link to={`/peserta/${to}`} testId="merged-into-link">
        {t('rg.le.openSurvivor')} →
      </Link>
    </>
  );
}

/** The employer page's registry block: the history of its corrections (made at /pemberi-kerja/:id/ubah). */
export function EmployerRegistryPanel({ id }: { id: number | string }) {
  return (
    <div data-testid="employer-registry">
      <HistoryPanel entity="employer" id={id} />
    </div>
  );
}
