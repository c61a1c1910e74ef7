import { useId } from 'react';
import type { ReactNode } from 'react';
import type { Option } from '../../../ui/index.ts';
import './fields.css';

/** One checkbox with its label as a large touch target (WCAG 2.2 SC 2.5.5). */
export function Toggle(props: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}): ReactNode {
  return (
    <label className="toggle">
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        onChange={(e) => {
          props.onChange(e.target.checked);
        }}
      />
      <span>{props.label}</span>
    </label>
  );
}

/**
 * Mutually exclusive choices as large radio buttons under one legend; a message goes below the
 * options, where this app's text fields put theirs, and the fieldset names it.
 */
export function Choice<V extends string>(props: {
  legend: string;
  name: string;
  value: V;
  options: readonly (Option & { value: V })[];
  onChange: (value: V) => void;
  error?: string | undefined;
}): ReactNode {
  const id = useId();
  return (
    <fieldset
      className={props.error ? 'field choice field-invalid' : 'field choice'}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      <div className="choice-options">
        {props.options.map((o) => (
          <label key={o.value} className="choice-option">
            <input
              type="radio"
              name={props.name}
              value={o.value}
              checked={props.value === o.value}
              onChange={() => {
                props.onChange(o.value);
              }}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/** A labelled multi-line text field with the same hint and error wiring as TextField. */
export function TextArea(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  rows?: number;
  required?: boolean;
}): ReactNode {
  const id = useId();
  const described = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean);
  return (
    <div className={props.error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p id={`${id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described.length ? described.join(' ') : undefined}
        onChange={(e) => {
          props.onChange(e.target.value);
        }}
      />
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {props.error}
        </p>
      )}
    </div>
  );
}
