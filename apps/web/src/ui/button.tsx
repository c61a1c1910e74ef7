import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

/** A button with a touch target of at least 44 × 44 px (WCAG 2.2 SC 2.5.5). */
export function Button(
  props: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; busy?: boolean },
): ReactNode {
  const { variant = 'secondary', busy = false, className, type = 'button', ...rest } = props;
  return (
    <button
      {...rest}
      type={type}
      aria-busy={busy || undefined}
      disabled={rest.disabled === true || busy}
      className={['btn', `btn-${variant}`, className].filter(Boolean).join(' ')}
    />
  );
}
