import type { LocalState } from '../lib/createLocalState';
import type { CapsState } from './frequency';

/** The caps stored on this device, or none yet. */
export const readCaps = (local: LocalState): CapsState => local.get<CapsState>('caps') ?? { surveys: {} };
