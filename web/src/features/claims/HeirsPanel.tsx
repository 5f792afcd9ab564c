import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { Empty, ErrorBox, Loading } from '../../ui/components.tsx';
import {
  Choice,
  Confirmation,
  checks,
  DateInput,
  Field,
  FormFooter,
  todayWib,
  useTaskForm,
} from '../../ui/form.tsx';
import type { FieldErrors } from '../../ui/form-input.ts';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { useClaimsText } from './text.ts';

interface Heir {
  id: number;
  relation: 'spouse' | 'child' | 'parent' | 'other';
  full_name: string;
  birth_date: string | null;
  school_level: string | null;
  events: Array<{ event: string; event_date: string }>;
}

/** The events that end a survivor's pension, per relation (src/modules/claims/actions.ts recordHeirEvent). */
const EVENTS: Record<Heir['relation'], string[]> = {
  spouse: ['remarriage', 'death'],
  child: ['marriage', 'work', 'death'],
  parent: ['death'],
  other: ['death'],
};
const RELATIONS = ['spouse', 'child', 'parent', 'other'] as const;
const SCHOOL = ['BELUM', 'TK', 'SD', 'SMP', 'SMA', 'PT'] as const;

/**
 * A member's heirs on the benefit summary: who they are, the events that ended a survivor's pension,
 * and for an officer the forms to add an heir and to record such an event (the pension run stops
 * paying from the month after it).
 */
export function HeirsPanel({ participantId }: { participantId: string }) {
  const { s, lang } = useClaimsText();
  const { user } = useSession();
  const officer = user?.role === 'admin' || user?.role === 'branch_officer';
  const list = useApi<{ items: Heir[] }>(`/api/participants/${participantId}/related-persons`);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="card" data-testid="heirs">
      <h2>{s('heirs')}</h2>
      {done && <Confirmation title={done} changes={[]} />}
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : !list.data?.items.length ? (
        <Empty>{s('heirsNone')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{s('fullName')}</th>
                <th scope="col">{s('relation')}</th>
                <th scope="col">{s('birthDate')}</th>
                <th scope="col">{s('heirEvents')}</th>
                {officer && <th scope="col">{s('recordEvent')}</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((h) => (
                <tr key={h.id} data-testid={`heir-${h.id}`}>
                  <td>{h.full_name}</td>
                  <td>
                    {s(`rel.${h.relation}`)}
                    {h.school_level ? ` · ${s(`school.${h.school_level}`)}` : ''}
                  </td>
                  <td>{formatDate(h.birth_date, lang)}</td>
                  <td>
                    {h.events.length
                      ? h.events
                          .map((e) => `${s(`heirEvent.${e.event}`)} ${formatDate(e.event_date, lang)}`)
                          .join('; ')
                      : '—'}
                  </td>
                  {officer && (
                    <td>
                      <HeirEventForm
                        heir={h}
                        onDone={(text) => {
                          setDone(text);
                          list.reload();
                        }}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {officer && (
        <AddHeirForm
          participantId={participantId}
          onDone={(text) => {
            setDone(text);
            list.reload();
          }}
        />
      )}
    </section>
  );
}

function HeirEventForm({ heir, onDone }: { heir: Heir; onDone(text: string): void }) {
  const { s, lang } = useClaimsText();
  const open = EVENTS[heir.relation].filter((e) => !heir.events.some((x) => x.event === e));
  const form = useTaskForm({ event: open[0] ?? '', event_date: '' });
  if (!open.length) return <>—</>;
  const check = (): FieldErrors => {
    const errors: FieldErrors = {};
    checks(errors).date('event_date', form.values.event_date, { required: true, notAfter: todayWib() });
    return errors;
  };
  return (
    <form
      className="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit(check, async () => {
          const date = checks({}).date('event_date', form.values.event_date)!;
          await api(`/api/related-persons/${heir.id}/events`, {
            method: 'POST',
            body: { event: form.values.event, event_date: date },
          });
          onDone(
            s('eventSaved', {
              event: s(`heirEvent.${form.values.event}`),
              date: formatDate(date, lang),
              name: heir.full_name,
            }),
          );
        });
      }}
    >
      <Field label={s('heirEvent')} error={form.errors.event}>
        {(ctl) => (
          <Choice
            ctl={ctl}
            value={form.values.event}
            onChange={(v) => form.set('event', v)}
            options={open.map((e) => [e, s(`heirEvent.${e}`)] as [string, string])}
            testId={`heir-${heir.id}-event`}
          />
        )}
      </Field>
      <Field label={s('eventDate')} error={form.errors.event_date}>
        {(ctl) => (
          <DateInput
            ctl={ctl}
            value={form.values.event_date}
            onChange={(v) => form.set('event_date', v)}
            testId={`heir-${heir.id}-date`}
            todayButton={false}
          />
        )}
      </Field>
      <FormFooter
        error={form.formError}
        busy={form.busy}
        submit={s('save')}
        testId={`heir-${heir.id}-save`}
      />
    </form>
  );
}

function AddHeirForm({ participantId, onDone }: { participantId: string; onDone(text: string): void }) {
  const { s } = useClaimsText();
  const form = useTaskForm({
    relation: 'child',
    full_name: '',
    nik: '',
    birth_date: '',
    sex: '',
    school_level: '',
  });
  const v = form.values;
  const check = (): FieldErrors => {
    const errors: FieldErrors = {};
    const c = checks(errors);
    c.text('full_name', v.full_name, { max: 200 });
    if (v.nik.replace(/[\s.-]/g, '') && !/^\d{16}$/.test(v.nik.replace(/[\s.-]/g, '')))
      errors.nik = { text: s('err.nik') };
    c.date('birth_date', v.birth_date, { notAfter: todayWib() });
    return errors;
  };
  return (
    <details className="heir-add">
      <summary>{s('addHeir')}</summary>
      <form
        className="form-grid"
        noValidate
        data-testid="heir-add"
        onSubmit={(e) => {
          e.preventDefault();
          void form.submit(check, async () => {
            const nik = v.nik.replace(/[\s.-]/g, '');
            const born = checks({}).date('birth_date', v.birth_date);
            await api(`/api/participants/${participantId}/related-persons`, {
              method: 'POST',
              body: {
                relation: v.relation,
                full_name: v.full_name.trim(),
                ...(nik ? { nik } : {}),
                ...(born ? { birth_date: born } : {}),
                ...(v.sex ? { sex: v.sex } : {}),
                ...(v.relation === 'child' && v.school_level ? { school_level: v.school_level } : {}),
              },
            });
            onDone(s('heirSaved', { name: v.full_name.trim() }));
            form.reset();
          });
        }}
      >
        <Field label={s('relation')} error={form.errors.relation}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.relation}
              onChange={(x) => form.set('relation', x)}
              options={RELATIONS.map((r) => [r, s(`rel.${r}`)] as [string, string])}
              testId="heir-relation"
            />
          )}
        </Field>
        <Field label={s('fullName')} error={form.errors.full_name}>
          {(ctl) => (
            <input
              {...ctl}
              value={v.full_name}
              onChange={(e) => form.set('full_name', e.target.value)}
              data-testid="heir-name"
            />
          )}
        </Field>
        <Field label={s('heirNik')} error={form.errors.nik} optional>
          {(ctl) => (
            <input
              {...ctl}
              value={v.nik}
              inputMode="numeric"
              onChange={(e) => form.set('nik', e.target.value)}
              data-testid="heir-nik"
            />
          )}
        </Field>
        <Field label={s('birthDate')} error={form.errors.birth_date} optional>
          {(ctl) => (
            <DateInput
              ctl={ctl}
              value={v.birth_date}
              onChange={(x) => form.set('birth_date', x)}
              testId="heir-birth"
              todayButton={false}
            />
          )}
        </Field>
        <Field label={s('sex')} error={form.errors.sex} optional>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.sex}
              onChange={(x) => form.set('sex', x)}
              options={[
                ['M', s('sex.M')],
                ['F', s('sex.F')],
              ]}
              placeholder="–"
            />
          )}
        </Field>
        {v.relation === 'child' && (
          <Field label={s('schoolLevel')} error={form.errors.school_level} optional>
            {(ctl) => (
              <Choice
                ctl={ctl}
                value={v.school_level}
                onChange={(x) => form.set('school_level', x)}
                options={SCHOOL.map((l) => [l, s(`school.${l}`)] as [string, string])}
                placeholder="–"
              />
            )}
          </Field>
        )}
        <FormFooter error={form.formError} busy={form.busy} submit={s('save')} testId="heir-add-submit" />
      </form>
    </details>
  );
}
