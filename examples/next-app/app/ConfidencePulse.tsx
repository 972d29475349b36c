'use client';
import { useEffect } from 'react';
import { createPulse } from 'confidence-pulse';
import surveys from '../surveys.json';

/** Starts Confidence Pulse once, in the browser; it follows client-side navigations by itself. */
export function ConfidencePulse() {
  useEffect(() => {
    const pulse = createPulse({ endpoint: process.env.NEXT_PUBLIC_PULSE_ENDPOINT!, config: surveys });
    return () => pulse.destroy();
  }, []);
  return null;
}
