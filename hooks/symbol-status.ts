import type { GeneratorStatus } from './use-generator';

/**
 * The generator's status, or, once it is ready, the symbol's: rendering counts as loading ("generate"). A symbol the
 * server drew into the page (its first paint) is ready on the backend 'server'. Apart from ./use-symbol, so views can
 * name a status without loading the generator's client.
 */
export type SymbolStatus =
  | GeneratorStatus
  | { state: 'loading'; phase: 'generate'; loaded: number; total: number; fromCache: boolean }
  | { state: 'ready'; backend: 'server'; fromCache: false };

/** The status of the server's first paint while it is the symbol asked for. */
export const SERVER_READY = { state: 'ready', backend: 'server', fromCache: false } as const satisfies SymbolStatus;
