import { useState } from 'react';
import { api } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { Confirmation, Field, FormFooter, useTaskForm } from '../../ui/form.tsx';
import type { FieldErrors } from '../../ui/form-input.ts';
import { usePt } from './text.ts';

/**
 * A partner (or an officer) adds people to an agreement by NIK. The answer says how many were added
 * at once and how many went to the branch office's review queue — the same words whether a NIK is
 * registered or not, so the form tells a partner nothing about people outside its scope.
 */
export function MemberRequestForm({ agreementId, onDone }: { agreementId: number; onDone(): void }) {
  const { pt } = usePt();
  const form = useTaskForm({ niks: '' });
  const [done, setDone] = useState<{ participants: number; requested: number } | null>(null);

  const parse = (): { niks: string[]; error?: string } => {
    const lines = form.values.niks.split(/\r?\n|,|;/);
    const niks: string[] = [];
    for (const [i, raw] of lines.entries()) {
      const v = raw.replace(/[\s.-]/g, '');
      if (!v) continue;
      if (!/^\d{16}$/.test(v)) return { niks, error: pt('req.bad', { line: i + 1, value: raw.trim() }) };
      niks.push(v);
    }
    if (!niks.length) return { niks, error: pt('req.empty') };
    if (niks.length > 1000) return { niks, error: pt('req.tooMany') };
    return { niks: [...new Set(niks)] };
  };

  return (
    <section className="card" data-testid="member-request">
      <h2>{pt('req.title')}</h2>
      <p className="muted">{pt('req.intro')}</p>
      {done && (
        <Confirmation
          title={pt('req.done')}
          changes={[
            { label: pt('req.direct'), after: formatNumber(done.participants) },
            { label: pt('req.requested'), after: formatNumber(done.requested) },
          ]}
        />
      )}
      <form
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          const p = parse();
          void form.submit(
            (): FieldErrors => (p.error ? { niks: { text: p.error } } : {}),
            async () => {
              const r = await api<{ participants: number; requested?: number }>(
                `/api/agreements/${agreementId}/members`,
                { method: 'POST', body: { niks: p.niks } },
              );
              setDone({ participants: r.participants, requested: r.requested ?? 0 });
              form.reset();
              onDone();
            },
          );
        }}
      >
        <Field label={pt('req.niks')} error={form.errors.niks} wide testId="member-request-niks">
          {(ctl) => (
            <textarea
              {...ctl}
              rows={4}
              value={form.values.niks}
              onChange={(e) => form.set('niks', e.target.value)}
              inputMode="numeric"
            />
          )}
        </Field>
        <FormFooter
          error={form.formError}
          busy={form.busy}
          submit={pt('req.submit')}
          testId="member-request-submit"
        />
      </form>
    </section>
  );
}
