import type { ReactNode } from 'react';
import { ConfidencePulse } from './ConfidencePulse';

export const metadata = { title: 'Confidence Pulse with Next.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ConfidencePulse />
        {children}
      </body>
    </html>
  );
}
