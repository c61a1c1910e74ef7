import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.ts';

/** A refusal (4xx) is an answer, not a failure: asking again would get the same one. */
function retry(failures: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

/**
 * The app's server-state cache (TanStack Query). Screens read through `useQuery`; a command,
 * a form or a live event (SSE) invalidates the keys it changes, and the screens refetch.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry, staleTime: 5_000, refetchOnWindowFocus: true },
    mutations: { retry: false },
  },
});

/** The query keys of the app, in one place so that every invalidation names the same key. */
export const keys = {
  record: (recordId: string) => ['record', recordId] as const,
  whiteboard: (unitId: string) => ['whiteboard', unitId] as const,
  units: () => ['units'] as const,
  whiteboardUnits: () => ['units', 'whiteboard'] as const,
  rooms: (unitId: string) => ['rooms', unitId] as const,
  placements: (recordId: string) => ['placements', recordId] as const,
  supervisors: (unitId: string) => ['supervisors', unitId] as const,
  users: () => ['users'] as const,
  tokens: () => ['tokens'] as const,
  tokenScopes: () => ['tokens', 'scopes'] as const,
  grants: () => ['grants'] as const,
  devices: () => ['devices'] as const,
  policy: (unitId: string) => ['policy', unitId] as const,
  grantees: () => ['grantees'] as const,
  report: (params: unknown) => ['report', params] as const,
  records: (query: unknown) => ['records', query] as const,
  checkpoints: () => ['checkpoints'] as const,
};
