import type { DriverError, LlmCallConfig } from '../driver/driver.js';
import type { EventData } from '../events/catalogue.js';
import type { TokenUsage } from '../events/usage.js';
import { IN_PROCESS_ORG_ID, type MessageId } from '../ids/index.js';
import type { ToolCall } from '../messages/content-part.js';
import { lastUserMessage, Messages } from '../messages/message.js';
import type { AtomHost } from './atom-host.js';
import { callDriver, type DriverCallOutcome } from './driver-call.js';
import { toolNamesOf } from './tool-names.js';

export interface ReasonInput {
  /** 1-based reason step of the turn. */
  iteration: number;
  previousResponseId?: string;
}

/** What a reason step decided. */
export interface ReasonResult {
  success: boolean;
  /** The assistant text, or a user-facing error text on failure. */
  text: string;
  toolCalls: ToolCall[];
  /** The raw error on failure. */
  error?: string;
  errorCode?: string;
  usage?: TokenUsage;
  responseId?: string;
  finishReason?: string;
  outputMessageId?: MessageId;
  timeToFirstTokenMs?: number;
  /** The turn was cancelled during the call; nothing was recorded for it. */
  cancelled: boolean;
}

const GENERIC_ERROR_TEXT = 'I encountered an error while processing your request. Please try again later.';
const TOO_LARGE_TEXT = 'The conversation is too long for the model. Please start a new session or shorten your request.';
const PREVIEW_CHARS = 200;

/**
 * The reason atom: one LLM call over the session history. Emits
 * `reason.started` → `output.message.started` → (`output.message.delta`…) →
 * `llm.generation` → `output.message.completed` → `reason.completed`.
 */
export async function runReasonAtom(host: AtomHost, input: ReasonInput): Promise<ReasonResult> {
  const started = performance.now();
  const context = host.atomContext();
  const { turn, turnId } = host;
  const reasonStarted = { harnessId: turn.session.harnessId, iteration: input.iteration } as {
    harnessId: typeof turn.session.harnessId;
    agentId?: NonNullable<typeof turn.agent>['id'];
    iteration: number;
  };
  if (turn.agent) reasonStarted.agentId = turn.agent.id;
  host.emit({ type: 'reason.started', context, data: reasonStarted });

  const messages = host.llmConversation();
  const metadata: Record<string, string> = {
    sessionId: host.sessionId,
    harnessId: turn.session.harnessId,
    turnId,
    execId: context.execId ?? '',
    orgId: IN_PROCESS_ORG_ID,
  };
  if (turn.agent) metadata.agentId = turn.agent.id;
  if (turn.resolvedModelId) metadata.modelId = turn.resolvedModelId;
  const lastUser = lastUserMessage(host.messages());
  const effort = lastUser?.controls?.reasoning?.effort;
  // Built by assignment, not conditional spreads: a literal with spreads between its properties costs several
  // times more on Node 20, and this atom builds a dozen such objects per turn. (Same key order as before.)
  const config: LlmCallConfig = { model: turn.model.model, tools: turn.runtimeAgent.tools, metadata };
  if (input.previousResponseId !== undefined) config.previousResponseId = input.previousResponseId;
  if (effort && effort !== 'none') config.reasoningEffort = effort;

  host.emit({ type: 'output.message.started', context, data: { turnId, model: turn.model.model, iteration: input.iteration } });
  if (config.reasoningEffort) host.emit({ type: 'reason.thinking.started', context, data: { turnId, model: turn.model.model } });

  const deltas = new DeltaBatcher(host.options.deltaIntervalMs, (accumulated, delta) =>
    host.emit({ type: 'output.message.delta', context, data: { turnId, delta, accumulated } }),
  );
  let thinkingAccumulated = '';
  const outcome = await callDriver({
    driver: host.driver,
    messages,
    config,
    signal: host.signal,
    work: host.work,
    retry: host.options.retry,
    stallTimeoutMs: host.options.stallTimeoutMs,
    onTextDelta: (text) => deltas.add(text),
    onThinkingDelta: (text) => {
      thinkingAccumulated += text;
      host.emit({ type: 'reason.thinking.delta', context, data: { turnId, delta: text, accumulated: thinkingAccumulated } });
    },
  });
  deltas.flush();
  if (outcome.cancelled) return { success: false, text: '', toolCalls: [], cancelled: true };

  const usage = usageOf(outcome);
  const durationMs = performance.now() - started;
  const failed = outcome.error !== undefined;
  const generation = { messageCount: messages.length } as EventData<'llm.generation'>;
  // A copy: the conversation array is the runtime's and keeps growing.
  if (host.options.captureGenerationMessages) generation.messages = [...messages];
  generation.toolNames = toolNamesOf(config.tools).list as string[];
  generation.output = failed ? { toolCalls: [] } : { text: outcome.text, toolCalls: outcome.toolCalls };
  const generationMetadata = { model: outcome.done?.model ?? turn.model.model, provider: turn.model.provider } as EventData<'llm.generation'>['metadata'];
  if (usage) generationMetadata.usage = usage;
  generationMetadata.durationMs = durationMs;
  if (outcome.timeToFirstTokenMs !== undefined) generationMetadata.timeToFirstTokenMs = outcome.timeToFirstTokenMs;
  generationMetadata.success = !failed;
  if (failed) generationMetadata.error = outcome.error?.message;
  generationMetadata.finishReasons = failed ? ['error'] : outcome.toolCalls.length > 0 ? ['tool_calls'] : ['stop'];
  if (outcome.done?.responseId) generationMetadata.responseId = outcome.done.responseId;
  if (outcome.attempts > 1) generationMetadata.retry = { attempts: outcome.attempts, totalWaitMs: outcome.totalWaitMs };
  generation.metadata = generationMetadata;
  host.emit({ type: 'llm.generation', context, data: generation });

  if (outcome.error) return failReason(host, context, outcome.error, durationMs);

  if (outcome.thinking) host.emit({ type: 'reason.thinking.completed', context, data: { turnId, thinking: outcome.thinking } });
  const hasToolCalls = outcome.toolCalls.length > 0;
  const message = hasToolCalls ? Messages.agentWithTools(outcome.text, outcome.toolCalls) : Messages.agent(outcome.text);
  message.phase = outcome.done?.phase ?? (hasToolCalls ? 'commentary' : 'final_answer');
  message.metadata = config.reasoningEffort ? { model: turn.model.model, reasoningEffort: config.reasoningEffort } : { model: turn.model.model };
  if (outcome.thinking) message.thinking = outcome.thinking;
  if (outcome.thinkingSignature) message.thinkingSignature = outcome.thinkingSignature;
  const completed = {
    message,
    metadata: turn.resolvedModelId
      ? { model: turn.model.model, modelId: turn.resolvedModelId, providerId: turn.model.provider }
      : { model: turn.model.model, providerId: turn.model.provider },
  } as EventData<'output.message.completed'>;
  if (usage) completed.usage = usage;
  host.emit({ type: 'output.message.completed', context, data: completed });
  const reasonCompleted = {
    success: true,
    textPreview: outcome.text.slice(0, PREVIEW_CHARS),
    hasToolCalls,
    toolCallCount: outcome.toolCalls.length,
    durationMs,
  } as EventData<'reason.completed'>;
  if (usage) reasonCompleted.usage = usage;
  host.emit({ type: 'reason.completed', context, data: reasonCompleted });
  const result: ReasonResult = { success: true, text: outcome.text, toolCalls: outcome.toolCalls, outputMessageId: message.id, cancelled: false };
  if (usage) result.usage = usage;
  if (outcome.done?.responseId) result.responseId = outcome.done.responseId;
  if (outcome.done?.finishReason) result.finishReason = outcome.done.finishReason;
  if (outcome.timeToFirstTokenMs !== undefined) result.timeToFirstTokenMs = outcome.timeToFirstTokenMs;
  return result;
}

/**
 * The error path: a user-facing assistant message (marked as an error
 * placeholder, so later LLM calls never see it) for permanent errors, then
 * `reason.completed` with the raw error.
 */
function failReason(host: AtomHost, context: ReturnType<AtomHost['atomContext']>, error: DriverError, durationMs: number): ReasonResult {
  const errorCode = error.kind === 'context_too_long' ? 'request_too_large' : `llm_${error.kind}`;
  const userText = error.kind === 'context_too_long' ? TOO_LARGE_TEXT : GENERIC_ERROR_TEXT;
  let outputMessageId: MessageId | undefined;
  if (!error.retryable) {
    const message = Messages.agent(userText);
    message.metadata = { errorCode, userFacingError: true };
    outputMessageId = message.id;
    host.emit({ type: 'output.message.completed', context, data: { message, errorCode } });
  }
  host.emit({
    type: 'reason.completed',
    context,
    data: { success: false, hasToolCalls: false, toolCallCount: 0, error: error.message, durationMs },
  });
  const result: ReasonResult = { success: false, text: userText, toolCalls: [], error: error.message, errorCode, cancelled: false };
  if (outputMessageId) result.outputMessageId = outputMessageId;
  return result;
}

function usageOf(outcome: DriverCallOutcome): TokenUsage | undefined {
  const done = outcome.done;
  if (!done || (done.promptTokens === undefined && done.completionTokens === undefined)) return undefined;
  const usage: TokenUsage = { inputTokens: done.promptTokens ?? 0, outputTokens: done.completionTokens ?? 0 };
  if (done.cacheReadTokens !== undefined) usage.cacheReadTokens = done.cacheReadTokens;
  if (done.cacheCreationTokens !== undefined) usage.cacheCreationTokens = done.cacheCreationTokens;
  return usage;
}


/** Coalesces text chunks into `output.message.delta` events at most every `intervalMs`. */
class DeltaBatcher {
  #accumulated = '';
  #pending = '';
  #lastEmit = 0;
  constructor(
    private readonly intervalMs: number,
    private readonly emit: (accumulated: string, delta: string) => void,
  ) {}

  add(text: string): void {
    this.#accumulated += text;
    this.#pending += text;
    const now = performance.now();
    if (now - this.#lastEmit >= this.intervalMs) {
      this.#lastEmit = now;
      this.flush();
    }
  }

  flush(): void {
    if (this.#pending === '') return;
    const delta = this.#pending;
    this.#pending = '';
    this.emit(this.#accumulated, delta);
  }
}
