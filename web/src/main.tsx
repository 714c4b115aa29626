import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Link } from 'react-router';
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa.js';
import { App } from './App.tsx';
import './app.css';

startReactDsfr({ defaultColorScheme: 'system', Link });

declare module '@codegouvfr/react-dsfr/spa.js' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

const container = document.getElementById('root');
if (!container) throw new Error('élément #root introuvable dans index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
