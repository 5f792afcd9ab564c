import { type FormEvent, useState } from 'react';
import { formatNumber, formatPercent, formatPeriod, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { type RgKey, useRg } from './i18n.ts';

const CATEGORIES = [
  'vulnerable_agriculture',
  'vulnerable_fishery',
  'vulnerable_trade',
  'vulnerable_transport',
  'vulnerable_construction',
  'vulnerable_other',
  'honorer',
  'honorary_teacher',
  'rt_rw',
  'posyandu',
  'linmas',
  'religious',
] as const;

interface Plan {
  region: { code: string; name: string };
  year: number;
  total: number;
  people: number;
  months: Array<{ period: string; total: number }>;
  by_group: Array<{ category: string; count: number; total: number; programs: string[] }>;
  reverse: { budget: number; people: number; per_person_year: number } | null;
  scenarios: Array<{
    target_year: number;
    target_pct: number;
    target_status: string;
    gap_people: number;
    steps: Array<{ share: number; people: number; cost: number }>;
  }>;
  references: Array<{ name: string; label: string; value: string; ref: string; unconfirmed: boolean }>;
  assumptions: string[];
}

interface NonAsn {
  declared: number;
  registered: number;
  covered: number;
  on_time: number;
  late: number;
  not_registered: number;
  share: number | null;
  by_category: Array<{ category: string; declared: number; registered: number; covered: number }>;
}

interface Agreement {
  id: number;
  number: string;
  title: string;
  payer: string;
  partner_name: string;
}

interface BudgetStatus {
  available: number | null;
  remaining: number | null;
  monthly_cost: number;
  months_left: number | null;
  notice: { message_id: string; message_en: string } | null;
}

const thisPeriod = () => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).slice(0, 7);

function SponsorRow({ a }: { a: Agreement }) {
  const { lang } = useRg();
  const s = useApi<BudgetStatus>(`/api/agreements/${a.id}/budget-status?period=${thisPeriod()}`);
  const d = s.data;
  return (
    <tr data-testid={`sponsor-${a.id}`}>
      <td>
        <Link to={`/daerah/anggaran/${a.id}`} testId={`budget-link-${a.id}`}>
          {a.number}
        </Link>
        <br />
        <small>{a.partner_name}</small>
      </td>
      <td className="num">{formatRupiah(d?.available ?? null)}</td>
      <td className="num">{formatRupiah(d?.remaining ?? null)}</td>
      <td className="num">{formatRupiah(d?.monthly_cost ?? null)}</td>
      <td className="num">
        {formatNumber(d?.months_left ?? null)}
        {d?.notice && (
          <div className="warning">{lang === 'id' ? d.notice.message_id : d.notice.message_en}</div>
        )}
      </td>
    </tr>
  );
}

export function RegionalPage() {
  const { t, code, lang } = useRg();
  const { user } = useSession();
  const [region, setRegion] = useState('19');
  const [year, setYear] = useState(String(new Date().getFullYear() + 1));
  const [fromMonth, setFromMonth] = useState('1');
  const [budget, setBudget] = useState('');
  const [funded, setFunded] = useState(true);
  const [counts, setCounts] = useState<Record<string, string>>({ vulnerable_other: '1000' });
  const [query, setQuery] = useState<string | null>(null);
  const plan = useApi<Plan>(query ? `/api/regional/plan?${query}` : null);
  const nonAsn = useApi<NonAsn>(
    query ? `/api/non-asn/progress/${encodeURIComponent(region)}?year=${year}` : null,
  );
  const agreements = useApi<{ items: Agreement[] }>(query ? '/api/agreements' : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const groups = CATEGORIES.filter((c) => Number(counts[c] ?? 0) > 0)
      .map((c) => `${c}:${Number(counts[c])}`)
      .join(',');
    const q = new URLSearchParams({
      region,
      year,
      from_month: fromMonth,
      groups,
      budget_funded: String(funded),
    });
    if (budget) q.set('budget', budget);
    setQuery(q.toString());
  };
  const p = plan.data;
  return (
    <div>
      <PageHeader title={t('rg.title')} subtitle={t('rg.subtitle')} />
      <form onSubmit={submit} className="form-grid" data-testid="plan-form">
        <label>
          {t('rg.region')}
          <input value={region} onChange={(e) => setRegion(e.target.value)} data-testid="plan-region" />
        </label>
        <label>
          {t('rg.year')}
          <input
            value={year}
            onChange={(e) => setYear(e.target.value)}
            inputMode="numeric"
            data-testid="plan-year"
          />
        </label>
        <label>
          {t('rg.fromMonth')}
          <input
            value={fromMonth}
            onChange={(e) => setFromMonth(e.target.value)}
            inputMode="numeric"
            data-testid="plan-from-month"
          />
        </label>
        <label>
          {t('rg.budget')}
          <input value={budget} onChange={(e) => setBudget(e.target.value)} inputMode="numeric" />
        </label>
        <label>
          <input type="checkbox" checked={funded} onChange={(e) => setFunded(e.target.checked)} />{' '}
          {t('rg.budgetFunded')}
        </label>
        {CATEGORIES.map((c) => (
          <label key={c}>
            {t(`cat.${c}` as RgKey)}
            <input
              value={counts[c] ?? ''}
              onChange={(e) => setCounts({ ...counts, [c]: e.target.value })}
              inputMode="numeric"
              data-testid={`count-${c}`}
            />
          </label>
        ))}
        <button type="submit" data-testid="plan-submit">
          {t('rg.calculate')}
        </button>
      </form>
      {plan.loading && <Loading />}
      {plan.error ? <ErrorBox error={plan.error} /> : null}
      {p && (
        <section data-testid="plan-result">
          <h2>
            {p.region.name} — {p.year}
          </h2>
          <p>
            {t('rg.people')}: <strong>{formatNumber(p.people)}</strong> · {t('rg.total')}:{' '}
            <strong data-testid="plan-total">{formatRupiah(p.total)}</strong> ·{' '}
            <a href={`/api/regional/plan.html?${query}`} target="_blank" rel="noreferrer">
              {t('rg.print')}
            </a>{' '}
            · <a href={`/api/regional/plan.xlsx?${query}`}>{t('rg.xlsx')}</a>
          </p>
          {p.reverse && (
            <p>
              {t('rg.reverse', {
                budget: formatRupiah(p.reverse.budget),
                people: formatNumber(p.reverse.people),
                per: formatRupiah(p.reverse.per_person_year),
              })}
            </p>
          )}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('rg.group')}</th>
                  <th>{t('rg.count')}</th>
                  <th>{t('rg.yearTotal')}</th>
                </tr>
              </thead>
              <tbody>
                {p.by_group.map((g) => (
                  <tr key={g.category}>
                    <td>{code('cat', g.category)}</td>
                    <td className="num">{formatNumber(g.count)}</td>
                    <td className="num">{formatRupiah(g.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('rg.month')}</th>
                  <th>{t('rg.total')}</th>
                </tr>
              </thead>
              <tbody>
                {p.months.map((m) => (
                  <tr key={m.period}>
                    <td>{formatPeriod(m.period, lang)}</td>
                    <td className="num">{formatRupiah(m.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t('rg.scenarios')}</h2>
          {p.scenarios.length ? (
            <div className="table-wrap">
              <table data-testid="plan-scenarios">
                <thead>
                  <tr>
                    <th>{t('rg.targetYear')}</th>
                    <th>{t('rg.target')}</th>
                    <th>{t('rg.gap')}</th>
                    {[25, 50, 100].map((pct) => (
                      <th key={pct}>{t('rg.share', { pct })}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {p.scenarios.map((s) => (
                    <tr key={`${s.target_year}-${s.target_pct}-${s.target_status}`}>
                      <td>{s.target_year}</td>
                      <td>
                        {formatPercent(s.target_pct)} ({code('status', s.target_status)})
                      </td>
                      <td className="num" data-testid="scenario-gap">
                        {formatNumber(s.gap_people)}
                      </td>
                      {s.steps.map((x) => (
                        <td key={x.share} className="num">
                          {formatNumber(x.people)}
                          <br />
                          {formatRupiah(x.cost)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>{t('rg.noTarget')}</Empty>
          )}
          <h2>{t('rg.references')}</h2>
          <ul>
            {p.references.map((r) => (
              <li key={`${r.name}-${r.ref}`}>
                {r.label}: {r.value} — {r.ref} {r.unconfirmed && <strong>({t('rg.unconfirmed')})</strong>}
              </li>
            ))}
          </ul>
          <h2>{t('rg.assumptions')}</h2>
          <ul>
            {p.assumptions.map((a) => (
              <li key={a}>{lang === 'id' ? a.split(' / ')[0] : (a.split(' / ')[1] ?? a)}</li>
            ))}
          </ul>
        </section>
      )}
      {query && (
        <section>
          <h2>{t('rg.sponsorship')}</h2>
          {agreements.error ? <ErrorBox error={agreements.error} /> : null}
          {agreements.data &&
            (agreements.data.items.some((a) => a.payer === 'sponsor') ? (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t('rg.agreement')}</th>
                      <th>{t('rg.available')}</th>
                      <th>{t('rg.remaining')}</th>
                      <th>{t('rg.monthly')}</th>
                      <th>{t('rg.monthsLeft')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {agreements.data.items
                      .filter((a) => a.payer === 'sponsor')
                      .map((a) => (
                        <SponsorRow key={a.id} a={a} />
                      ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty>{t('rg.noSponsorship')}</Empty>
            ))}
          <h2>{t('rg.nonAsn')}</h2>
          {user && ['admin', 'branch_officer'].includes(user.role) && (
            <p>
              <Link to="/daerah/non-asn/impor" testId="non-asn-upload-link">
                {t('na.open')}
              </Link>
            </p>
          )}
          {nonAsn.error ? <ErrorBox error={nonAsn.error} /> : null}
          {nonAsn.data && (
            <div className="table-wrap">
              <table data-testid="non-asn">
                <thead>
                  <tr>
                    <th>{t('rg.group')}</th>
                    <th>{t('rg.declared')}</th>
                    <th>{t('rg.registered')}</th>
                    <th>{t('rg.covered')}</th>
                  </tr>
                </thead>
                <tbody>
                  {nonAsn.data.by_category.map((c) => (
                    <tr key={c.category}>
                      <td>{code('cat', c.category)}</td>
                      <td className="num">{formatNumber(c.declared)}</td>
                      <td className="num">{formatNumber(c.registered)}</td>
                      <td className="num">{formatNumber(c.covered)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <td>
                      {t('rg.shareCovered')}:{' '}
                      {nonAsn.data.share === null
                        ? '—'
                        : formatPercent(Math.round(nonAsn.data.share * 1000) / 10)}
                    </td>
                    <td colSpan={3}>
                      {t('rg.onTime')}: {formatNumber(nonAsn.data.on_time)} · {t('rg.late')}:{' '}
                      {formatNumber(nonAsn.data.late)} · {t('rg.notRegistered')}:{' '}
                      {formatNumber(nonAsn.data.not_registered)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
