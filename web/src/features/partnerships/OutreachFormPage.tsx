import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatNumber } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import {
  AmountRow,
  ChoiceRow,
  DateRow,
  FormPage,
  RegionRow,
  TaskFormCard,
  TextAreaRow,
  TextRow,
} from '../../ui/fields.tsx';
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
      <FormPage title={fx('outreachForm.title')}>
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
      </FormPage>
    );
  return (
    <FormPage
      crumb={{ to: '/kemitraan/penjangkauan', label: fx('outreachForm.back') }}
      title={fx('outreachForm.title')}
      subtitle={fx('outreachForm.intro')}
    >
      {tabs}
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="outreach-form"
        submit={fx('outreachForm.submit')}
        back="/kemitraan/penjangkauan"
      >
        {kind === 'campaign' ? (
          <>
            <ChoiceRow
              form={f}
              name="campaign_kind"
              label={fx('outreachForm.campaignKind')}
              placeholder={fx('form.choose')}
              options={CAMPAIGN_KINDS.map((k) => [k, fx.maybe(`outreachForm.kind.${k}`, k)])}
              testId="campaign-kind"
            />
            <TextRow form={f} name="title" label={fx('outreachForm.campaignTitle')} testId="title" />
          </>
        ) : (
          <TextRow
            form={f}
            name="agent_name"
            label={fx('outreachForm.agent')}
            optional
            hint={fx('outreachForm.agentHint')}
            wide
            testId="agent"
          />
        )}
        <RegionRow
          form={f}
          name="region_code"
          label={fx(kind === 'visit' ? 'outreachForm.village' : 'outreachForm.region')}
          wide
          level={4}
          anyLevel={kind === 'campaign'}
          mine
          onChange={(code, o) => {
            f.set('region_code', code);
            setRegion(o);
          }}
        />
        <DateRow
          form={f}
          name="on"
          label={fx(kind === 'visit' ? 'outreachForm.visitedOn' : 'outreachForm.heldOn')}
          testId="on"
        />
        <AmountRow
          form={f}
          name="reached"
          label={fx('outreachForm.reached')}
          hint={fx('outreachForm.reachedHint')}
          rupiah={false}
          testId="reached"
        />
        <ChoiceRow
          form={f}
          name="agreement_id"
          label={fx('outreachForm.agreement')}
          optional
          wide
          placeholder={fx('outreachForm.noAgreement')}
          options={(agreements.data?.items ?? [])
            .filter((a) => a.status === 'active' || a.status === 'expiring')
            .map((a) => [String(a.id), `${a.number} — ${a.partner_acronym ?? a.partner_name}`])}
          testId="agreement"
        />
        <TextAreaRow form={f} name="note" label={fx('outreachForm.note')} optional wide />
      </TaskFormCard>
    </FormPage>
  );
}
