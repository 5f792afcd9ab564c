import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatNumber } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { PageHeader } from '../../ui/components.tsx';
import {
  AmountInput,
  type Change,
  Choice,
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
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import type { Agreement } from './types.ts';

const CAMPAIGN_KINDS = ['socialisation', 'promotion', 'education'] as const;

/** /kemitraan/penjangkauan/baru — a door-to-door visit (`?jenis=kunjungan`) or a campaign (`?jenis=kampanye`). */
export function OutreachFormPage() {
  const { fx } = useFx();
  const { lang } = useI18n();
  const { location, navigate } = useRouter();
  const kind = location.search.get('jenis') === 'kampanye' ? 'campaign' : 'visit';
  const agreements = useApi<{ items: Agreement[] }>('/api/agreements');
  const f = useTaskForm(
    {
      campaign_kind: '',
      title: '',
      agent_name: '',
      agreement_id: location.search.get('perjanjian') ?? '',
      region_code: '',
      on: isoToInput(todayWib()),
      reached: '',
      note: '',
    },
    { held_on: 'on', visited_on: 'on', kind: 'campaign_kind' },
  );
  const v = f.values;
  const [region, setRegion] = useState<RegionOption | null>(null);
  const [done, setDone] = useState<Change[] | null>(null);
  let parsed = { on: '', reached: 0 };
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    if (kind === 'campaign') {
      c.picked('campaign_kind', v.campaign_kind);
      c.text('title', v.title, { min: 3, max: 300 });
    }
    c.picked('region_code', v.region_code);
    if (kind === 'visit' && v.region_code && v.region_code.split('.').length < 4)
      e.region_code = { key: 'outreachForm.err.village' };
    const on = c.date('on', v.on, { required: true, notAfter: todayWib() });
    const reached = c.amount('reached', v.reached, { required: true, min: 0 });
    parsed = { on: on ?? '', reached: reached ?? 0 };
    return e;
  };
  const send = async () => {
    const agreement = v.agreement_id ? Number(v.agreement_id) : null;
    const note = v.note.trim() || null;
    if (kind === 'campaign')
      await api('/api/outreach/campaigns', {
        method: 'POST',
        body: {
          kind: v.campaign_kind,
          title: v.title.trim(),
          agreement_id: agreement,
          region_code: v.region_code,
          held_on: parsed.on,
          reached: parsed.reached,
          note,
        },
      });
    else
      await api('/api/outreach/visits', {
        method: 'POST',
        body: {
          agent_name: v.agent_name.trim() || null,
          region_code: v.region_code,
          visited_on: parsed.on,
          reached: parsed.reached,
          agreement_id: agreement,
          note,
        },
      });
    const ag = agreements.data?.items.find((a) => a.id === agreement);
    const changes: Change[] = [];
    if (kind === 'campaign') {
      changes.push({
        label: fx('outreachForm.campaignKind'),
        after: fx.maybe(`outreachForm.kind.${v.campaign_kind}`, v.campaign_kind),
      });
      changes.push({ label: fx('outreachForm.campaignTitle'), after: v.title.trim() });
    } else if (v.agent_name.trim())
      changes.push({ label: fx('outreachForm.agent'), after: v.agent_name.trim() });
    changes.push({
      label: fx('outreachForm.region'),
      after: region ? `${region.name} (${region.path})` : v.region_code,
    });
    changes.push({ label: fx('outreachForm.on'), after: formatDate(parsed.on, lang) });
    changes.push({ label: fx('outreachForm.reached'), after: formatNumber(parsed.reached) });
    changes.push({
      label: fx('outreachForm.agreement'),
      after: ag ? `${ag.number} — ${ag.title}` : fx('outreachForm.noAgreement'),
    });
    setDone(changes);
  };

  const tabs = (
    <nav className="chips" aria-label={fx('outreachForm.title')} style={{ marginBottom: '1rem' }}>
      {(['visit', 'campaign'] as const).map((k) => (
        <Link
          key={k}
          to={`/kemitraan/penjangkauan/baru?jenis=${k === 'visit' ? 'kunjungan' : 'kampanye'}`}
          className={`chip${kind === k ? ' active' : ''}`}
          testId={`tab-${k}`}
        >
          {fx(k === 'visit' ? 'outreachForm.visit' : 'outreachForm.campaign')}
        </Link>
      ))}
    </nav>
  );
  if (done)
    return (
      <div>
        <PageHeader title={fx('outreachForm.title')} />
        <Confirmation
          title={fx(kind === 'visit' ? 'outreachForm.doneVisit' : 'outreachForm.doneCampaign')}
          changes={done}
        >
          <Link to="/kemitraan/penjangkauan" className="btn btn-primary">
            {fx('outreachForm.openLog')}
          </Link>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setDone(null);
              f.reset();
              navigate(`${location.pathname}?jenis=${kind === 'visit' ? 'kunjungan' : 'kampanye'}`, {
                replace: true,
              });
            }}
          >
            {fx('outreachForm.another')}
          </button>
        </Confirmation>
      </div>
    );
  return (
    <div>
      <p className="crumbs">
        <Link to="/kemitraan/penjangkauan">← {fx('outreachForm.back')}</Link>
      </p>
      <PageHeader title={fx('outreachForm.title')} subtitle={fx('outreachForm.intro')} />
      {tabs}
      <form
        className="card form-grid"
        noValidate
        data-testid="outreach-form"
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        {kind === 'campaign' ? (
          <>
            <Field label={fx('outreachForm.campaignKind')} error={f.errors.campaign_kind}>
              {(ctl) => (
                <Choice
                  ctl={ctl}
                  value={v.campaign_kind}
                  onChange={(x) => f.set('campaign_kind', x)}
                  placeholder={fx('form.choose')}
                  options={CAMPAIGN_KINDS.map((k) => [k, fx.maybe(`outreachForm.kind.${k}`, k)])}
                  testId="campaign-kind"
                />
              )}
            </Field>
            <Field label={fx('outreachForm.campaignTitle')} error={f.errors.title}>
              {(ctl) => (
                <input
                  {...ctl}
                  value={v.title}
                  onChange={(e) => f.set('title', e.target.value)}
                  data-testid="title"
                />
              )}
            </Field>
          </>
        ) : (
          <Field
            label={fx('outreachForm.agent')}
            error={f.errors.agent_name}
            optional
            hint={fx('outreachForm.agentHint')}
            wide
          >
            {(ctl) => (
              <input
                {...ctl}
                value={v.agent_name}
                onChange={(e) => f.set('agent_name', e.target.value)}
                data-testid="agent"
              />
            )}
          </Field>
        )}
        <Field
          label={fx(kind === 'visit' ? 'outreachForm.village' : 'outreachForm.region')}
          error={f.errors.region_code}
          wide
        >
          {(ctl) => (
            <RegionPicker
              ctl={ctl}
              level={4}
              anyLevel={kind === 'campaign'}
              mine
              value={v.region_code}
              onChange={(code, o) => {
                f.set('region_code', code);
                setRegion(o);
              }}
            />
          )}
        </Field>
        <Field
          label={fx(kind === 'visit' ? 'outreachForm.visitedOn' : 'outreachForm.heldOn')}
          error={f.errors.on}
        >
          {(ctl) => <DateInput ctl={ctl} value={v.on} onChange={(x) => f.set('on', x)} testId="on" />}
        </Field>
        <Field
          label={fx('outreachForm.reached')}
          error={f.errors.reached}
          hint={fx('outreachForm.reachedHint')}
        >
          {(ctl) => (
            <AmountInput
              ctl={ctl}
              rupiah={false}
              value={v.reached}
              onChange={(x) => f.set('reached', x)}
              testId="reached"
            />
          )}
        </Field>
        <Field label={fx('outreachForm.agreement')} error={f.errors.agreement_id} optional wide>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.agreement_id}
              onChange={(x) => f.set('agreement_id', x)}
              placeholder={fx('outreachForm.noAgreement')}
              options={(agreements.data?.items ?? [])
                .filter((a) => a.status === 'active' || a.status === 'expiring')
                .map((a) => [String(a.id), `${a.number} — ${a.partner_acronym ?? a.partner_name}`])}
              testId="agreement"
            />
          )}
        </Field>
        <Field label={fx('outreachForm.note')} error={f.errors.note} optional wide>
          {(ctl) => (
            <textarea {...ctl} rows={3} value={v.note} onChange={(e) => f.set('note', e.target.value)} />
          )}
        </Field>
        <FormFooter
          error={f.formError}
          busy={f.busy}
          submit={fx('outreachForm.submit')}
          back="/kemitraan/penjangkauan"
        />
      </form>
    </div>
  );
}
