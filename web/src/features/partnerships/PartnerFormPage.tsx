import { useState } from 'react';
import { api } from '../../api.ts';
import { Link } from '../../router.tsx';
import { PageHeader } from '../../ui/components.tsx';
import {
  type Change,
  Choice,
  Confirmation,
  checks,
  Field,
  type FieldErrors,
  FormFooter,
  type RegionOption,
  RegionPicker,
  useTaskForm,
} from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';

export const PARTNER_TYPES = [
  'association',
  'chamber',
  'ministry',
  'regional_government',
  'local_government_association',
  'village',
  'cooperative',
  'zakat',
  'company',
] as const;

/** /kemitraan/mitra/baru — a new partner (head office or a branch office). */
export function PartnerFormPage() {
  const { fx } = useFx();
  const f = useTaskForm(
    {
      name: '',
      acronym: '',
      type: '',
      sector: '',
      region_code: '',
      contact_name: '',
      contact_email: '',
      contact_phone: '',
      note: '',
    },
    {},
  );
  const [region, setRegion] = useState<RegionOption | null>(null);
  const [done, setDone] = useState<{ id: number; changes: Change[] } | null>(null);
  const v = f.values;
  const typeLabel = (t: string) => fx.maybe(`partnerForm.type.${t}`, t);

  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    c.text('name', v.name, { min: 2, max: 300 });
    c.picked('type', v.type);
    if (v.contact_email.trim() && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.contact_email.trim()))
      e.contact_email = { key: 'form.err.email' };
    return e;
  };
  const send = async () => {
    const opt = (s: string) => (s.trim() ? s.trim() : null);
    const body = {
      name: v.name.trim(),
      acronym: opt(v.acronym),
      type: v.type,
      sector: opt(v.sector),
      region_code: opt(v.region_code),
      contact_name: opt(v.contact_name),
      contact_email: opt(v.contact_email),
      contact_phone: opt(v.contact_phone),
      note: opt(v.note),
    };
    const r = await api<{ id: number }>('/api/partners', { method: 'POST', body });
    const changes: Change[] = [
      { label: fx('partnerForm.name'), after: body.name },
      { label: fx('partnerForm.type'), after: typeLabel(body.type) },
    ];
    if (body.acronym) changes.push({ label: fx('partnerForm.acronym'), after: body.acronym });
    if (body.sector) changes.push({ label: fx('partnerForm.sector'), after: body.sector });
    if (region)
      changes.push({ label: fx('partnerForm.region'), after: `${region.name} (${region.path || '—'})` });
    if (body.contact_name) changes.push({ label: fx('partnerForm.contactName'), after: body.contact_name });
    setDone({ id: r.id, changes });
  };

  if (done)
    return (
      <div>
        <PageHeader title={fx('partnerForm.title')} />
        <Confirmation title={fx('partnerForm.done')} changes={done.changes}>
          <Link to={`/kemitraan/mitra/${done.id}`} className="btn btn-primary" testId="open-partner">
            {fx('partnerForm.open')}
          </Link>
          <Link to={`/kemitraan/perjanjian/baru?mitra=${done.id}`} className="btn">
            {fx('agreementForm.title')}
          </Link>
        </Confirmation>
      </div>
    );
  return (
    <div>
      <p className="crumbs">
        <Link to="/kemitraan/mitra">← {fx('partnerForm.back')}</Link>
      </p>
      <PageHeader title={fx('partnerForm.title')} subtitle={fx('partnerForm.intro')} />
      <form
        className="card form-grid"
        noValidate
        data-testid="partner-form"
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        <Field label={fx('partnerForm.name')} error={f.errors.name} wide>
          {(ctl) => (
            <input
              {...ctl}
              value={v.name}
              onChange={(e) => f.set('name', e.target.value)}
              data-testid="name"
            />
          )}
        </Field>
        <Field label={fx('partnerForm.acronym')} error={f.errors.acronym} optional>
          {(ctl) => <input {...ctl} value={v.acronym} onChange={(e) => f.set('acronym', e.target.value)} />}
        </Field>
        <Field label={fx('partnerForm.type')} error={f.errors.type}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.type}
              onChange={(x) => f.set('type', x)}
              placeholder={fx('form.choose')}
              options={PARTNER_TYPES.map((t) => [t, typeLabel(t)])}
              testId="type"
            />
          )}
        </Field>
        <Field label={fx('partnerForm.sector')} error={f.errors.sector} optional>
          {(ctl) => <input {...ctl} value={v.sector} onChange={(e) => f.set('sector', e.target.value)} />}
        </Field>
        <Field
          label={fx('partnerForm.region')}
          error={f.errors.region_code}
          optional
          hint={fx('partnerForm.regionHint')}
          wide
        >
          {(ctl) => (
            <RegionPicker
              ctl={ctl}
              level={2}
              anyLevel
              value={v.region_code}
              onChange={(code, o) => {
                f.set('region_code', code);
                setRegion(o);
              }}
            />
          )}
        </Field>
        <Field label={fx('partnerForm.contactName')} error={f.errors.contact_name} optional>
          {(ctl) => (
            <input {...ctl} value={v.contact_name} onChange={(e) => f.set('contact_name', e.target.value)} />
          )}
        </Field>
        <Field label={fx('partnerForm.contactEmail')} error={f.errors.contact_email} optional>
          {(ctl) => (
            <input
              {...ctl}
              type="email"
              value={v.contact_email}
              onChange={(e) => f.set('contact_email', e.target.value)}
              data-testid="contact-email"
            />
          )}
        </Field>
        <Field label={fx('partnerForm.contactPhone')} error={f.errors.contact_phone} optional>
          {(ctl) => (
            <input
              {...ctl}
              inputMode="tel"
              value={v.contact_phone}
              onChange={(e) => f.set('contact_phone', e.target.value)}
            />
          )}
        </Field>
        <Field label={fx('partnerForm.note')} error={f.errors.note} optional wide>
          {(ctl) => (
            <textarea {...ctl} rows={3} value={v.note} onChange={(e) => f.set('note', e.target.value)} />
          )}
        </Field>
        <FormFooter
          error={f.formError}
          busy={f.busy}
          submit={fx('partnerForm.submit')}
          back="/kemitraan/mitra"
        />
      </form>
    </div>
  );
}
