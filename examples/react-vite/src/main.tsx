import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfidencePulse } from './ConfidencePulse';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfidencePulse />
    <main>
      <h1>Running shoes</h1>
      <p>Scroll, compare, decide: the survey asks how confident you feel.</p>
    </main>
  </StrictMode>,
);
