import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { queryClient } from '../api/query-client.ts';
import { I18nProvider } from '../i18n/index.ts';
import { ToastProvider } from '../ui/index.ts';
import { router } from './routes.tsx';
import { SessionProvider } from './session.tsx';

/** The application: server state, language, notices and session around the routed screens. */
export function App(): ReactNode {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ToastProvider>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </ToastProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
