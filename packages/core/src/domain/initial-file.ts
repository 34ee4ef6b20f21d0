import { z } from 'zod';

/** A file seeded into a session's workspace when the runtime is built. */
export const InitialFile = z.object({
  path: z.string().min(1),
  content: z.string(),
  encoding: z.enum(['text', 'base64']).default('text'),
  isReadonly: z.boolean().default(false),
});
export type InitialFile = z.output<typeof InitialFile>;
export type InitialFileInput = z.input<typeof InitialFile>;
