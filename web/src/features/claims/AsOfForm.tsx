import { useRouter } from '../../router.tsx';
import { DateRow, TaskFormCard } from '../../ui/fields.tsx';
import { checks, type FieldErrors, isoToInput, todayWib, useTaskForm } from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';

/**
 * The benefit summary's "as of" date: typed day first (WIB calendar), not after today; a wrong date
 * is said beside the field and the summary stays on the last good date.
 */
export function AsOfForm({ participantId, asOf }: { participantId: string; asOf: string }) {
  const { fx } = useFx();
  const { navigate } = useRouter();
  const f = useTaskForm({ as_of: isoToInput(asOf) });
  let day = '';
  const check = () => {
    const e: FieldErrors = {};
    day = checks(e).date('as_of', f.values.as_of, { required: true, notAfter: todayWib() }) ?? '';
    return e;
  };
  const send = async () => {
    navigate(`/peserta/${participantId}/manfaat?per=${day}`, { replace: true });
  };
  return (
    <TaskFormCard
      form={f}
      check={check}
      send={send}
      testId="as-of-form"
      className="as-of-form"
      submit={fx('benefitForm.show')}
      submitTestId="as-of-show"
    >
      <DateRow form={f} name="as_of" label={fx('benefitForm.asOf')} testId="benefit-as-of" />
    </TaskFormCard>
  );
}
