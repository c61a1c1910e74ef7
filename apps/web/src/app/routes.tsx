import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
} from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { AppFrame, Loading, NotFound } from './frame.tsx';

/**
 * The app's routes (TanStack Router, code-based): each feature screen is its own lazily loaded
 * chunk, so the first load stays small. Who may open which section is decided in `AppFrame` by
 * `access.ts`; the server still decides every request.
 */
const root = createRootRoute({ component: AppFrame, notFoundComponent: NotFound });

function screen<const P extends string>(
  path: P,
  load: () => Promise<{ default: () => ReactNode }>,
) {
  return createRoute({ getParentRoute: () => root, path, component: lazyRouteComponent(load) });
}

const routeTree = root.addChildren([
  screen('/', () => import('../features/home/components/home-screen.tsx')),
  screen('/admin', () => import('../features/admin/components/admin-screen.tsx')),
  screen('/admin/$tab', () => import('../features/admin/components/admin-screen.tsx')),
  screen('/tokens', () => import('../features/admin/components/tokens-screen.tsx')),
  screen('/grants', () => import('../features/grants/components/grants-screen.tsx')),
  screen('/devices', () => import('../features/devices/components/devices-screen.tsx')),
  screen('/security', () => import('../features/totp/components/totp-enrolment-screen.tsx')),
  screen('/reports', () => import('../features/reports/components/reports-screen.tsx')),
  screen('/policy', () => import('../features/policy/components/policy-screen.tsx')),
  screen('/oversight', () => import('../features/oversight/components/oversight-screen.tsx')),
  screen(
    '/oversight/$recordId',
    () => import('../features/oversight/components/oversight-screen.tsx'),
  ),
  screen('/integrity', () => import('../features/integrity/components/integrity-screen.tsx')),
  screen('/whiteboard', () => import('../features/whiteboard/components/whiteboard-screen.tsx')),
  screen('/records/new', () => import('../features/detention/components/detention-screen.tsx')),
  screen('/records/$recordId', () => import('../features/record/components/record-screen.tsx')),
  screen('/field/$recordId', () => import('../features/offline/components/field-screen.tsx')),
  screen(
    '/records/$recordId/registration',
    () => import('../features/registration/components/registration-screen.tsx'),
  ),
]);

export const router = createRouter({
  routeTree,
  defaultPendingComponent: Loading,
  defaultPreload: 'intent',
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
