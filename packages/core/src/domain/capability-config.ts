import { z } from 'zod';

/** A capability switched on for a harness, agent or session, with its configuration. */
export const CapabilityConfig = z.object({
  id: z.string().min(1),
  config: z.unknown().optional(),
});
export type CapabilityConfig = z.output<typeof CapabilityConfig>;
