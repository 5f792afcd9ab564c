import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { translateMaybe, useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { ErrorBox, PageHeader } from '../../ui/components.tsx';
import type { Participant } from './types.ts';

const SEGMENTS = ['PU', 'BPU', 'JAKON', 'PMI'];

export function ParticipantFormPage() {
  const { t, lang } = useI18n();
  const { navigate } = useRouter();
  const [f, setF] = useState({
    nik: '',
    full_name: '',
    birth_date: '',
    sex: 'F',
    village_code: '',
    phone: '',
    segment: 'PU',
    employer_npp: '',
    start_date: '',
    wage: '',
    is_non_asn: false,
    is_vulnerable: false,
    jht: false,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const text = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const flag = (k: 'is_non_asn' | 'is_vulnerable' | 'jht') => (e: { target: { checked: boolean } }) =>
    setF({ ...f, [k]: e.target.checked });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    try {
      const body = {
        nik: f.nik.trim(),
        full_name: f.full_name.trim(),
        birth_date: f.birth_date,
        sex: f.sex,
        village_code: f.village_code.trim(),
        phone: optional(f.phone),
        segment: f.segment,
        employer_npp: f.segment === 'PU' ? optional(f.employer_npp) : undefined,
        start_date: optional(f.start_date),
        wage: f.wage.trim() ? Number(f.wage.replace(/\D/g, '')) : undefined,
        is_non_asn: f.is_non_asn,
        is_vulnerable: f.is_vulnerable,
        jht: f.segment === 'BPU' || f.segment === 'PMI' ? f.jht : undefined,
      };
      const r = await api<{ participant: Participant }>('/api/participants', { method: 'POST', body });
      navigate(`/peserta/${r.participant.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div>
      <p className="crumbs">
        <Link to="/peserta">← {t('nav.participants')}</Link>
      </p>
      <PageHeader title={t('par.newTitle')} />
      <form className="card form-grid" onSubmit={submit} data-testid="participant-form">
        <label className="field">
          <span>{t('par.nik')}</span>
          <input
            value={f.nik}
            onChange={text('nik')}
            required
            pattern="\d{16}"
            inputMode="numeric"
            maxLength={16}
          />
        </label>
        <label className="field">
          <span>{t('par.name')}</span>
          <input value={f.full_name} onChange={text('full_name')} required maxLength={200} />
        </label>
        <label className="field">
          <span>{t('par.birthDate')}</span>
          <input type="date" value={f.birth_date} onChange={text('birth_date')} required />
        </label>
        <label className="field">
          <span>{t('par.sex')}</span>
          <select value={f.sex} onChange={text('sex')}>
            <option value="F">{t('par.sex.F')}</option>
            <option value="M">{t('par.sex.M')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('emp.villageCode')}</span>
          <input value={f.village_code} onChange={text('village_code')} required />
        </label>
        <label className="field">
          <span>
            {t('par.phone')} <em className="muted">({t('common.optional')})</em>
          </span>
          <input value={f.phone} onChange={text('phone')} inputMode="tel" />
        </label>
        <label className="field">
          <span>{t('par.segment')}</span>
          <select value={f.segment} onChange={text('segment')}>
            {SEGMENTS.map((s) => (
              <option key={s} value={s}>
                {translateMaybe(lang, `segment.${s}`, s)}
              </option>
            ))}
          </select>
        </label>
        {f.segment === 'PU' && (
          <label className="field">
            <span>{t('par.employerNpp')}</span>
            <input value={f.employer_npp} onChange={text('employer_npp')} required />
          </label>
        )}
        <label className="field">
          <span>
            {t('par.startDate')} <em className="muted">({t('common.optional')})</em>
          </span>
          <input type="date" value={f.start_date} onChange={text('start_date')} />
        </label>
        <label className="field">
          <span>{f.segment === 'PU' ? t('calc.wage') : t('calc.income')}</span>
          <input value={f.wage} onChange={text('wage')} inputMode="numeric" required={f.segment === 'PU'} />
        </label>
        <fieldset className="checks span-2">
          <label>
            <input type="checkbox" checked={f.is_non_asn} onChange={flag('is_non_asn')} /> {t('par.nonAsn')}
          </label>
          <label>
            <input type="checkbox" checked={f.is_vulnerable} onChange={flag('is_vulnerable')} />{' '}
            {t('par.vulnerable')}
          </label>
          {(f.segment === 'BPU' || f.segment === 'PMI') && (
            <label>
              <input type="checkbox" checked={f.jht} onChange={flag('jht')} /> {t('par.jht')}
            </label>
          )}
        </fieldset>
        <div className="span-2">
          <ErrorBox error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('common.saving') : t('common.save')}
            </button>
            <Link to="/peserta" className="btn">
              {t('common.cancel')}
            </Link>
          </div>
        </div>
      </form>
    </div>
  );
}
