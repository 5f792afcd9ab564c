import { useState } from 'react';
import { api } from '../../api.ts';
import { Link } from '../../router.tsx';
import { ChoiceRow, FormPage, RegionRow, TaskFormCard, TextAreaRow, TextRow } from '../../ui/fields.tsx';
import {
  type Change,
  Confirmation,
  checks,
  type FieldErrors,
  type RegionOption,
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
      <FormPage title={fx('partnerForm.title')}>
        <Confirmation title={fx('partnerForm.done')} changes={done.changes}>
          <Link to={`/kemitraan/mitra/${done.id}`} className="btn btn-primary" testId="open-partner">
            {fx('partnerForm.open')}
          </Link>
          <Link to={`/kemitraan/perjanjian/baru?mitra=${done.id}`} className="btn">
            {fx('agreementForm.title')}
          </Link>
        </Confirmation>
      </FormPage>
    );
  return (
    <FormPage
      crumb={{ to: '/kemitraan/mitra', label: fx('partnerForm.back') }}
      title={fx('partnerForm.title')}
      subtitle={fx('partnerForm.intro')}
    >
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="partner-form"
        submit={fx('partnerForm.submit')}
        back="/kemitraan/mitra"
      >
        <TextRow form={f} name="name" label={fx('partnerForm.name')} wide testId="name" />
        <TextRow form={f} name="acronym" label={fx('partnerForm.acronym')} optional />
        <ChoiceRow
          form={f}
          name="type"
          label={fx('partnerForm.type')}
          placeholder={fx('form.choose')}
          options={PARTNER_TYPES.map((t) => [t, typeLabel(t)])}
          testId="type"
        />
        <TextRow form={f} name="sector" label={fx('partnerForm.sector')} optional />
        <RegionRow
          form={f}
          name="region_code"
          label={fx('partnerForm.region')}
          optional
          hint={fx('partnerForm.regionHint')}
          wide
          level={2}
          anyLevel
          onChange={(code, o) => {
            f.set('region_code', code);
            setRegion(o);
          }}
        />
        <TextRow form={f} name="contact_name" label={fx('partnerForm.contactName')} optional />
        <TextRow
          form={f}
          name="contact_email"
          label={fx('partnerForm.contactEmail')}
          optional
          input={{ type: 'email' }}
          testId="contact-email"
        />
        <TextRow
          form={f}
          name="contact_phone"
          label={fx('partnerForm.contactPhone')}
          optional
          input={{ inputMode: 'tel' }}
        />
        <TextAreaRow form={f} name="note" label={fx('partnerForm.note')} optional wide />
      </TaskFormCard>
    </FormPage>
  );
}
