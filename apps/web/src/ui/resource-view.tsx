import type { ReactNode } from 'react';
import type { Resource } from '../api/use-resource.ts';
import { useT } from '../i18n/index.ts';
import { describeError } from './errors.ts';
import { FormAlert } from './field.tsx';

/** Renders loading and failure of a Resource the same way everywhere, and the data via `children`. */
export function ResourceView<T>(props: {
  resource: Resource<T>;
  children: (data: T) => ReactNode;
}): ReactNode {
  const t = useT();
  switch (props.resource.status) {
    case 'loading':
      return (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      );
    case 'error':
      return <FormAlert>{describeError(t, props.resource.error)}</FormAlert>;
    case 'ready':
      return props.children(props.resource.data);
  }
}
