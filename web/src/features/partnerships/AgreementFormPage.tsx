import { useState } from 'react';
import { api, qs } from '../../api.ts';
import { formatDate, formatNumber, formatRupiah } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import {
  AmountRow,
  ChecksRow,
  ChoiceRow,
  DateRow,
  FormPage,
  TaskFormCard,
  TextAreaRow,
  TextRow,
} from '../../ui/fields.tsx';
import {
  type Change,
  Confirmation,
  checks,
  Field,
  type FieldErrors,
  type RegionOption,
  RegionPicker,
  useTaskForm,
} from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import type { Agreement, Partner } from './types.ts';

const KINDS = ['mou', 'pks', 'addendum'] as const;
const SEGMENTS = ['PU', 'BPU', 'JAKON', 'PMI'] as const;
const PROGRAMS = ['JKK', 'JKM', 'JHT', 'JP', 'JKP'] as const;
const PAYERS = ['employer', 'participant', 'sponsor'] as const;

/**
 * /kemitraan/perjanjian/baru — a new MoU, PKS or addendum. `?mitra=ID` chooses the partner,
 * `?induk=ID` makes it an addendum of that agreement.
 */
export function AgreementFormPage() {
  const { fx } = useFx();
  const { lang } = useI18n();
  const { location } = useRouter();
  const parentParam = location.search.get('induk') ?? '';
  const parent = useApi<{ agreement: Agreement }>(parentParam ? `/api/agreements/${parentParam}` : null);
  const partners = useApi<{ items: Partner[] }>('/api/partners');
  const f = useTaskForm(
    {
      partner_id: location.search.get('mitra') ?? '',
      kind: parentParam ? 'addendum' : '',
      parent_id: parentParam,
      number: '',
      title: '',
      signed_on: '',
      starts_on: '',
      ends_on: '',
      region_codes: [] as string[],
      segments: [] as string[],
      programs: [] as string[],
      payer: 'employer',
      state: 'active',
      target_people: '',
      target_by: '',
      budget_ceiling: '',
      note: '',
    },
    { target_people: 'target_people' },
  );
  const v = f.values;
  const partnerId = v.partner_id || (parent.data ? String(parent.data.agreement.partner_id) : '');
  const siblings = useApi<{ items: Agreement[] }>(
    partnerId && v.kind === 'addendum' ? `/api/agreements${qs({ partner_id: partnerId })}` : null,
  );
  const [regionNames, setRegionNames] = useState<Record<string, string>>({});
  const [pending, setPending] = useState('');
  const [pendingOpt, setPendingOpt] = useState<RegionOption | null>(null);
  const [done, setDone] = useState<{ id: number; changes: Change[] } | null>(null);

  let parsed: Record<string, unknown> = {};
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    c.picked('partner_id', partnerId);
    c.picked('kind', v.kind);
    if (v.kind === 'addendum') c.picked('parent_id', v.parent_id);
    c.text('number', v.number, { min: 3, max: 120 });
    c.text('title', v.title, { min: 3, max: 500 });
    const signed = c.date('signed_on', v.signed_on);
    const starts = c.date('starts_on', v.starts_on, { required: true });
    const ends = c.date('ends_on', v.ends_on);
    if (starts && ends && ends < starts) e.ends_on = { key: 'agreementForm.err.endsBeforeStart' };
    const target = c.amount('target_people', v.target_people, { min: 1 });
    const targetBy = c.date('target_by', v.target_by);
    // A budget ceiling belongs to a partner that pays (the server refuses it otherwise).
    const ceiling = v.payer === 'sponsor' ? c.amount('budget_ceiling', v.budget_ceiling, { min: 0 }) : null;
    parsed = { signed, starts, ends, target, targetBy, ceiling };
    return e;
  };
  const send = async () => {
    const p = parsed as {
      signed: string | null;
      starts: string;
      ends: string | null;
      target: number | null;
      targetBy: string | null;
      ceiling: number | null;
    };
    const body = {
      partner_id: Number(partnerId),
      kind: v.kind,
      parent_id: v.kind === 'addendum' ? Number(v.parent_id) : null,
      number: v.number.trim(),
      title: v.title.trim(),
      signed_on: p.signed,
      starts_on: p.starts,
      ends_on: p.ends,
      region_codes: v.region_codes.length ? v.region_codes : undefined,
      segments: v.segments.length ? v.segments : undefined,
      programs: v.programs.length ? v.programs : undefined,
      payer: v.payer,
      target_people: p.target,
      target_by: p.targetBy,
      budget_ceiling: p.ceiling,
      note: v.note.trim() || null,
      state: v.state,
    };
    const r = await api<{ id: number; agreement?: { id: number } }>('/api/agreements', {
      method: 'POST',
      body,
    });
    const partner = partners.data?.items.find((x) => x.id === body.partner_id);
    const changes: Change[] = [
      { label: fx('agreementForm.partner'), after: partner?.name ?? partnerId },
      { label: fx('agreementForm.kind'), after: fx.maybe(`agreementForm.kind.${body.kind}`, body.kind) },
      { label: fx('agreementForm.number'), after: body.number },
      { label: fx('agreementForm.titleField'), after: body.title },
      {
        label: fx('agreementForm.period'),
        after: `${formatDate(body.starts_on, lang)} – ${body.ends_on ? formatDate(body.ends_on, lang) : fx('agreementForm.noEnd')}`,
      },
    ];
    if (body.kind === 'addendum') {
      const par = siblings.data?.items.find((a) => a.id === body.parent_id) ?? parent.data?.agreement;
      changes.push({ label: fx('agreementForm.parent'), after: par ? `${par.number} — ${par.title}` : '' });
    }
    if (v.region_codes.length)
      changes.push({
        label: fx('agreementForm.regions'),
        after: v.region_codes.map((c) => regionNames[c] ?? c).join(', '),
      });
    if (body.target_people)
      changes.push({ label: fx('agreementForm.target'), after: formatNumber(body.target_people) });
    if (body.budget_ceiling !== null)
      changes.push({ label: fx('agreementForm.ceiling'), after: formatRupiah(body.budget_ceiling) });
    changes.push({
      label: fx('agreementForm.state'),
      after: fx.maybe(`agreementForm.state.${v.state}`, v.state),
    });
    setDone({ id: r.agreement?.id ?? r.id, changes });
  };

  if (done)
    return (
      <FormPage title={fx('agreementForm.title')}>
        <Confirmation title={fx('agreementForm.done')} changes={done.changes}>
          <Link to={`/kemitraan/perjanjian/${done.id}`} className="btn btn-primary" testId="open-agreement">
            {fx('agreementForm.open')}
          </Link>
        </Confirmation>
      </FormPage>
    );
  return (
    <FormPage
      crumb={{ to: '/kemitraan', label: fx('agreementForm.back') }}
      title={v.kind === 'addendum' ? fx('agreementForm.titleAddendum') : fx('agreementForm.title')}
      subtitle={fx('agreementForm.intro')}
    >
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="agreement-form"
        submit={fx('agreementForm.submit')}
        back="/kemitraan"
      >
        <ChoiceRow
          form={f}
          name="partner_id"
          label={fx('agreementForm.partner')}
          value={partnerId}
          placeholder={fx('form.choose')}
          options={(partners.data?.items ?? []).map((p) => [
            String(p.id),
            p.acronym ? `${p.acronym} — ${p.name}` : p.name,
          ])}
          testId="partner"
        />
        <ChoiceRow
          form={f}
          name="kind"
          label={fx('agreementForm.kind')}
          placeholder={fx('form.choose')}
          options={KINDS.map((k) => [k, fx.maybe(`agreementForm.kind.${k}`, k)])}
          testId="kind"
        />
        {v.kind === 'addendum' && (
          <ChoiceRow
            form={f}
            name="parent_id"
            label={fx('agreementForm.parent')}
            wide
            placeholder={fx('form.choose')}
            options={(siblings.data?.items ?? [])
              .filter((a) => a.kind !== 'addendum')
              .map((a) => [String(a.id), `${a.number} — ${a.title}`])}
            testId="parent"
          />
        )}
        <TextRow
          form={f}
          name="number"
          label={fx('agreementForm.number')}
          hint={fx('agreementForm.numberHint')}
          testId="number"
        />
        <DateRow form={f} name="signed_on" label={fx('agreementForm.signedOn')} optional testId="signed-on" />
        <TextRow form={f} name="title" label={fx('agreementForm.titleField')} wide testId="title" />
        <DateRow form={f} name="starts_on" label={fx('agreementForm.startsOn')} testId="starts-on" />
        <DateRow
          form={f}
          name="ends_on"
          label={fx('agreementForm.endsOn')}
          optional
          hint={fx('agreementForm.endsHint')}
          testId="ends-on"
          todayButton={false}
        />
        <Field
          label={fx('agreementForm.regions')}
          error={f.errors.region_codes}
          optional
          hint={fx('agreementForm.regionsHint')}
          wide
        >
          {(ctl) => (
            <div>
              {v.region_codes.length > 0 && (
                <ul className="chips" style={{ marginBottom: '0.5rem' }}>
                  {v.region_codes.map((c) => (
                    <li key={c} className="chip">
                      {regionNames[c] ?? c}{' '}
                      <button
                        type="button"
                        className="chip-remove"
                        aria-label={fx('form.remove')}
                        onClick={() =>
                          f.set(
                            'region_codes',
                            v.region_codes.filter((x) => x !== c),
                          )
                        }
                      >
                        ×
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <RegionPicker
                ctl={ctl}
                level={2}
                anyLevel
                value={pending}
                onChange={(code, o) => {
                  setPending(code);
                  setPendingOpt(o);
                }}
              />
              <button
                type="button"
                className="btn btn-small"
                disabled={!pending}
                data-testid="add-region"
                onClick={() => {
                  if (!pending || v.region_codes.includes(pending)) return;
                  setRegionNames({ ...regionNames, [pending]: pendingOpt?.name ?? pending });
                  f.set('region_codes', [...v.region_codes, pending]);
                  setPending('');
                }}
              >
                {fx('agreementForm.addRegion')}
              </button>
            </div>
          )}
        </Field>
        <ChecksRow
          form={f}
          name="segments"
          legend={fx('agreementForm.segments')}
          options={SEGMENTS.map((s) => [s, fx.maybe(`agreementForm.segment.${s}`, s)])}
        />
        <ChecksRow
          form={f}
          name="programs"
          legend={fx('agreementForm.programs')}
          options={PROGRAMS.map((s) => [s, s])}
        />
        <ChoiceRow
          form={f}
          name="payer"
          label={fx('agreementForm.payer')}
          options={PAYERS.map((p) => [p, fx.maybe(`agreementForm.payer.${p}`, p)])}
          testId="payer"
        />
        <ChoiceRow
          form={f}
          name="state"
          label={fx('agreementForm.state')}
          options={(['active', 'draft'] as const).map((p) => [p, fx(`agreementForm.state.${p}`)])}
          testId="state"
        />
        {v.payer === 'sponsor' && (
          <AmountRow
            form={f}
            name="budget_ceiling"
            label={fx('agreementForm.ceiling')}
            optional
            hint={fx('agreementForm.ceilingHint')}
            testId="ceiling"
          />
        )}
        <AmountRow
          form={f}
          name="target_people"
          label={fx('agreementForm.target')}
          optional
          rupiah={false}
          testId="target"
        />
        <DateRow
          form={f}
          name="target_by"
          label={fx('agreementForm.targetBy')}
          optional
          todayButton={false}
        />
        <TextAreaRow form={f} name="note" label={fx('agreementForm.note')} optional wide />
      </TaskFormCard>
    </FormPage>
  );
}
