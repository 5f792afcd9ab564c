import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { translateMaybe, useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { ErrorBox, PageHeader } from '../../ui/components.tsx';
import type { Employer } from './types.ts';

const LEGAL_FORMS = ['PT', 'CV', 'Firma', 'Koperasi', 'Yayasan', 'UD', 'Perorangan', 'BUMN', 'BUMD'];
const SIZES = ['micro', 'small', 'medium', 'large'];

export function EmployerFormPage() {
  const { t, lang } = useI18n();
  const { navigate } = useRouter();
  const [form, setForm] = useState({
    name: '',
    legal_form: 'PT',
    sector: '',
    size_class: 'small',
    risk_class: '1',
    village_code: '',
    branch_office_id: '',
    registered_on: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        name: form.name.trim(),
        legal_form: form.legal_form,
        sector: form.sector.trim(),
        size_class: form.size_class,
        risk_class: Number(form.risk_class),
        village_code: form.village_code.trim(),
        ...(form.branch_office_id ? { branch_office_id: Number(form.branch_office_id) } : {}),
        ...(form.registered_on ? { registered_on: form.registered_on } : {}),
      };
      const r = await api<{ employer: Employer }>('/api/employers', { method: 'POST', body });
      navigate(`/pemberi-kerja/${r.employer.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div>
      <p className="crumbs">
        <Link to="/pemberi-kerja">← {t('emp.title')}</Link>
      </p>
      <PageHeader title={t('emp.newTitle')} />
      <form className="card form-grid" onSubmit={submit} data-testid="employer-form">
        <label className="field span-2">
          <span>{t('emp.name')}</span>
          <input value={form.name} onChange={set('name')} required maxLength={200} />
        </label>
        <label className="field">
          <span>{t('emp.legalForm')}</span>
          <select value={form.legal_form} onChange={set('legal_form')}>
            {LEGAL_FORMS.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('emp.sector')}</span>
          <input value={form.sector} onChange={set('sector')} required />
        </label>
        <label className="field">
          <span>{t('emp.size')}</span>
          <select value={form.size_class} onChange={set('size_class')}>
            {SIZES.map((s) => (
              <option key={s} value={s}>
                {translateMaybe(lang, `size.${s}`, s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('emp.risk')}</span>
          <select value={form.risk_class} onChange={set('risk_class')}>
            {[1, 2, 3, 4, 5].map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('emp.villageCode')}</span>
          <input value={form.village_code} onChange={set('village_code')} required pattern="[0-9.]{10,13}" />
        </label>
        <label className="field">
          <span>
            {t('emp.branchId')} <em className="muted">({t('common.optional')})</em>
          </span>
          <input value={form.branch_office_id} onChange={set('branch_office_id')} inputMode="numeric" />
        </label>
        <label className="field">
          <span>
            {t('emp.registeredOn')} <em className="muted">({t('common.optional')})</em>
          </span>
          <input type="date" value={form.registered_on} onChange={set('registered_on')} />
        </label>
        <div className="span-2">
          <ErrorBox error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('common.saving') : t('common.save')}
            </button>
            <Link to="/pemberi-kerja" className="btn">
              {t('common.cancel')}
            </Link>
          </div>
        </div>
      </form>
    </div>
  );
}
