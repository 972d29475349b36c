import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { ConfidencePulse } from './ConfidencePulse';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <ConfidencePulse />
      <nav>
        <Link to="/c/shoes">Shoes</Link> · <Link to="/compare">Compare</Link>
      </nav>
      <Routes>
        <Route path="/c/:category" element={<h1>A category</h1>} />
        <Route path="/compare" element={<h1>Comparison</h1>} />
        <Route path="*" element={<h1>Home</h1>} />
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
