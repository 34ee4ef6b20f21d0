import { z } from 'zod';
import { HarnessId, ModelId } from '../ids/index.js';
import { CapabilityConfig } from './capability-config.js';
import { InitialFile } from './initial-file.js';
import { NetworkAccessList } from './network-access.js';
import { EntityStatus } from './status.js';
import { Timestamp } from './timestamp.js';

/**
 * The reusable environment layer: base prompt, capabilities, files and network
 * policy. Harnesses inherit through `parentHarnessId`.
 */
export const Harness = z.object({
  id: HarnessId.schema,
  name: z.string().min(1),
  displayName: z.string().optional(),
  description: z.string().optional(),
  systemPrompt: z.string().default(''),
  parentHarnessId: HarnessId.schema.optional(),
  defaultModelId: ModelId.schema.optional(),
  tags: z.array(z.string()).default([]),
  capabilities: z.array(CapabilityConfig).default([]),
  initialFiles: z.array(InitialFile).default([]),
  networkAccess: NetworkAccessList.optional(),
  parallelToolCalls: z.boolean().optional(),
  status: EntityStatus.default('active'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Harness = z.output<typeof Harness>;
export type HarnessInput = z.input<typeof Harness>;
