import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatNumber, formatPeriod, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import {
  AmountInput,
  type Change,
  Confirmation,
  checks,
  DateInput,
  Field,
  type FieldErrors,
  FormFooter,
  isoToInput,
  type RegionOption,
  RegionPicker,
  todayWib,
  useTaskForm,
} from '../../ui/form.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useRg } from './i18n.ts';

const thisPeriod = () => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).slice(0, 7);

/** /agen/baru — a branch officer registers a recruiting agent in its own area. */
export function AgentNewPage() {
  const { t, lang } = useRg();
  const f = useTaskForm({
    code: '',
    full_name: '',
    nik: '',
    phone: '',
    region_code: '',
    bank_code: '',
    bank_account: '',
    account_holder: '',
    registered_on: isoToInput(todayWib()),
  });
  const v = f.values;
  const [region, setRegion] = useState<RegionOption | null>(null);
  const [done, setDone] = useState<{ id: number; changes: Change[] } | null>(null);
  let on = '';
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    if (!/^[A-Z0-9-]{4,32}$/.test(v.code.trim().toUpperCase())) e.code = { text: t('agf.err.code') };
    c.text('full_name', v.full_name, { min: 2, max: 200 });
    if (!/^\d{16}$/.test(v.nik.trim())) e.nik = { text: t('agf.err.nik') };
    c.text('phone', v.phone, { min: 6, max: 30 });
    c.picked('region_code', v.region_code);
    const bank = [v.bank_code, v.bank_account, v.account_holder].filter((x) => x.trim()).length;
    if (bank > 0 && bank < 3) {
      for (const k of ['bank_code', 'bank_account', 'account_holder'] as const)
        if (!v[k].trim()) e[k] = { text: t('agf.err.bank') };
    }
    if (v.bank_account.trim() && !/^\d{6,20}$/.test(v.bank_account.trim()))
      e.bank_account = { text: t('agf.err.account') };
    on = c.date('registered_on', v.registered_on, { required: true, notAfter: todayWib() }) ?? '';
    return e;
  };
  const send = async () => {
    const body = {
      code: v.code.trim().toUpperCase(),
      full_name: v.full_name.trim(),
      nik: v.nik.trim(),
      phone: v.phone.trim(),
      region_code: v.region_code,
      bank_code: v.bank_code.trim().toUpperCase() || null,
      bank_account: v.bank_account.trim() || null,
      account_holder: v.account_holder.trim() || null,
      registered_on: on,
    };
    const r = await api<{ id: number }>('/api/agents', { method: 'POST', body });
    setDone({
      id: r.id,
      changes: [
        { label: t('ag.code'), after: body.code },
        { label: t('ag.name'), after: body.full_name },
        { label: t('agf.area'), after: region ? `${region.name} (${region.path})` : body.region_code },
        {
          label: t('agf.bank'),
          after: body.bank_account ? `${body.bank_code} ${body.bank_account}` : t('agf.noBank'),
        },
        { label: t('agf.registeredOn'), after: formatDate(on, lang) },
      ],
    });
  };
  if (done)
    return (
      <div>
        <PageHeader title={t('agf.newTitle')} />
        <Confirmation title={t('agf.registered')} changes={done.changes}>
          <Link to={`/agen/${done.id}`} className="btn btn-primary" testId="open-agent">
            {t('agf.openAgent')}
          </Link>
        </Confirmation>
      </div>
    );
  const text =
    (k: 'code' | 'full_name' | 'nik' | 'phone' | 'bank_code' | 'bank_account' | 'account_holder') =>
    (ctl: Parameters<Parameters<typeof Field>[0]['children']>[0]) => (
      <input {...ctl} value={v[k]} onChange={(e) => f.set(k, e.target.value)} data-testid={`agent-${k}`} />
    );
  return (
    <div>
      <p className="crumbs">
        <Link to="/agen">← {t('agf.back')}</Link>
      </p>
      <PageHeader title={t('agf.newTitle')} subtitle={t('agf.newIntro')} />
      <form
        className="card form-grid"
        noValidate
        data-testid="agent-form"
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        <Field label={t('ag.code')} error={f.errors.code} hint={t('agf.codeHint')}>
          {text('code')}
        </Field>
        <Field label={t('ag.name')} error={f.errors.full_name}>
          {text('full_name')}
        </Field>
        <Field label="NIK" error={f.errors.nik}>
          {text('nik')}
        </Field>
        <Field label={t('agf.phone')} error={f.errors.phone}>
          {text('phone')}
        </Field>
        <Field label={t('agf.area')} error={f.errors.region_code} wide>
          {(ctl) => (
            <RegionPicker
              ctl={ctl}
              value={v.region_code}
              onChange={(code, opt) => {
                f.set('region_code', code);
                setRegion(opt);
              }}
              anyLevel
              mine
              testId="agent-region"
            />
          )}
        </Field>
        <Field label={t('agf.bankCode')} optional error={f.errors.bank_code}>
          {text('bank_code')}
        </Field>
        <Field label={t('agf.bankAccount')} optional error={f.errors.bank_account}>
          {text('bank_account')}
        </Field>
        <Field label={t('agf.holder')} optional error={f.errors.account_holder}>
          {text('account_holder')}
        </Field>
        <Field label={t('agf.registeredOn')} error={f.errors.registered_on}>
          {(ctl) => (
            <DateInput
              ctl={ctl}
              value={v.registered_on}
              onChange={(x) => f.set('registered_on', x)}
              testId="agent-registered-on"
            />
          )}
        </Field>
        <FormFooter error={f.formError} busy={f.busy} submit={t('agf.register')} back="/agen" />
      </form>
    </div>
  );
}

interface AgentRow {
  id: number;
  code: string;
  full_name: string;
  region_code: string;
  status: string;
  villages: string[];
  target: number | null;
  recruited: number;
  recruits_total: number;
  commission_total: number;
}

function VillageForm({ agent, onSaved }: { agent: AgentRow; onSaved(): void }) {
  const { t, lang } = useRg();
  const f = useTaskForm({ village_code: '', from_date: isoToInput(todayWib()) });
  const v = f.values;
  const [village, setVillage] = useState<RegionOption | null>(null);
  const [done, setDone] = useState<Change[] | null>(null);
  let from = '';
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    if (!v.village_code || v.village_code.split('.').length < 4)
      e.village_code = { key: 'form.err.pickVillage' };
    else if (!v.village_code.startsWith(`${agent.region_code}.`) && v.village_code !== agent.region_code)
      e.village_code = { text: t('agf.err.outside') };
    from = c.date('from_date', v.from_date, { required: true }) ?? '';
    return e;
  };
  const send = async () => {
    await api(`/api/agents/${agent.id}/villages`, {
      method: 'POST',
      body: { village_code: v.village_code, from_date: from },
    });
    setDone([
      { label: t('agf.village'), after: village ? `${village.name} (${village.path})` : v.village_code },
      { label: t('agf.from'), after: formatDate(from, lang) },
    ]);
    onSaved();
  };
  if (done)
    return (
      <Confirmation title={t('agf.assigned')} changes={done}>
        <button type="button" className="btn" onClick={() => setDone(null)}>
          {t('bg.again')}
        </button>
      </Confirmation>
    );
  return (
    <form
      className="card form-grid"
      noValidate
      data-testid="agent-village-form"
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(check, send);
      }}
    >
      <h2 className="span-2">{t('agf.assign')}</h2>
      <Field label={t('agf.village')} error={f.errors.village_code} wide>
        {(ctl) => (
          <RegionPicker
            ctl={ctl}
            value={v.village_code}
            onChange={(code, opt) => {
              f.set('village_code', code);
              setVillage(opt);
            }}
            mine
            testId="agent-village"
          />
        )}
      </Field>
      <Field label={t('agf.from')} error={f.errors.from_date}>
        {(ctl) => (
          <DateInput
            ctl={ctl}
            value={v.from_date}
            onChange={(x) => f.set('from_date', x)}
            testId="village-from"
          />
        )}
      </Field>
      <FormFooter error={f.formError} busy={f.busy} submit={t('agf.assignSubmit')} testId="village-submit" />
    </form>
  );
}

function TargetForm({ agent, onSaved }: { agent: AgentRow; onSaved(): void }) {
  const { t, lang } = useRg();
  const f = useTaskForm({ period: thisPeriod(), target_people: '' });
  const v = f.values;
  const [done, setDone] = useState<Change[] | null>(null);
  let n = 0;
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v.period)) e.period = { key: 'form.err.period' };
    const x = c.amount('target_people', v.target_people, { required: true, min: 1 });
    if (x !== null && x > 100_000) e.target_people = { key: 'form.err.max', vars: { n: '100.000' } };
    n = x ?? 0;
    return e;
  };
  const send = async () => {
    await api(`/api/agents/${agent.id}/targets/${v.period}`, { method: 'PUT', body: { target_people: n } });
    setDone([
      { label: t('agf.month'), after: formatPeriod(v.period, lang) },
      { label: t('ag.target'), after: formatNumber(n) },
    ]);
    onSaved();
  };
  if (done)
    return (
      <Confirmation title={t('agf.targetSaved')} changes={done}>
        <button type="button" className="btn" onClick={() => setDone(null)}>
          {t('bg.again')}
        </button>
      </Confirmation>
    );
  return (
    <form
      className="card form-grid"
      noValidate
      data-testid="agent-target-form"
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(check, send);
      }}
    >
      <h2 className="span-2">{t('agf.setTarget')}</h2>
      <Field label={t('agf.month')} error={f.errors.period}>
        {(ctl) => (
          <input
            {...ctl}
            type="month"
            value={v.period}
            onChange={(e) => f.set('period', e.target.value)}
            data-testid="target-period"
          />
        )}
      </Field>
      <Field label={t('agf.targetPeople')} error={f.errors.target_people}>
        {(ctl) => (
          <AmountInput
            ctl={ctl}
            rupiah={false}
            value={v.target_people}
            onChange={(x) => f.set('target_people', x)}
            testId="target-people"
          />
        )}
      </Field>
      <FormFooter error={f.formError} busy={f.busy} submit={t('agf.saveTarget')} testId="target-submit" />
    </form>
  );
}

/** /agen/:id — one agent: villages, this month's target, recruits; assignment and target forms. */
export function AgentPage({ id }: { id: string }) {
  const { t, code } = useRg();
  const list = useApi<{ items: AgentRow[] }>('/api/agents');
  const a = list.data?.items.find((x) => String(x.id) === id);
  // A reload after a save keeps the forms (and their confirmation) on screen.
  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <ErrorBox error={list.error} />;
  if (!a) return <ErrorBox error={new Error(t('agf.notFound'))} />;
  return (
    <div>
      <p className="crumbs">
        <Link to="/agen">← {t('agf.back')}</Link>
      </p>
      <PageHeader title={`${a.code} — ${a.full_name}`} subtitle={code('agstatus', a.status)} />
      <p data-testid="agent-facts">
        {t('ag.villages')}: {a.villages.length ? a.villages.join(', ') : '—'} · {t('ag.target')}:{' '}
        {formatNumber(a.target)} · {t('ag.recruited')}: {formatNumber(a.recruited)} · {t('ag.recruitsTotal')}:{' '}
        {formatNumber(a.recruits_total)} · {t('ag.commission')}: {formatRupiah(a.commission_total)}
      </p>
      <div className="form-pair">
        <VillageForm agent={a} onSaved={list.reload} />
        <TargetForm agent={a} onSaved={list.reload} />
      </div>
    </div>
  );
}
