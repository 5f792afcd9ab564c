import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatRupiah } from '../../format.ts';
import { localize, translateMaybe, useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import {
  AmountRow,
  ChoiceRow,
  DateRow,
  EntityRow,
  FormPage,
  RegionRow,
  TaskFormCard,
  TextRow,
} from '../../ui/fields.tsx';
import {
  type Change,
  Confirmation,
  checks,
  type FieldErrors,
  type Picked,
  type RegionOption,
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
      <FormPage title={t('par.newTitle')}>
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
      </FormPage>
    );
  return (
    <FormPage crumb={{ to: '/peserta', label: t('nav.participants') }} title={t('par.newTitle')}>
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="participant-form"
        submit={t('common.save')}
        back="/peserta"
      >
        <TextRow
          form={f}
          name="nik"
          label={t('par.nik')}
          hint={fx('participantForm.nikHint')}
          input={{ inputMode: 'numeric', autoComplete: 'off', maxLength: 24 }}
          testId="nik"
        />
        <TextRow
          form={f}
          name="full_name"
          label={t('par.name')}
          input={{ maxLength: 200 }}
          testId="full-name"
        />
        <DateRow
          form={f}
          name="birth_date"
          label={t('par.birthDate')}
          todayButton={false}
          testId="birth-date"
        />
        <ChoiceRow
          form={f}
          name="sex"
          label={t('par.sex')}
          placeholder={fx('form.choose')}
          options={[
            ['F', t('par.sex.F')],
            ['M', t('par.sex.M')],
          ]}
          testId="sex"
        />
        <RegionRow
          form={f}
          name="village_code"
          label={fx('participantForm.village')}
          hint={officer ? fx('employerForm.ownRegions') : undefined}
          wide
          level={4}
          mine={officer}
          onChange={(code, o) => {
            f.set('village_code', code);
            setVillage(o);
          }}
        />
        <TextRow
          form={f}
          name="phone"
          label={t('par.phone')}
          optional
          input={{ inputMode: 'tel' }}
          testId="phone"
        />
        <ChoiceRow
          form={f}
          name="segment"
          label={t('par.segment')}
          options={SEGMENTS.map((s) => [s, translateMaybe(lang, `segment.${s}`, s)])}
          testId="segment"
        />
        {wageEarner && (
          <EntityRow form={f} name="employer" kind="employer" label={fx('participantForm.employer')} wide />
        )}
        <DateRow
          form={f}
          name="start_date"
          label={t('par.startDate')}
          optional
          hint={fx('participantForm.startHint')}
          testId="start-date"
        />
        <AmountRow
          form={f}
          name="wage"
          label={wageEarner ? t('calc.wage') : t('calc.income')}
          optional={!wageEarner}
          testId="wage"
        />
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
      </TaskFormCard>
    </FormPage>
  );
}
