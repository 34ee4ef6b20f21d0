import type { ModelId } from '../ids/index.js';
import type { CapabilityConfig } from './capability-config.js';
import type { InitialFile } from './initial-file.js';
import type { NetworkAccessList } from './network-access.js';
import type { ToolDefinition } from './tool-definition.js';

/**
 * One configuration layer (harness, agent or session). Folding the layers
 * root harness → … → leaf harness → agent → session gives the effective config.
 */
export interface AgentConfigOverlay {
  systemPrompt?: string;
  capabilities?: CapabilityConfig[];
  initialFiles?: InitialFile[];
  networkAccess?: NetworkAccessList;
  defaultModelId?: ModelId;
  tools?: ToolDefinition[];
  maxIterations?: number;
  parallelToolCalls?: boolean;
}
