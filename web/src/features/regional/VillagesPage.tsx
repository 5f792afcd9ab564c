import { type FormEvent, useState } from 'react';
import { formatDate, formatNumber, formatPercent } from '../../format.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useRg } from './i18n.ts';

interface Ranking {
  regency: string;
  rows: Array<{
    code: string;
    name: string;
    rank: number;
    active: number | null;
    workforce: number | null;
    coverage_pct: number | null;
    sponsored: number | null;
    agents: number;
  }>;
}

interface Village {
  village: { code: string; name: string; district: string; regency_name: string };
  coverage: {
    active: number | null;
    workforce: { year: number; workforce: number; source_url: string | null } | null;
    coverage_pct: number | null;
  };
  village_fund: {
    agreements: Array<{ agreement_id: number; number: string; partner: string; people: number }>;
    sponsored_people: number | null;
  };
  agents: Array<{ code: string; full_name: string; recruits: number }> | null;
  agents_count: number;
  outreach: {
    campaigns: number;
    visits: number;
    reached: number;
    registrations: number;
    last_on: string | null;
  };
}

export function VillagesPage() {
  const { t } = useRg();
  const [regency, setRegency] = useState('19.71');
  const [shown, setShown] = useState<string | null>(null);
  const r = useApi<Ranking>(shown ? `/api/regencies/${encodeURIComponent(shown)}/villages` : null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(regency);
  };
  return (
    <div>
      <PageHeader title={t('vl.title')} subtitle={t('vl.subtitle')} />
      <form onSubmit={submit}>
        <label>
          {t('vl.regency')}{' '}
          <input value={regency} onChange={(e) => setRegency(e.target.value)} data-testid="regency" />
        </label>{' '}
        <button type="submit">{t('vl.show')}</button>
      </form>
      {r.loading && <Loading />}
      {r.error ? <ErrorBox error={r.error} /> : null}
      {r.data && (
        <div className="table-wrap">
          <table data-testid="village-ranking">
            <thead>
              <tr>
                <th>{t('vl.rank')}</th>
                <th>{t('vl.village')}</th>
                <th>{t('vl.active')}</th>
                <th>{t('vl.workforce')}</th>
                <th>{t('vl.coverage')}</th>
                <th>{t('vl.sponsored')}</th>
                <th>{t('vl.agents')}</th>
              </tr>
            </thead>
            <tbody>
              {r.data.rows.map((v) => (
                <tr key={v.code}>
                  <td className="num">{v.rank}</td>
                  <td>
                    <Link to={`/desa/${v.code}`}>{v.name}</Link>
                  </td>
                  <td className="num">{formatNumber(v.active)}</td>
                  <td className="num">
                    {v.workforce === null ? t('vl.unknown') : formatNumber(v.workforce)}
                  </td>
                  <td className="num">{formatPercent(v.coverage_pct)}</td>
                  <td className="num">{formatNumber(v.sponsored)}</td>
                  <td className="num">{formatNumber(v.agents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function VillagePage({ code }: { code: string }) {
  const { t, lang } = useRg();
  const r = useApi<Village>(`/api/villages/${encodeURIComponent(code)}`);
  if (r.loading) return <Loading />;
  if (r.error) return <ErrorBox error={r.error} />;
  const v = r.data;
  if (!v) return null;
  return (
    <div>
      <PageHeader title={v.village.name} subtitle={`${v.village.district}, ${v.village.regency_name}`} />
      <p>
        {t('vl.active')}: <strong>{formatNumber(v.coverage.active)}</strong> · {t('vl.workforce')}:{' '}
        {v.coverage.workforce ? formatNumber(v.coverage.workforce.workforce) : t('vl.unknown')} ·{' '}
        {t('vl.coverage')}: {formatPercent(v.coverage.coverage_pct)}
      </p>
      {!v.coverage.workforce && (
        <p className="muted" data-testid="workforce-unknown">
          {t('vl.noSource')}
        </p>
      )}
      <h2>{t('vl.fund')}</h2>
      <ul>
        {v.village_fund.agreements.map((a) => (
          <li key={a.agreement_id}>
            {a.number} — {a.partner}: {formatNumber(a.people)} {t('rg.people').toLowerCase()}
          </li>
        ))}
      </ul>
      <h2>{t('vl.agents')}</h2>
      {v.agents ? (
        <ul>
          {v.agents.map((a) => (
            <li key={a.code}>
              {a.code} — {a.full_name} ({formatNumber(a.recruits)})
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('vl.agentsCount', { n: v.agents_count })}</p>
      )}
      <h2>{t('vl.outreach')}</h2>
      <p>
        {t('vl.campaigns')}: {formatNumber(v.outreach.campaigns)} · {t('vl.visits')}:{' '}
        {formatNumber(v.outreach.visits)} · {t('vl.reached')}: {formatNumber(v.outreach.reached)} ·{' '}
        {t('vl.registrations')}: {formatNumber(v.outreach.registrations)} · {t('vl.lastOn')}:{' '}
        {formatDate(v.outreach.last_on, lang)}
      </p>
    </div>
  );
}
