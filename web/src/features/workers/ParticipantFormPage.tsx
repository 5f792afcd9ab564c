import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatRupiah } from '../../format.ts';
import { localize, translateMaybe, useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { PageHeader } from '../../ui/components.tsx';
import {
  AmountInput,
  type Change,
  Choice,
  Confirmation,
  checks,
  DateInput,
  EntityPicker,
  Field,
  type FieldErrors,
  FormFooter,
  type Picked,
  type RegionOption,
  RegionPicker,
  todayWib,
  useTaskForm,
} from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useSession } from '../access/session.tsx';
import type { Participant } from './types.ts';

const SEGMENTS = ['PU', 'BPU', 'JAKON', 'PMI'] as const;

/** What the server answers: the new record, or (202) that it went to the branch office for review. */
type Registered =
  | { participant: Participant; error?: undefined }
  | { participant?: undefined; error: { code: string; message: string } };

/**
 * /peserta/baru — registering a participant: NIK typed with or without spaces, the birth date day
 * first, the village from the region picker, a wage earner's employer by NPP or name; errors beside
 * their fields (the server's too: "NIK sudah terdaftar" sits under the NIK), then what was recorded.
 */
export function ParticipantFormPage() {
  const { t, lang } = useI18n();
  const { fx } = useFx();
  const { user } = useSession();
  const officer = user?.role === 'branch_officer';
  const f = useTaskForm(
    {
      nik: '',
      full_name: '',
      birth_date: '',
      sex: '',
      village_code: '',
      phone: '',
      segment: 'PU',
      employer: null as Picked | null,
      start_date: '',
      wage: '',
      is_non_asn: false,
      is_vulnerable: false,
      jht: false,
    },
    { employer_npp: 'employer' },
  );
  const v = f.values;
  const [village, setVillage] = useState<RegionOption | null>(null);
  const [done, setDone] = useState<{ id: number | null; title: string; changes: Change[] } | null>(null);
  const wageEarner = v.segment === 'PU';
  const selfPaying = v.segment === 'BPU' || v.segment === 'PMI';

  let parsed = { nik: '', birth: '', start: null as string | null, wage: null as number | null };
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    const nik = v.nik.replace(/[\s.-]/g, '');
    if (!nik) e.nik = { key: 'form.err.required' };
    else if (!/^\d{16}$/.test(nik)) e.nik = { key: 'participantForm.err.nik' };
    c.text('full_name', v.full_name, { min: 2, max: 200 });
    const birth = c.date('birth_date', v.birth_date, { required: true, notAfter: todayWib() }) ?? '';
    c.picked('sex', v.sex);
    if (!v.village_code) e.village_code = { key: 'form.err.pick' };
    else if (v.village_code.split('.').length < 4) e.village_code = { key: 'form.err.pickVillage' };
    if (v.phone.trim() && !/^\+?[\d\s-]{6,20}$/.test(v.phone.trim()))
      e.phone = { key: 'participantForm.err.phone' };
    if (wageEarner) c.picked('employer', v.employer);
    const start = c.date('start_date', v.start_date, { notAfter: todayWib() });
    if (birth && start && start < birth) e.start_date = { key: 'participantForm.err.startBeforeBirth' };
    const wage = c.amount('wage', v.wage, { required: wageEarner, min: wageEarner ? 1 : 0 });
    if (wage !== null && !Number.isInteger(wage)) e.wage = { key: 'form.err.number' };
    parsed = { nik, birth, start, wage };
    return e;
  };
  const send = async () => {
    const body = {
      nik: parsed.nik,
      full_name: v.full_name.trim(),
      birth_date: parsed.birth,
      sex: v.sex,
      village_code: v.village_code,
      phone: v.phone.trim() || undefined,
      segment: v.segment,
      employer_npp: wageEarner ? v.employer?.number : undefined,
      start_date: parsed.start ?? undefined,
      wage: parsed.wage ?? undefined,
      is_non_asn: v.is_non_asn,
      is_vulnerable: v.is_vulnerable,
      jht: selfPaying ? v.jht : undefined,
    };
    const r = await api<Registered>('/api/participants', { method: 'POST', body });
    const changes: Change[] = [
      { label: t('par.name'), after: body.full_name },
      { label: t('par.nik'), after: body.nik },
      { label: t('par.birthDate'), after: formatDate(body.birth_date, lang) },
      { label: t('par.segment'), after: translateMaybe(lang, `segment.${body.segment}`, body.segment) },
      {
        label: fx('participantForm.village'),
        after: village ? `${village.name} (${village.path})` : body.village_code,
      },
    ];
    if (v.employer)
      changes.push({
        label: fx('participantForm.employer'),
        after: `${v.employer.name} (NPP ${v.employer.number})`,
      });
    if (body.wage !== undefined)
      changes.push({ label: wageEarner ? t('calc.wage') : t('calc.income'), after: formatRupiah(body.wage) });
    if (r.participant) {
      changes.unshift({ label: 'KPJ', after: r.participant.kpj });
      setDone({
        id: r.participant.id,
        title: fx('participantForm.done', { kpj: r.participant.kpj }),
        changes,
      });
    } else {
      setDone({ id: null, title: localize(r.error.message, lang), changes });
    }
  };

  if (done)
    return (
      <div>
        <PageHeader title={t('par.newTitle')} />
        <Confirmation
          title={done.title}
          note={done.id === null ? fx('participantForm.reviewNote') : undefined}
          changes={done.changes}
        >
          {done.id !== null && (
            <Link to={`/peserta/${done.id}`} className="btn btn-primary" testId="open-participant">
              {fx('employment.openParticipant')}
            </Link>
          )}
          <Link to="/peserta" className="btn">
            {t('nav.participants')}
          </Link>
        </Confirmation>
      </div>
    );
  return (
    <div>
      <p className="crumbs">
        <Link to="/peserta">← {t('nav.participants')}</Link>
      </p>
      <PageHeader title={t('par.newTitle')} />
      <form
        className="card form-grid"
        noValidate
        data-testid="participant-form"
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        <Field label={t('par.nik')} error={f.errors.nik} hint={fx('participantForm.nikHint')}>
          {(ctl) => (
            <input
              {...ctl}
              value={v.nik}
              inputMode="numeric"
              autoComplete="off"
              maxLength={24}
              onChange={(e) => f.set('nik', e.target.value)}
              data-testid="nik"
            />
          )}
        </Field>
        <Field label={t('par.name')} error={f.errors.full_name}>
          {(ctl) => (
            <input
              {...ctl}
              value={v.full_name}
              maxLength={200}
              onChange={(e) => f.set('full_name', e.target.value)}
              data-testid="full-name"
            />
          )}
        </Field>
        <Field label={t('par.birthDate')} error={f.errors.birth_date}>
          {(ctl) => (
            <DateInput
              ctl={ctl}
              value={v.birth_date}
              onChange={(x) => f.set('birth_date', x)}
              todayButton={false}
              testId="birth-date"
            />
          )}
        </Field>
        <Field label={t('par.sex')} error={f.errors.sex}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.sex}
              onChange={(x) => f.set('sex', x)}
              placeholder={fx('form.choose')}
              options={[
                ['F', t('par.sex.F')],
                ['M', t('par.sex.M')],
              ]}
              testId="sex"
            />
          )}
        </Field>
        <Field
          label={fx('participantForm.village')}
          error={f.errors.village_code}
          hint={officer ? fx('employerForm.ownRegions') : undefined}
          wide
        >
          {(ctl) => (
            <RegionPicker
              ctl={ctl}
              level={4}
              mine={officer}
              value={v.village_code}
              onChange={(code, o) => {
                f.set('village_code', code);
                setVillage(o);
              }}
            />
          )}
        </Field>
        <Field label={t('par.phone')} error={f.errors.phone} optional>
          {(ctl) => (
            <input
              {...ctl}
              value={v.phone}
              inputMode="tel"
              onChange={(e) => f.set('phone', e.target.value)}
              data-testid="phone"
            />
          )}
        </Field>
        <Field label={t('par.segment')} error={f.errors.segment}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.segment}
              onChange={(x) => f.set('segment', x)}
              options={SEGMENTS.map((s) => [s, translateMaybe(lang, `segment.${s}`, s)])}
              testId="segment"
            />
          )}
        </Field>
        {wageEarner && (
          <Field label={fx('participantForm.employer')} error={f.errors.employer} wide>
            {(ctl) => (
              <EntityPicker
                ctl={ctl}
                kind="employer"
                value={v.employer}
                onChange={(p) => f.set('employer', p)}
              />
            )}
          </Field>
        )}
        <Field
          label={t('par.startDate')}
          error={f.errors.start_date}
          optional
          hint={fx('participantForm.startHint')}
        >
          {(ctl) => (
            <DateInput
              ctl={ctl}
              value={v.start_date}
              onChange={(x) => f.set('start_date', x)}
              testId="start-date"
            />
          )}
        </Field>
        <Field
          label={wageEarner ? t('calc.wage') : t('calc.income')}
          error={f.errors.wage}
          optional={!wageEarner}
        >
          {(ctl) => <AmountInput ctl={ctl} value={v.wage} onChange={(x) => f.set('wage', x)} testId="wage" />}
        </Field>
        <fieldset className="checks span-2">
          <label>
            <input
              type="checkbox"
              checked={v.is_non_asn}
              onChange={(e) => f.set('is_non_asn', e.target.checked)}
            />{' '}
            {t('par.nonAsn')}
          </label>
          <label>
            <input
              type="checkbox"
              checked={v.is_vulnerable}
              onChange={(e) => f.set('is_vulnerable', e.target.checked)}
            />{' '}
            {t('par.vulnerable')}
          </label>
          {selfPaying && (
            <label>
              <input type="checkbox" checked={v.jht} onChange={(e) => f.set('jht', e.target.checked)} />{' '}
              {t('par.jht')}
            </label>
          )}
        </fieldset>
        <FormFooter error={f.formError} busy={f.busy} submit={t('common.save')} back="/peserta" />
      </form>
    </div>
  );
}
