/**
 * When a visitor's session ends: the widget starts a new `sessionId` after this much idle time, and the report
 * closes a session it has seen nothing of for as long.
 */
export const SESSION_IDLE_MS = 30 * 60_000;
