import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { Link } from '../../router.tsx';
import { ErrorBox } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { ChangesTable } from './RegistryPages.tsx';
import { type RgKey, useRg } from './text.ts';

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

const PARTICIPANT_FIELDS = [
  'full_name',
  'phone',
  'village_code',
  'nik',
  'birth_date',
  'sex',
  'bank_account',
] as const;
const EMPLOYER_FIELDS = ['name', 'sector', 'village_code', 'size_class', 'risk_class'] as const;

export function ChangeForm({
  entity,
  id,
  onDone,
}: {
  entity: 'participant' | 'employer';
  id: number | string;
  onDone(): void;
}) {
  const { t, tc } = useRg();
  const fields = entity === 'participant' ? PARTICIPANT_FIELDS : EMPLOYER_FIELDS;
  const [field, setField] = useState<string>(fields[0]);
  const [value, setValue] = useState('');
  const [bank, setBank] = useState({ bank_code: '', account_number: '', holder_name: '' });
  const [effective, setEffective] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSent(null);
    const v = field === 'bank_account' ? bank : field === 'risk_class' ? Number(value) : value;
    try {
      const r = await api<{ change: { status: string } }>('/api/registry/changes', {
        method: 'POST',
        body: {
          entity,
          entity_id: Number(id),
          changes: { [field]: v },
          effective_on: effective || undefined,
          reason,
        },
      });
      setSent(tc('rg.ch.status.', r.change.status));
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="card" onSubmit={submit} data-testid="change-form">
      <h2>{t('rg.ch.request')}</h2>
      <p className="muted">{t('rg.ch.secondPerson')}</p>
      <div className="form-grid">
        <label className="field">
          <span>{t('rg.ch.field')}</span>
          <select value={field} onChange={(e) => setField(e.target.value)}>
            {fields.map((f) => (
              <option key={f} value={f}>
                {tc('rg.f.', f)}
              </option>
            ))}
          </select>
        </label>
        {field === 'bank_account' ? (
          (['bank_code', 'account_number', 'holder_name'] as const).map((k) => (
            <label key={k} className="field">
              <span>
                {t(
                  (
                    {
                      bank_code: 'rg.ch.bankCode',
                      account_number: 'rg.ch.accountNumber',
                      holder_name: 'rg.ch.holder',
                    } as Record<string, RgKey>
                  )[k]!,
                )}
              </span>
              <input value={bank[k]} onChange={(e) => setBank({ ...bank, [k]: e.target.value })} required />
            </label>
          ))
        ) : (
          <label className="field">
            <span>{t('rg.ch.value')}</span>
            <input
              value={value}
              onChange={(e) => setValue(e.target.value)}
              required
              data-testid="change-value"
            />
          </label>
        )}
        <label className="field">
          <span>{t('rg.ch.effective')}</span>
          <input type="date" value={effective} onChange={(e) => setEffective(e.target.value)} />
        </label>
        <label className="field span-2">
          <span>{t('rg.ch.reason')}</span>
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            data-testid="change-reason"
          />
        </label>
      </div>
      <button type="submit" className="btn btn-primary">
        {t('rg.submit')}
      </button>
      {sent && <p className="alert">{t('rg.ch.sent', { status: sent })}</p>}
      <ErrorBox error={error} />
    </form>
  );
}

interface LifeEvents {
  events: Array<{ id: number; kind: string; effective_on: string; recorded_by: string }>;
  death: { died_on: string; source: string } | null;
  merged_into: number | null;
  survivor_id: number | null;
  merged_records: Array<{ id: number; kpj: string; full_name: string }>;
}

const SOURCES = ['family', 'employer', 'civil_registry', 'hospital', 'officer'] as const;
const REASONS = ['dismissal', 'resignation', 'contract_end', 'retirement', 'disability', 'moved'] as const;

/** The participant page's registry block: merged-into banner, life events, reports, corrections, history. */
export function ParticipantRegistryPanel({ id }: { id: number | string }) {
  const { t, tc, lang } = useRg();
  const { user } = useSession();
  const res = useApi<LifeEvents>(`/api/registry/participants/${id}/life-events`);
  const [error, setError] = useState<unknown>(null);
  const [death, setDeath] = useState({ died_on: '', source: 'family', cause: 'non_work', document_ref: '' });
  const [exit, setExit] = useState({ employer_npp: '', date: '', reason: 'dismissal' });
  const [tick, setTick] = useState(0);
  const writer = user && ['admin', 'branch_officer', 'employer'].includes(user.role);
  const post = async (path: string, body: object) => {
    setError(null);
    try {
      await api(path, { method: 'POST', body });
      res.reload();
      setTick(tick + 1);
    } catch (e) {
      setError(e);
    }
  };
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
      <ErrorBox error={error} />
      {writer && !d.death && !d.merged_into && (
        <>
          <form
            className="card"
            data-testid="exit-form"
            onSubmit={(e) => {
              e.preventDefault();
              void post(`/api/registry/participants/${id}/exit`, exit);
            }}
          >
            <h2>{t('rg.exit.report')}</h2>
            <div className="form-grid">
              <label className="field">
                <span>{t('rg.exit.employer')}</span>
                <input
                  value={exit.employer_npp}
                  onChange={(e) => setExit({ ...exit, employer_npp: e.target.value })}
                  required
                />
              </label>
              <label className="field">
                <span>{t('rg.exit.date')}</span>
                <input
                  type="date"
                  value={exit.date}
                  onChange={(e) => setExit({ ...exit, date: e.target.value })}
                  required
                />
              </label>
              <label className="field">
                <span>{t('rg.exit.reason')}</span>
                <select value={exit.reason} onChange={(e) => setExit({ ...exit, reason: e.target.value })}>
                  {REASONS.map((r) => (
                    <option key={r} value={r}>
                      {tc('rg.exit.reason.', r)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <button type="submit" className="btn">
              {t('rg.submit')}
            </button>
          </form>
          <form
            className="card"
            data-testid="death-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (window.confirm(t('rg.death.confirm')))
                void post(`/api/registry/participants/${id}/death`, {
                  died_on: death.died_on,
                  source: death.source,
                  cause: death.cause,
                  document_ref: death.document_ref || undefined,
                });
            }}
          >
            <h2>{t('rg.death.report')}</h2>
            <p className="muted">{t('rg.death.confirm')}</p>
            <div className="form-grid">
              <label className="field">
                <span>{t('rg.death.date')}</span>
                <input
                  type="date"
                  value={death.died_on}
                  onChange={(e) => setDeath({ ...death, died_on: e.target.value })}
                  required
                />
              </label>
              <label className="field">
                <span>{t('rg.death.source')}</span>
                <select value={death.source} onChange={(e) => setDeath({ ...death, source: e.target.value })}>
                  {SOURCES.map((s) => (
                    <option key={s} value={s}>
                      {tc('rg.death.source.', s)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('rg.death.cause')}</span>
                <select value={death.cause} onChange={(e) => setDeath({ ...death, cause: e.target.value })}>
                  {['non_work', 'work_accident'].map((c) => (
                    <option key={c} value={c}>
                      {tc('rg.death.cause.', c)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('rg.death.document')}</span>
                <input
                  value={death.document_ref}
                  onChange={(e) => setDeath({ ...death, document_ref: e.target.value })}
                />
              </label>
            </div>
            <button type="submit" className="btn">
              {t('rg.submit')}
            </button>
          </form>
          <ChangeForm entity="participant" id={id} onDone={() => setTick(tick + 1)} />
        </>
      )}
      <HistoryPanel key={tick} entity="participant" id={id} />
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

/** The employer page's registry block: corrections and their history. */
export function EmployerRegistryPanel({ id }: { id: number | string }) {
  const { user } = useSession();
  const [tick, setTick] = useState(0);
  return (
    <div data-testid="employer-registry">
      {user && ['admin', 'branch_officer', 'employer'].includes(user.role) && (
        <ChangeForm entity="employer" id={id} onDone={() => setTick(tick + 1)} />
      )}
      <HistoryPanel key={tick} entity="employer" id={id} />
    </div>
  );
}
