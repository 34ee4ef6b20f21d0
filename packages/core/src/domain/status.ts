import { z } from 'zod';

/** Lifecycle status of a harness or agent. Unknown strings read as `active`. */
export const EntityStatus = z.enum(['active', 'archived', 'deleted']).catch('active');
export type EntityStatus = z.infer<typeof EntityStatus>;

/**
 * Session status: `started`/`idle` → `active` (turn start) → `idle` (turn end).
 * Legacy values are mapped when reading: running → active; pending, completed,
 * failed → idle; anything else → started.
 */
export const SessionStatus = z.preprocess(
  (value) => {
    if (value === 'running') return 'active';
    if (value === 'pending' || value === 'completed' || value === 'failed') return 'idle';
    return value;
  },
  z.enum(['started', 'active', 'idle', 'waiting_for_tool_results', 'paused']).catch('started'),
);
export type SessionStatus = 'started' | 'active' | 'idle' | 'waiting_for_tool_results' | 'paused';
