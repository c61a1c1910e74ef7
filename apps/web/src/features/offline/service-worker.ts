/**
 * The service worker's lifecycle as the page sees it (docs/ARCHITECTURE.md "Offline"): a new
 * version installs and waits; `activateUpdate` lets it take over (and reloads) only when the
 * caller has checked that nothing is unsent and no form is dirty. Never an automatic reload.
 */
export interface UpdateState {
  readonly waiting: boolean;
}

const listeners = new Set<(s: UpdateState) => void>();
let waiting: ServiceWorker | null = null;

function announce(): void {
  for (const fn of listeners) fn({ waiting: waiting !== null });
}

export function onUpdate(fn: (s: UpdateState) => void): () => void {
  listeners.add(fn);
  fn({ waiting: waiting !== null });
  return () => listeners.delete(fn);
}

function track(registration: ServiceWorkerRegistration): void {
  const check = () => {
    if (registration.waiting !== null && navigator.serviceWorker.controller !== null) {
      waiting = registration.waiting;
      announce();
    }
  };
  check();
  registration.addEventListener('updatefound', () => {
    registration.installing?.addEventListener('statechange', check);
  });
}

/** Registers /sw.js, versioned by the build (the entry chunk's hashed name), and checks hourly. */
export async function registerServiceWorker(version: string): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const registration = await navigator.serviceWorker.register(
    `/sw.js?v=${encodeURIComponent(version)}`,
  );
  track(registration);
  setInterval(() => void registration.update().catch(() => undefined), 3_600_000);
}

/**
 * Asks the service worker to fetch and keep the reference data an officer needs offline (units,
 * their unit's rooms): pages fetched before the worker controlled them were not seen by it.
 */
export async function keepReference(paths: readonly string[]): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const registration = await navigator.serviceWorker.getRegistration();
  if (registration === undefined) return;
  const worker = registration.active ?? (await navigator.serviceWorker.ready).active;
  worker?.postMessage({ type: 'KEEP_REFERENCE', paths });
}

/** Lets the waiting version take over; the page reloads once it controls it. */
export function activateUpdate(): void {
  if (waiting === null) return;
  navigator.serviceWorker.addEventListener(
    'controllerchange',
    () => {
      window.location.reload();
    },
    {
      once: true,
    },
  );
  waiting.postMessage({ type: 'SKIP_WAITING' });
}

const dirty = new Set<string>();
const dirtyListeners = new Set<() => void>();

/** A form says it holds unsaved input (or no longer does); an update waits for none. */
export function setFormDirty(id: string, isDirty: boolean): void {
  const had = dirty.has(id);
  if (isDirty) dirty.add(id);
  else dirty.delete(id);
  if (had !== isDirty) for (const fn of dirtyListeners) fn();
}

export function anyFormDirty(): boolean {
  return dirty.size > 0;
}

export function onDirtyChange(fn: () => void): () => void {
  dirtyListeners.add(fn);
  return () => dirtyListeners.delete(fn);
}
