import { z } from 'zod';
import { AgentId, ModelId } from '../ids/index.js';
import { CapabilityConfig } from './capability-config.js';
import { InitialFile } from './initial-file.js';
import { NetworkAccessList } from './network-access.js';
import { EntityStatus } from './status.js';
import { Timestamp } from './timestamp.js';
import { ToolDefinition } from './tool-definition.js';

/** The persona layer laid on top of a harness. A session may run without one. */
export const Agent = z.object({
  id: AgentId.schema,
  name: z.string().min(1),
  displayName: z.string().optional(),
  description: z.string().optional(),
  systemPrompt: z.string().default(''),
  defaultModelId: ModelId.schema.optional(),
  tags: z.array(z.string()).default([]),
  capabilities: z.array(CapabilityConfig).default([]),
  initialFiles: z.array(InitialFile).default([]),
  networkAccess: NetworkAccessList.optional(),
  maxIterations: z.number().int().positive().optional(),
  parallelToolCalls: z.boolean().optional(),
  tools: z.array(ToolDefinition).default([]),
  status: EntityStatus.default('active'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Agent = z.output<typeof Agent>;
export type AgentInput = z.input<typeof Agent>;
