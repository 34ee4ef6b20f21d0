import { z } from 'zod';
import { AgentId, HarnessId, ModelId, PrincipalId, SessionId } from '../ids/index.js';
import { CapabilityConfig } from './capability-config.js';
import { InitialFile } from './initial-file.js';
import { NetworkAccessList } from './network-access.js';
import { SessionStatus } from './status.js';
import { Timestamp } from './timestamp.js';
import { ToolDefinition } from './tool-definition.js';

/** One conversation. It points at a harness and optionally an agent, and adds its own overlay layer. */
export const Session = z.object({
  id: SessionId.schema,
  harnessId: HarnessId.schema,
  agentId: AgentId.schema.optional(),
  ownerPrincipalId: PrincipalId.schema.default(PrincipalId.fromSeed(1)),
  title: z.string().optional(),
  locale: z.string().optional(),
  tags: z.array(z.string()).default([]),
  modelId: ModelId.schema.optional(),
  systemPrompt: z.string().optional(),
  capabilities: z.array(CapabilityConfig).default([]),
  tools: z.array(ToolDefinition).default([]),
  initialFiles: z.array(InitialFile).default([]),
  networkAccess: NetworkAccessList.optional(),
  maxIterations: z.number().int().positive().optional(),
  parallelToolCalls: z.boolean().optional(),
  status: SessionStatus.default('started'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Session = z.output<typeof Session>;
export type SessionInput = z.input<typeof Session>;
