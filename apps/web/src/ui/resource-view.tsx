import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.ts';
import { describeError } from './errors.ts';
import { FormAlert } from './field.tsx';

/** Renders loading and failure of a query the same way everywhere, and the data via `children`. */
export function ResourceView<T>(props: {
  query: Pick<UseQueryResult<T>, 'status' | 'data' | 'error'>;
  children: (data: T) => ReactNode;
}): ReactNode {
  const t = useT();
  const { query } = props;
  if (query.status === 'error') return <FormAlert>{describeError(t, query.error)}</FormAlert>;
  if (query.status === 'pending' || query.data === undefined) {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  return props.children(query.data);
}
