import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatNumber, formatPeriod, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { AmountRow, CheckRow, DateRow, TaskFormCard, TextRow } from '../../ui/fields.tsx';
import { checks, type FieldErrors, isoToInput, todayWib, useTaskForm } from '../../ui/form.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { useRg } from './i18n.ts';

interface BudgetYear {
  year: number;
  ceiling: number;
  topups: number;
  carried_in: number;
  available: number;
  used: number;
  remaining: number;
}
interface Status {
  agreement: { id: number; number: string; partner_id: number; partner_name: string };
  period: string;
  years: BudgetYear[];
  available: number | null;
  remaining: number | null;
  monthly_cost: number;
  months_left: number | null;
  people_billable: number;
  notice: { message_id: string; message_en: string } | null;
}
interface SponsorInvoice {
  people: number;
  invoice: { amount: number; status: string; due_date: string };
  programs: Array<{ program: string; people: number; amount: number }>;
}

const thisPeriod = () => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).slice(0, 7);
const WRITERS = ['admin', 'branch_officer', 'regional_government'];

function yearCheck(e: FieldErrors, field: string, v: string, msg: string): number | null {
  const n = Number(v.trim());
  if (!v.trim()) {
    e[field] ??= { key: 'form.err.required' };
    return null;
  }
  if (!Number.isInteger(n) || n < 2015 || n > 2100) {
    e[field] ??= { text: msg };
    return null;
  }
  return n;
}

/** Setting one budget year's ceiling (and whether what is left carries over to the next year). */
function BudgetYearForm({ id, onSaved }: { id: string; onSaved(): void }) {
  const { t } = useRg();
  const f = useTaskForm({
    year: String(new Date().getFullYear()),
    ceiling: '',
    carry_over: false,
    reference: '',
  });
  const v = f.values;
  let parsed = { year: 0, ceiling: 0 };
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    const year = yearCheck(e, 'year', v.year, t('bg.err.year'));
    const ceiling = c.amount('ceiling', v.ceiling, { required: true, min: 0 });
    parsed = { year: year ?? 0, ceiling: ceiling ?? 0 };
    return e;
  };
  const send = async () => {
    await api(`/api/agreements/${id}/budget-years/${parsed.year}`, {
      method: 'PUT',
      body: { ceiling: parsed.ceiling, carry_over: v.carry_over, reference: v.reference.trim() || null },
    });
    onSaved();
    return [
      { label: t('bg.year'), after: String(parsed.year) },
      { label: t('bg.ceiling'), after: formatRupiah(parsed.ceiling) },
      { label: t('bg.carryOver'), after: v.carry_over ? t('bg.yes') : t('bg.no') },
    ];
  };
  return (
    <TaskFormCard
      saved={{ title: t('bg.yearSaved'), again: t('bg.again') }}
      form={f}
      check={check}
      send={send}
      testId="budget-year-form"
      title={t('bg.setYear')}
      submit={t('bg.saveYear')}
      submitTestId="budget-year-submit"
    >
      <TextRow
        form={f}
        name="year"
        label={t('bg.year')}
        input={{ inputMode: 'numeric' }}
        testId="budget-year"
      />
      <AmountRow form={f} name="ceiling" label={t('bg.ceiling')} testId="budget-ceiling" />
      <TextRow form={f} name="reference" label={t('bg.reference')} optional />
      <CheckRow
        form={f}
        name="carry_over"
        label={t('bg.carryOver')}
        hint={t('bg.carryOverHint')}
        testId="budget-carry-over"
      />
    </TaskFormCard>
  );
}

/** A top-up of one budget year (e.g. the APBD-Perubahan), dated the day it was decided. */
function TopupForm({ id, onSaved }: { id: string; onSaved(): void }) {
  const { t, lang } = useRg();
  const f = useTaskForm({
    year: String(new Date().getFullYear()),
    amount: '',
    decided_on: isoToInput(todayWib()),
    reference: '',
  });
  const v = f.values;
  let parsed = { year: 0, amount: 0, on: '' };
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    const year = yearCheck(e, 'year', v.year, t('bg.err.year'));
    const amount = c.amount('amount', v.amount, { required: true, min: 1 });
    const on = c.date('decided_on', v.decided_on, { required: true, notAfter: todayWib() });
    parsed = { year: year ?? 0, amount: amount ?? 0, on: on ?? '' };
    return e;
  };
  const send = async () => {
    await api(`/api/agreements/${id}/budget-topups`, {
      method: 'POST',
      body: {
        year: parsed.year,
        amount: parsed.amount,
        decided_on: parsed.on,
        reference: v.reference.trim() || null,
      },
    });
    onSaved();
    return [
      { label: t('bg.year'), after: String(parsed.year) },
      { label: t('bg.amount'), after: formatRupiah(parsed.amount) },
      { label: t('bg.decidedOn'), after: formatDate(parsed.on, lang) },
    ];
  };
  return (
    <TaskFormCard
      saved={{ title: t('bg.topupSaved'), again: t('bg.again') }}
      form={f}
      check={check}
      send={send}
      testId="budget-topup-form"
      title={t('bg.topup')}
      submit={t('bg.saveTopup')}
      submitTestId="topup-submit"
    >
      <TextRow
        form={f}
        name="year"
        label={t('bg.year')}
        input={{ inputMode: 'numeric' }}
        testId="topup-year"
      />
      <AmountRow form={f} name="amount" label={t('bg.amount')} testId="topup-amount" />
      <DateRow form={f} name="decided_on" label={t('bg.decidedOn')} testId="topup-date" />
      <TextRow form={f} name="reference" label={t('bg.reference')} optional />
    </TaskFormCard>
  );
}

/** The sponsor's invoice of a month: totals per program (a regional government sees no people). */
function SponsorBill({ partnerId, period }: { partnerId: number; period: string }) {
  const { t, code } = useRg();
  const r = useApi<SponsorInvoice>(`/api/partners/${partnerId}/sponsor-invoices/${period}`);
  if (r.loading) return <Loading />;
  if (r.error) return <Empty>{t('bg.noInvoice')}</Empty>;
  const b = r.data;
  if (!b) return null;
  return (
    <div className="table-wrap">
      <table data-testid="sponsor-invoice">
        <thead>
          <tr>
            <th>{t('bg.program')}</th>
            <th>{t('rg.people')}</th>
            <th>{t('bg.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {b.programs.map((p) => (
            <tr key={p.program} data-testid={`bill-${p.program}`}>
              <td>{code('prog', p.program)}</td>
              <td className="num">{formatNumber(p.people)}</td>
              <td className="num">{formatRupiah(p.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>{t('bg.invoiceTotal')}</th>
            <td className="num">{formatNumber(b.people)}</td>
            <td className="num" data-testid="bill-total">
              {formatRupiah(b.invoice.amount)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** /daerah/anggaran/:id — a sponsor agreement's budget years, top-ups, runway and monthly bill. */
export function BudgetPage({ id }: { id: string }) {
  const { t, lang } = useRg();
  const { user } = useSession();
  const [period, setPeriod] = useState(thisPeriod());
  const s = useApi<Status>(`/api/agreements/${encodeURIComponent(id)}/budget-status?period=${period}`);
  const d = s.data;
  return (
    <div>
      <p className="crumbs">
        <Link to="/daerah">← {t('bg.back')}</Link>
      </p>
      <PageHeader
        title={d ? `${d.agreement.number} — ${d.agreement.partner_name}` : t('bg.title')}
        subtitle={t('bg.subtitle')}
      />
      <label>
        {t('bg.period')}{' '}
        <input
          type="month"
          value={period}
          onChange={(e) => e.target.value && setPeriod(e.target.value)}
          data-testid="budget-period"
        />
      </label>
      {s.loading && <Loading />}
      {s.error ? <ErrorBox error={s.error} /> : null}
      {d && (
        <section data-testid="budget-status">
          <p>
            {t('rg.available')}: <strong data-testid="budget-available">{formatRupiah(d.available)}</strong> ·{' '}
            {t('rg.remaining')}: <strong data-testid="budget-remaining">{formatRupiah(d.remaining)}</strong> ·{' '}
            {t('rg.monthly')}: {formatRupiah(d.monthly_cost)} · {t('rg.monthsLeft')}:{' '}
            <strong data-testid="budget-months-left">{formatNumber(d.months_left)}</strong>
          </p>
          {d.notice && (
            <div className="alert alert-warning" data-testid="budget-notice">
              {lang === 'id' ? d.notice.message_id : d.notice.message_en}
            </div>
          )}
          {d.years.length ? (
            <div className="table-wrap">
              <table data-testid="budget-years">
                <thead>
                  <tr>
                    <th>{t('bg.year')}</th>
                    <th>{t('bg.ceiling')}</th>
                    <th>{t('bg.topups')}</th>
                    <th>{t('bg.carriedIn')}</th>
                    <th>{t('rg.available')}</th>
                    <th>{t('bg.used')}</th>
                    <th>{t('rg.remaining')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.years.map((y) => (
                    <tr key={y.year}>
                      <td>{y.year}</td>
                      <td className="num">{formatRupiah(y.ceiling)}</td>
                      <td className="num">{formatRupiah(y.topups)}</td>
                      <td className="num">{formatRupiah(y.carried_in)}</td>
                      <td className="num">{formatRupiah(y.available)}</td>
                      <td className="num">{formatRupiah(y.used)}</td>
                      <td className="num">{formatRupiah(y.remaining)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>{t('bg.noYears')}</Empty>
          )}
          <h2>
            {t('bg.bill')} {formatPeriod(period, lang)}
          </h2>
          <SponsorBill partnerId={d.agreement.partner_id} period={period} />
        </section>
      )}
      {d && user && WRITERS.includes(user.role) && (
        <div className="form-pair">
          <BudgetYearForm id={id} onSaved={s.reload} />
          <TopupForm id={id} onSaved={s.reload} />
        </div>
      )}
    </div>
  );
}
