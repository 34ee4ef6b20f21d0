export { CaptureLog } from './capture-log.js';
export { splitIntoChunks } from './chunking.js';
export {
  DEFAULT_CHUNK_LATENCY_MS,
  DEFAULT_MODEL_NAME,
  DEFAULT_RESPONSE,
  LlmSimConfig,
  type LlmSimSettings,
} from './llmsim-config.js';
export { SCRIPT_EXHAUSTED_MESSAGE } from './call-planner.js';
export { LlmSim } from './llmsim.js';
export { LlmSimDriver } from './llmsim-driver.js';
export { loremIpsum } from './lorem.js';
export { type ModelTiming, parseModelTiming } from './model-timing.js';
export { llmsimModel, registerLlmSim } from './registration.js';
export {
  type ConditionalRule,
  ON_EXHAUSTED_MODES,
  type OnExhausted,
  type ResponseMode,
  type ToolCallMode,
  type UsageOverride,
} from './response-mode.js';
export { assistantTurn, driverError, toolCall } from './scripting-helpers.js';
export { isTransientSimError, SIM_ERROR_KINDS, type SimError, type SimErrorKind, simErrorToDriverError } from './sim-error.js';
export { autoToolCallId, type SimToolCall } from './sim-tool-call.js';
export { SimTurn } from './sim-turn.js';
export { estimatePromptTokens, estimateTokens } from './token-estimate.js';
