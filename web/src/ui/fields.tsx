/**
 * Task-form rows bound to a `useTaskForm` state by field name (issue 14): each row is a `Field`
 * (label, error beside it, hint) holding the right input, so a page says `<TextRow form={f} name="x" …/>`
 * instead of wiring value, onChange and error by hand. Also the form card with its footer, a page with
 * crumbs and header, and the "saved — do another" confirmation. Built on ./form.tsx.
 */
import { type InputHTMLAttributes, type ReactNode, useEffect, useRef, useState } from 'react';
import { Link } from '../router.tsx';
import { PageHeader } from './components.tsx';
import {
  AmountInput,
  type Change,
  Choice,
  Confirmation,
  DateInput,
  EntityPicker,
  Field,
  type FieldErrors,
  FormFooter,
  type Picked,
  type RegionOption,
  RegionPicker,
  type useTaskForm,
} from './form.tsx';

// biome-ignore lint/suspicious/noExplicitAny: any form's values
type AnyValues = Record<string, any>;
/** What `useTaskForm` returns. */
export type TaskForm<T extends AnyValues> = ReturnType<typeof useTaskForm<T>>;
type KeysOf<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T] & string;

interface RowBase<T extends AnyValues, V> {
  form: TaskForm<T>;
  name: KeysOf<T, V>;
  label: ReactNode;
  optional?: boolean;
  hint?: ReactNode;
  wide?: boolean;
  /** data-testid of the input */
  testId?: string;
  /** data-testid of the whole row */
  rowTestId?: string;
}

function Row<T extends AnyValues, V>({
  p,
  children,
}: {
  p: RowBase<T, V>;
  children: Parameters<typeof Field>[0]['children'];
}) {
  return (
    <Field
      label={p.label}
      error={p.form.errors[p.name]}
      optional={p.optional}
      hint={p.hint}
      wide={p.wide}
      testId={p.rowTestId}
    >
      {children}
    </Field>
  );
}

type InputExtras = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id' | 'form' | 'name'>;

/** A text input (or, with `input`, any other kind: `{ inputMode: 'numeric' }`, `{ type: 'email' }`). */
export function TextRow<T extends AnyValues>(
  p: RowBase<T, string> & { input?: InputExtras; onChange?(v: string): void },
) {
  const { form: f, name } = p;
  return (
    <Row p={p}>
      {(ctl) => (
        <input
          {...ctl}
          {...p.input}
          value={f.values[name]}
          onChange={(e) => (p.onChange ?? ((x: string) => f.set(name, x as T[typeof name])))(e.target.value)}
          data-testid={p.testId}
        />
      )}
    </Row>
  );
}

/** A few lines of free text (a note, a reason). */
export function TextAreaRow<T extends AnyValues>(
  p: RowBase<T, string> & { rows?: number; maxLength?: number },
) {
  const { form: f, name } = p;
  return (
    <Row p={p}>
      {(ctl) => (
        <textarea
          {...ctl}
          rows={p.rows ?? 3}
          maxLength={p.maxLength}
          value={f.values[name]}
          onChange={(e) => f.set(name, e.target.value as T[typeof name])}
          data-testid={p.testId}
        />
      )}
    </Row>
  );
}

/** Rupiah (or, with `rupiah={false}`, a count) typed the Indonesian way: 5.000.000. */
export function AmountRow<T extends AnyValues>(p: RowBase<T, string> & { rupiah?: boolean }) {
  const { form: f, name } = p;
  return (
    <Row p={p}>
      {(ctl) => (
        <AmountInput
          ctl={ctl}
          rupiah={p.rupiah}
          value={f.values[name]}
          onChange={(x) => f.set(name, x as T[typeof name])}
          testId={p.testId}
        />
      )}
    </Row>
  );
}

/** A date typed day first on the WIB calendar. */
export function DateRow<T extends AnyValues>(
  p: RowBase<T, string> & { todayButton?: boolean; onChange?(v: string): void },
) {
  const { form: f, name } = p;
  return (
    <Row p={p}>
      {(ctl) => (
        <DateInput
          ctl={ctl}
          value={f.values[name]}
          onChange={p.onChange ?? ((x) => f.set(name, x as T[typeof name]))}
          testId={p.testId}
          todayButton={p.todayButton}
        />
      )}
    </Row>
  );
}

/** A select of (value, words) pairs. */
export function ChoiceRow<T extends AnyValues>(
  p: RowBase<T, string> & {
    options: Array<[string, string]>;
    placeholder?: string;
    /** the value shown when it is not the form's own (e.g. a suggested default) */
    value?: string;
    onChange?(v: string): void;
  },
) {
  const { form: f, name } = p;
  return (
    <Row p={p}>
      {(ctl) => (
        <Choice
          ctl={ctl}
          value={p.value ?? f.values[name]}
          onChange={p.onChange ?? ((x) => f.set(name, x as T[typeof name]))}
          options={p.options}
          placeholder={p.placeholder}
          testId={p.testId}
        />
      )}
    </Row>
  );
}

/** A file to upload (CSV, XLSX); emptied on screen when the form's value goes back to null. */
export function FileRow<T extends AnyValues>(p: RowBase<T, File | null> & { accept: string }) {
  const { form: f, name } = p;
  const ref = useRef<HTMLInputElement>(null);
  const value: File | null = f.values[name];
  useEffect(() => {
    if (!value && ref.current) ref.current.value = '';
  }, [value]);
  return (
    <Row p={p}>
      {(ctl) => (
        <input
          {...ctl}
          ref={ref}
          type="file"
          accept={p.accept}
          onChange={(e) => f.set(name, (e.target.files?.[0] ?? null) as T[typeof name])}
          data-testid={p.testId}
        />
      )}
    </Row>
  );
}

/** A yes/no box, its words beside it. */
export function CheckRow<T extends AnyValues>(p: RowBase<T, boolean> & { text?: ReactNode }) {
  const { form: f, name } = p;
  return (
    <Row p={p}>
      {(ctl) => (
        <span className="check">
          <input
            {...ctl}
            type="checkbox"
            checked={f.values[name]}
            onChange={(e) => f.set(name, e.target.checked as T[typeof name])}
            data-testid={p.testId}
          />
          {p.text}
        </span>
      )}
    </Row>
  );
}

/** Several of a fixed list, each a box (segments, programs). */
export function ChecksRow<T extends AnyValues>({
  form: f,
  name,
  legend,
  options,
}: {
  form: TaskForm<T>;
  name: KeysOf<T, string[]>;
  legend: ReactNode;
  options: Array<[string, ReactNode]>;
}) {
  const picked: string[] = f.values[name];
  return (
    <fieldset className="checks span-2">
      <legend className="muted small">{legend}</legend>
      {options.map(([o, words]) => (
        <label key={o} className="check">
          <input
            type="checkbox"
            checked={picked.includes(o)}
            onChange={() =>
              f.set(
                name,
                (picked.includes(o) ? picked.filter((x) => x !== o) : [...picked, o]) as T[typeof name],
              )
            }
          />
          {words}
        </label>
      ))}
    </fieldset>
  );
}

/** An employer or participant found by NPP, KPJ, NIK or name. */
export function EntityRow<T extends AnyValues>(
  p: RowBase<T, Picked | null> & { kind: 'employer' | 'participant'; onChange?(v: Picked | null): void },
) {
  const { form: f, name } = p;
  return (
    <Row p={p}>
      {(ctl) => (
        <EntityPicker
          ctl={ctl}
          kind={p.kind}
          value={f.values[name]}
          onChange={p.onChange ?? ((x) => f.set(name, x as T[typeof name]))}
          testId={p.testId}
        />
      )}
    </Row>
  );
}

/** A region chosen level by level or searched by name. */
export function RegionRow<T extends AnyValues>(
  p: RowBase<T, string> & {
    level?: 1 | 2 | 3 | 4;
    anyLevel?: boolean;
    mine?: boolean;
    onChange?(code: string, option: RegionOption | null): void;
  },
) {
  const { form: f, name } = p;
  return (
    <Row p={p}>
      {(ctl) => (
        <RegionPicker
          ctl={ctl}
          level={p.level}
          anyLevel={p.anyLevel}
          mine={p.mine}
          value={f.values[name]}
          onChange={p.onChange ?? ((code) => f.set(name, code as T[typeof name]))}
          testId={p.testId}
        />
      )}
    </Row>
  );
}

/**
 * The form card: `check` runs first (its errors go beside the fields), then `send`; the footer says
 * the form's own error, the submit button and the way back. With `saved`, what `send` returns (the
 * changes) replaces the form by a confirmation whose "again" button brings the form back.
 */
export function TaskFormCard<T extends AnyValues>({
  form: f,
  check,
  send,
  testId,
  title,
  submit,
  submitTestId,
  back,
  backLabel,
  note,
  busyText,
  saved,
  className,
  children,
}: {
  form: TaskForm<T>;
  check(): FieldErrors;
  /** with `saved`: resolves to the changes the confirmation lists */
  send(): Promise<unknown>;
  saved?: { title: ReactNode; again: ReactNode };
  testId?: string;
  title?: ReactNode;
  submit: string;
  submitTestId?: string;
  back?: string;
  backLabel?: string;
  note?: ReactNode;
  busyText?: string;
  className?: string;
  children: ReactNode;
}) {
  const [changes, setChanges] = useState<Change[] | null>(null);
  if (saved && changes)
    return (
      <SavedAgain
        title={saved.title}
        changes={changes}
        again={saved.again}
        onAgain={() => setChanges(null)}
      />
    );
  return (
    <form
      className={`card form-grid${className ? ` ${className}` : ''}`}
      noValidate
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(check, async () => {
          const c = await send();
          if (saved && Array.isArray(c)) setChanges(c as Change[]);
        });
      }}
    >
      {title && <h2 className="span-2">{title}</h2>}
      {children}
      <FormFooter
        error={f.formError}
        busy={f.busy}
        submit={submit}
        back={back}
        backLabel={backLabel}
        note={note}
        busyText={busyText}
        testId={submitTestId}
      />
    </form>
  );
}

/** A task page: a link back above its header, then the form or its confirmation. */
export function FormPage({
  crumb,
  title,
  subtitle,
  children,
}: {
  crumb?: { to: string; label: ReactNode };
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div>
      {crumb && (
        <p className="crumbs">
          <Link to={crumb.to}>← {crumb.label}</Link>
        </p>
      )}
      <PageHeader title={title} subtitle={subtitle} />
      {children}
    </div>
  );
}

/** After a save on a page where the same task is often done again: the confirmation and "again". */
export function SavedAgain({
  title,
  changes,
  again,
  onAgain,
  testId,
  children,
}: {
  title: ReactNode;
  changes: Change[];
  again: ReactNode;
  onAgain(): void;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <Confirmation title={title} changes={changes}>
      {children}
      <button type="button" className="btn" onClick={onAgain} data-testid={testId}>
        {again}
      </button>
    </Confirmation>
  );
}
