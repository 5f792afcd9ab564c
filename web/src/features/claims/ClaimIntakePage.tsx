import { useEffect } from 'react';
import { api } from '../../api.ts';
import { useRouter } from '../../router.tsx';
import { ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import {
  checks,
  DateInput,
  EntityPicker,
  Field,
  FormFooter,
  type Picked,
  todayWib,
  useErrorText,
  useTaskForm,
} from '../../ui/form.tsx';
import type { FieldErrors } from '../../ui/form-input.ts';
import { useApi } from '../../ui/useApi.ts';
import type { Meta, Related } from './ClaimsPages.tsx';
import { useClaimsText } from './text.ts';

const SURVIVOR_JP = ['spouse', 'child', 'parent'];

/**
 * Intake by a branch officer: the member found by KPJ, NIK or name, the benefit, the event date typed
 * day first (WIB), the payee among the recorded heirs, and the benefit's document checklist. Errors sit
 * beside their field, the server's too; eligibility and the amount come later, from the history.
 */
export function ClaimIntakePage() {
  const { s } = useClaimsText();
  const words = useErrorText();
  const { location, navigate } = useRouter();
  const meta = useApi<Meta>('/api/claims/meta');
  const form = useTaskForm(
    {
      participant_id: null as Picked | null,
      benefit: 'JKP',
      kind: 'full',
      jp_kind: 'old_age',
      event_date: '',
      termination: 'dismissal',
      payee_related_id: '',
      children: [] as number[],
      bank_code: '',
      account_number: '',
      documents: {} as Record<string, boolean>,
    },
    { jp_kind: 'kind' },
  );
  const v = form.values;
  // Arriving from a member's page (?peserta=ID): that member is already chosen.
  const preset = location.search.get('peserta');
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per preset member (form.set is per render)
  useEffect(() => {
    if (!preset || !/^\d+$/.test(preset)) return;
    api<{ participant: { id: number; kpj: string; full_name: string; nik: string } }>(
      `/api/participants/${preset}`,
    )
      .then((r) =>
        form.set('participant_id', {
          id: r.participant.id,
          number: r.participant.kpj,
          name: r.participant.full_name,
          detail: r.participant.nik,
        }),
      )
      .catch(() => {});
  }, [preset]);
  const pid = v.participant_id?.id;
  const related = useApi<{ items: Related[] }>(pid ? `/api/participants/${pid}/related-persons` : null);

  if (meta.error) return <ErrorBox error={meta.error} />;
  if (!meta.data) return <Loading />;
  const m = meta.data;
  const checklist =
    (v.benefit === 'JP' ? m.jp_documents?.[v.jp_kind] : undefined) ?? m.documents[v.benefit] ?? [];
  const survivor =
    v.benefit === 'JKM' ||
    v.benefit === 'BEASISWA' ||
    (v.benefit === 'JP' && SURVIVOR_JP.includes(v.jp_kind));
  const heirs = related.data?.items ?? [];
  const kids = heirs.filter((r) => r.relation === 'child');

  const check = (): FieldErrors => {
    const errors: FieldErrors = {};
    const c = checks(errors);
    if (!v.participant_id) errors.participant_id = { text: s('err.participant') };
    const d = c.date('event_date', v.event_date, { required: true, notAfter: todayWib() });
    if (!d && !errors.event_date) errors.event_date = { text: s('err.eventDate') };
    if (survivor && !v.payee_related_id) errors.payee_related_id = { text: s('err.payee') };
    if (v.benefit === 'BEASISWA' && !v.children.length) errors.children = { text: s('err.children') };
    return errors;
  };
  const send = async () => {
    const r = await api<{ id: number }>('/api/claims', {
      method: 'POST',
      body: {
        participant_id: v.participant_id!.id,
        benefit: v.benefit,
        event_date: checks({}).date('event_date', v.event_date),
        ...(v.benefit === 'JHT' ? { kind: v.kind } : {}),
        ...(v.benefit === 'JP' ? { kind: v.jp_kind } : {}),
        ...(v.benefit === 'JKP' ? { termination: v.termination } : {}),
        ...(survivor && v.payee_related_id ? { payee_related_id: Number(v.payee_related_id) } : {}),
        ...(v.benefit === 'BEASISWA' ? { children: v.children } : {}),
        ...(v.bank_code.trim() ? { bank_code: v.bank_code.trim() } : {}),
        ...(v.account_number.trim() ? { account_number: v.account_number.replace(/[\s.-]/g, '') } : {}),
        documents: Object.entries(v.documents)
          .filter(([, on]) => on)
          .map(([k]) => k),
      },
    });
    navigate(`/klaim/${r.id}`);
  };
  const select = (
    key: 'benefit' | 'kind' | 'jp_kind' | 'termination',
    options: string[],
    words: (o: string) => string,
    testId: string,
    resetDocs = false,
  ) => (
    <Field
      label={key === 'benefit' ? s('benefit') : key === 'termination' ? s('termination') : s('kind')}
      error={form.errors[key]}
    >
      {(ctl) => (
        <select
          {...ctl}
          value={v[key]}
          data-testid={testId}
          onChange={(e) => {
            form.set(key, e.target.value);
            if (resetDocs) form.set('documents', {});
          }}
        >
          {options.map((o) => (
            <option key={o} value={o}>
              {words(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <div>
      <PageHeader title={s('newClaim')} subtitle={s('intro')} />
      <form
        className="card form-grid"
        noValidate
        data-testid="claim-intake"
        onSubmit={(e) => {
          e.preventDefault();
          void form.submit(check, send);
        }}
      >
        <Field label={s('participantId')} error={form.errors.participant_id} wide>
          {(ctl) => (
            <EntityPicker
              ctl={ctl}
              kind="participant"
              value={v.participant_id}
              onChange={(p) => {
                form.set('participant_id', p);
                form.set('payee_related_id', '');
                form.set('children', []);
              }}
              testId="claim-participant"
            />
          )}
        </Field>
        {select('benefit', m.benefits, (b) => s(`benefit.${b}`), 'claim-benefit', true)}
        {v.benefit === 'JHT' && select('kind', m.jht_kinds, (k) => s(`kind.${k}`), 'claim-jht-kind')}
        {v.benefit === 'JP' &&
          select('jp_kind', m.jp_kinds ?? [], (k) => s(`kind.${k}`), 'claim-jp-kind', true)}
        <Field label={s('eventDate')} error={form.errors.event_date}>
          {(ctl) => (
            <DateInput
              ctl={ctl}
              value={v.event_date}
              onChange={(x) => form.set('event_date', x)}
              testId="claim-date"
              todayButton={false}
            />
          )}
        </Field>
        {v.benefit === 'JKP' &&
          select('termination', m.terminations, (k) => s(`term.${k}`), 'claim-termination')}
        {survivor && (
          <Field
            label={s('payee')}
            error={form.errors.payee_related_id}
            hint={pid && related.data && !heirs.length ? s('noRelated') : undefined}
          >
            {(ctl) => (
              <select
                {...ctl}
                value={v.payee_related_id}
                onChange={(e) => form.set('payee_related_id', e.target.value)}
                data-testid="claim-payee"
              >
                <option value="">–</option>
                {heirs.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.full_name} ({s(`rel.${r.relation}`)})
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {v.benefit === 'BEASISWA' && (
          <fieldset className="span-2" aria-invalid={!!form.errors.children}>
            <legend>{s('children')}</legend>
            {kids.map((r) => (
              <label key={r.id} className="check">
                <input
                  type="checkbox"
                  data-testid="claim-child"
                  checked={v.children.includes(r.id)}
                  onChange={(e) =>
                    form.set(
                      'children',
                      e.target.checked ? [...v.children, r.id] : v.children.filter((x) => x !== r.id),
                    )
                  }
                />
                {r.full_name}
              </label>
            ))}
            {form.errors.children && (
              <span className="field-error" data-testid="field-error">
                {words(form.errors.children)}
              </span>
            )}
          </fieldset>
        )}
        <Field label={s('bank')} error={form.errors.bank_code} optional>
          {(ctl) => (
            <input
              {...ctl}
              value={v.bank_code}
              onChange={(e) => form.set('bank_code', e.target.value.toUpperCase())}
              placeholder="BRI"
              autoComplete="off"
            />
          )}
        </Field>
        <Field label={s('account')} error={form.errors.account_number} optional>
          {(ctl) => (
            <input
              {...ctl}
              value={v.account_number}
              onChange={(e) => form.set('account_number', e.target.value)}
              inputMode="numeric"
              autoComplete="off"
            />
          )}
        </Field>
        <fieldset className="span-2" data-testid="claim-checklist">
          <legend>{s('documents')}</legend>
          {checklist.map((d) => (
            <label key={d.code} className="check">
              <input
                type="checkbox"
                checked={!!v.documents[d.code]}
                onChange={(e) => form.set('documents', { ...v.documents, [d.code]: e.target.checked })}
              />
              {s(`doc.${d.code}`)} ({s(d.required ? 'required' : 'optional')})
            </label>
          ))}
          {form.errors.documents && (
            <span className="field-error" data-testid="field-error">
              {words(form.errors.documents)}
            </span>
          )}
        </fieldset>
        <FormFooter error={form.formError} busy={form.busy} submit={s('file')} testId="claim-submit" />
      </form>
    </div>
  );
}
