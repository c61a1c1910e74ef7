import './app/zod-without-eval.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { registerServiceWorker } from './features/offline/service-worker.ts';
import './ui/theme.css';
import './ui/ui.css';
import './app/shell.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

if (import.meta.env.PROD) {
  void registerServiceWorker(new URL(import.meta.url).pathname).catch(() => undefined);
}
