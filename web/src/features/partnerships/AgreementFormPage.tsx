import { useState } from 'react';
import { api, qs } from '../../api.ts';
import { formatDate, formatNumber, formatRupiah } from '../../format.ts';
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
  const toggle = (k: 'segments' | 'programs', x: string) =>
    f.set(k, v[k].includes(x) ? v[k].filter((y) => y !== x) : [...v[k], x]);

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
      <div>
        <PageHeader title={fx('agreementForm.title')} />
        <Confirmation title={fx('agreementForm.done')} changes={done.changes}>
          <Link to={`/kemitraan/perjanjian/${done.id}`} className="btn btn-primary" testId="open-agreement">
            {fx('agreementForm.open')}
          </Link>
        </Confirmation>
      </div>
    );
  return (
    <div>
      <p className="crumbs">
        <Link to="/kemitraan">← {fx('agreementForm.back')}</Link>
      </p>
      <PageHeader
        title={v.kind === 'addendum' ? fx('agreementForm.titleAddendum') : fx('agreementForm.title')}
        subtitle={fx('agreementForm.intro')}
      />
      <form
        className="card form-grid"
        noValidate
        data-testid="agreement-form"
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        <Field label={fx('agreementForm.partner')} error={f.errors.partner_id}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={partnerId}
              onChange={(x) => f.set('partner_id', x)}
              placeholder={fx('form.choose')}
              options={(partners.data?.items ?? []).map((p) => [
                String(p.id),
                p.acronym ? `${p.acronym} — ${p.name}` : p.name,
              ])}
              testId="partner"
            />
          )}
        </Field>
        <Field label={fx('agreementForm.kind')} error={f.errors.kind}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.kind}
              onChange={(x) => f.set('kind', x)}
              placeholder={fx('form.choose')}
              options={KINDS.map((k) => [k, fx.maybe(`agreementForm.kind.${k}`, k)])}
              testId="kind"
            />
          )}
        </Field>
        {v.kind === 'addendum' && (
          <Field label={fx('agreementForm.parent')} error={f.errors.parent_id} wide>
            {(ctl) => (
              <Choice
                ctl={ctl}
                value={v.parent_id}
                onChange={(x) => f.set('parent_id', x)}
                placeholder={fx('form.choose')}
                options={(siblings.data?.items ?? [])
                  .filter((a) => a.kind !== 'addendum')
                  .map((a) => [String(a.id), `${a.number} — ${a.title}`])}
                testId="parent"
              />
            )}
          </Field>
        )}
        <Field
          label={fx('agreementForm.number')}
          error={f.errors.number}
          hint={fx('agreementForm.numberHint')}
        >
          {(ctl) => (
            <input
              {...ctl}
              value={v.number}
              onChange={(e) => f.set('number', e.target.value)}
              data-testid="number"
            />
          )}
        </Field>
        <Field label={fx('agreementForm.signedOn')} error={f.errors.signed_on} optional>
          {(ctl) => (
            <DateInput
              ctl={ctl}
              value={v.signed_on}
              onChange={(x) => f.set('signed_on', x)}
              testId="signed-on"
            />
          )}
        </Field>
        <Field label={fx('agreementForm.titleField')} error={f.errors.title} wide>
          {(ctl) => (
            <input
              {...ctl}
              value={v.title}
              onChange={(e) => f.set('title', e.target.value)}
              data-testid="title"
            />
          )}
        </Field>
        <Field label={fx('agreementForm.startsOn')} error={f.errors.starts_on}>
          {(ctl) => (
            <DateInput
              ctl={ctl}
              value={v.starts_on}
              onChange={(x) => f.set('starts_on', x)}
              testId="starts-on"
            />
          )}
        </Field>
        <Field
          label={fx('agreementForm.endsOn')}
          error={f.errors.ends_on}
          optional
          hint={fx('agreementForm.endsHint')}
        >
          {(ctl) => (
            <DateInput
              ctl={ctl}
              value={v.ends_on}
              onChange={(x) => f.set('ends_on', x)}
              testId="ends-on"
              todayButton={false}
            />
          )}
        </Field>
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
        <fieldset className="checks span-2">
          <legend className="muted small">{fx('agreementForm.segments')}</legend>
          {SEGMENTS.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={v.segments.includes(s)}
                onChange={() => toggle('segments', s)}
              />
              {fx.maybe(`agreementForm.segment.${s}`, s)}
            </label>
          ))}
        </fieldset>
        <fieldset className="checks span-2">
          <legend className="muted small">{fx('agreementForm.programs')}</legend>
          {PROGRAMS.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={v.programs.includes(s)}
                onChange={() => toggle('programs', s)}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <Field label={fx('agreementForm.payer')} error={f.errors.payer}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.payer}
              onChange={(x) => f.set('payer', x)}
              options={PAYERS.map((p) => [p, fx.maybe(`agreementForm.payer.${p}`, p)])}
              testId="payer"
            />
          )}
        </Field>
        <Field label={fx('agreementForm.state')} error={f.errors.state}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.state}
              onChange={(x) => f.set('state', x)}
              options={(['active', 'draft'] as const).map((p) => [p, fx(`agreementForm.state.${p}`)])}
              testId="state"
            />
          )}
        </Field>
        {v.payer === 'sponsor' && (
          <Field
            label={fx('agreementForm.ceiling')}
            error={f.errors.budget_ceiling}
            optional
            hint={fx('agreementForm.ceilingHint')}
          >
            {(ctl) => (
              <AmountInput
                ctl={ctl}
                value={v.budget_ceiling}
                onChange={(x) => f.set('budget_ceiling', x)}
                testId="ceiling"
              />
            )}
          </Field>
        )}
        <Field label={fx('agreementForm.target')} error={f.errors.target_people} optional>
          {(ctl) => (
            <AmountInput
              ctl={ctl}
              rupiah={false}
              value={v.target_people}
              onChange={(x) => f.set('target_people', x)}
              testId="target"
            />
          )}
        </Field>
        <Field label={fx('agreementForm.targetBy')} error={f.errors.target_by} optional>
          {(ctl) => (
            <DateInput
              ctl={ctl}
              value={v.target_by}
              onChange={(x) => f.set('target_by', x)}
              todayButton={false}
            />
          )}
        </Field>
        <Field label={fx('agreementForm.note')} error={f.errors.note} optional wide>
          {(ctl) => (
            <textarea {...ctl} rows={3} value={v.note} onChange={(e) => f.set('note', e.target.value)} />
          )}
        </Field>
        <FormFooter error={f.formError} busy={f.busy} submit={fx('agreementForm.submit')} back="/kemitraan" />
      </form>
    </div>
  );
}
