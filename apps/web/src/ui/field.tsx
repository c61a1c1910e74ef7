import { useId } from 'react';
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

interface FieldFrame {
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
}

/** `onValue` receives the new value, for the common case of a field bound to a state setter. */
interface ValueChange {
  readonly onValue?: ((value: string) => void) | undefined;
}

/** `onChange` for the element when the field is given `onValue`. */
function valueChange(
  onValue: ValueChange['onValue'],
): { onChange: (e: { target: { value: string } }) => void } | object {
  return onValue === undefined
    ? {}
    : {
        onChange: (e: { target: { value: string } }) => {
          onValue(e.target.value);
        },
      };
}

function describedBy(ids: readonly (string | false)[]): string | undefined {
  const list = ids.filter((x): x is string => typeof x === 'string');
  return list.length ? list.join(' ') : undefined;
}

function Frame(props: FieldFrame & { id: string; children: ReactNode }): ReactNode {
  return (
    <div className={props.error ? 'field field-invalid' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <p id={`${props.id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p id={`${props.id}-error`} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {props.error}
        </p>
      )}
    </div>
  );
}

/**
 * A labelled input whose hint and inline error are linked with
 * aria-describedby and whose invalid state is announced (WCAG 2.2 SC 3.3.1).
 */
export function TextField(
  props: FieldFrame & ValueChange & InputHTMLAttributes<HTMLInputElement>,
): ReactNode {
  const { label, hint, error, onValue, id: given, ...input } = props;
  const generated = useId();
  const id = given ?? generated;
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <input
        {...input}
        {...valueChange(onValue)}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy([!!hint && `${id}-hint`, !!error && `${id}-error`])}
      />
    </Frame>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

/** A labelled select with the same hint and error wiring as TextField. */
export function SelectField(
  props: FieldFrame &
    ValueChange &
    SelectHTMLAttributes<HTMLSelectElement> & { options: readonly Option[] },
): ReactNode {
  const { label, hint, error, options, onValue, id: given, ...select } = props;
  const generated = useId();
  const id = given ?? generated;
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <select
        {...select}
        {...valueChange(onValue)}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy([!!hint && `${id}-hint`, !!error && `${id}-error`])}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A form-level message (server refusal, summary of invalid fields), announced when it appears. */
export function FormAlert(props: { children: ReactNode }): ReactNode {
  return (
    <div className="form-alert" role="alert">
      {props.children}
    </div>
  );
}

/** Several checkboxes under one legend; the error is linked to the group. */
export function CheckboxGroup(props: {
  legend: string;
  name: string;
  options: readonly Option[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  error?: string | undefined;
}): ReactNode {
  const id = useId();
  return (
    <fieldset
      className={props.error ? 'field checkbox-group field-invalid' : 'field checkbox-group'}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} className="checkbox">
          <input
            type="checkbox"
            name={props.name}
            value={o.value}
            checked={props.values.includes(o.value)}
            onChange={(e) => {
              props.onChange(
                e.target.checked
                  ? [...props.values, o.value]
                  : props.values.filter((v) => v !== o.value),
              );
            }}
          />
          {o.label}
        </label>
      ))}
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
