import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatNumber, formatPeriod, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { AmountRow, DateRow, FormPage, RegionRow, TaskFormCard, TextRow } from '../../ui/fields.tsx';
import {
  type Change,
  Confirmation,
  checks,
  type FieldErrors,
  isoToInput,
  type RegionOption,
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
      <FormPage title={t('agf.newTitle')}>
        <Confirmation title={t('agf.registered')} changes={done.changes}>
          <Link to={`/agen/${done.id}`} className="btn btn-primary" testId="open-agent">
            {t('agf.openAgent')}
          </Link>
        </Confirmation>
      </FormPage>
    );
  const text = (
    k: 'code' | 'full_name' | 'nik' | 'phone' | 'bank_code' | 'bank_account' | 'account_holder',
  ) => ({
    form: f,
    name: k,
    testId: `agent-${k}`,
  });
  return (
    <FormPage
      crumb={{ to: '/agen', label: t('agf.back') }}
      title={t('agf.newTitle')}
      subtitle={t('agf.newIntro')}
    >
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="agent-form"
        submit={t('agf.register')}
        back="/agen"
      >
        <TextRow {...text('code')} label={t('ag.code')} hint={t('agf.codeHint')} />
        <TextRow {...text('full_name')} label={t('ag.name')} />
        <TextRow {...text('nik')} label="NIK" />
        <TextRow {...text('phone')} label={t('agf.phone')} />
        <RegionRow
          form={f}
          name="region_code"
          label={t('agf.area')}
          wide
          anyLevel
          mine
          testId="agent-region"
          onChange={(code, opt) => {
            f.set('region_code', code);
            setRegion(opt);
          }}
        />
        <TextRow {...text('bank_code')} label={t('agf.bankCode')} optional />
        <TextRow {...text('bank_account')} label={t('agf.bankAccount')} optional />
        <TextRow {...text('account_holder')} label={t('agf.holder')} optional />
        <DateRow form={f} name="registered_on" label={t('agf.registeredOn')} testId="agent-registered-on" />
      </TaskFormCard>
    </FormPage>
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
    onSaved();
    return [
      { label: t('agf.village'), after: village ? `${village.name} (${village.path})` : v.village_code },
      { label: t('agf.from'), after: formatDate(from, lang) },
    ];
  };
  return (
    <TaskFormCard
      saved={{ title: t('agf.assigned'), again: t('bg.again') }}
      form={f}
      check={check}
      send={send}
      testId="agent-village-form"
      title={t('agf.assign')}
      submit={t('agf.assignSubmit')}
      submitTestId="village-submit"
    >
      <RegionRow
        form={f}
        name="village_code"
        label={t('agf.village')}
        wide
        mine
        testId="agent-village"
        onChange={(code, opt) => {
          f.set('village_code', code);
          setVillage(opt);
        }}
      />
      <DateRow form={f} name="from_date" label={t('agf.from')} testId="village-from" />
    </TaskFormCard>
  );
}

function TargetForm({ agent, onSaved }: { agent: AgentRow; onSaved(): void }) {
  const { t, lang } = useRg();
  const f = useTaskForm({ period: thisPeriod(), target_people: '' });
  const v = f.values;
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
    onSaved();
    return [
      { label: t('agf.month'), after: formatPeriod(v.period, lang) },
      { label: t('ag.target'), after: formatNumber(n) },
    ];
  };
  return (
    <TaskFormCard
      saved={{ title: t('agf.targetSaved'), again: t('bg.again') }}
      form={f}
      check={check}
      send={send}
      testId="agent-target-form"
      title={t('agf.setTarget')}
      submit={t('agf.saveTarget')}
      submitTestId="target-submit"
    >
      <TextRow
        form={f}
        name="period"
        label={t('agf.month')}
        input={{ type: 'month' }}
        testId="target-period"
      />
      <AmountRow
        form={f}
        name="target_people"
        label={t('agf.targetPeople')}
        rupiah={false}
        testId="target-people"
      />
    </TaskFormCard>
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
