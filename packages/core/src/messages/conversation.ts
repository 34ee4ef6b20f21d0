import type { ContentPart, ImagePart, ToolCall } from './content-part.js';
import type { LlmContentPart, LlmMessage } from './llm-message.js';
import type { Message } from './message.js';

/**
 * Building the LLM-facing conversation from stored messages (SPEC §2.4, with
 * the project's decision that tool results reach the model as the tool's JSON,
 * serialised once). Runs on every reason step, so it is a single backward pass
 * plus a single forward pass: O(n) in the number of messages and parts.
 */

/** The error of the synthetic result given to a tool call that never got one. */
export const DANGLING_TOOL_CALL_ERROR = 'cancelled - another message came in before it could be completed';

/** The media type assumed for a base64 image stored without one. */
const FALLBACK_IMAGE_MEDIA_TYPE = 'image/png';

/** Options of {@link buildLlmConversation}. */
export interface ConversationOptions {
  /** Sent first as a system message when it is not blank. */
  systemPrompt?: string;
  /** Looks up a stored image (`image_file` parts); unresolved images become a "not found" text. */
  resolveImage?: (imageId: string) => ImagePart | undefined;
  /**
   * Backstop for huge tool outputs: longer tool-result texts are cut to this
   * many characters plus a note of how much was dropped. Unset: no limit.
   */
  maxToolResultChars?: number;
}

/**
 * True for an agent message that only stands in for a failure
 * (`metadata.errorCode` set, or `metadata.userFacingError === true`); these
 * are kept out of the model's context so earlier failures do not pollute it.
 */
export function isErrorPlaceholder(message: Message): boolean {
  if (message.role !== 'agent' || !message.metadata) return false;
  const { errorCode, userFacingError } = message.metadata;
  return (errorCode !== undefined && errorCode !== null) || userFacingError === true;
}

/** The text the model sees for a tool result: the error, the result's JSON, or `{}`. */
export function toolResultText(result: unknown, error: string | undefined, maxChars?: number): string {
  let out: string;
  if (error !== undefined) out = `Tool error: ${error}`;
  else if (result === undefined || result === null) out = '{}';
  else out = stringifyResult(result);
  if (maxChars !== undefined && maxChars >= 0 && out.length > maxChars) {
    out = `${out.slice(0, maxChars)}\n[truncated ${out.length - maxChars} characters]`;
  }
  return out;
}

function stringifyResult(result: unknown): string {
  try {
    return JSON.stringify(result) ?? String(result);
  } catch {
    // Not JSON-serialisable (a cycle, a bigint): still give the model something readable.
    return String(result);
  }
}

function imageUrl(part: ImagePart): string | undefined {
  if (part.url) return part.url;
  if (part.base64) return `data:${part.mediaType ?? FALLBACK_IMAGE_MEDIA_TYPE};base64,${part.base64}`;
  return undefined;
}

function collapse(parts: LlmContentPart[]): string | LlmContentPart[] {
  if (parts.length === 0) return '';
  const [only] = parts;
  if (parts.length === 1 && only?.type === 'text') return only.text;
  return parts;
}

function roleOf(message: Message): LlmMessage['role'] {
  switch (message.role) {
    case 'system':
      return 'system';
    case 'user':
      return 'user';
    case 'agent':
      return 'assistant';
    case 'tool_result':
      return 'tool';
  }
}

/** Converts one stored message; an external actor's label prefixes its text. */
function convertMessage(message: Message, options: ConversationOptions): LlmMessage {
  const parts: LlmContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  let toolCallId: string | undefined;
  const pushText = (text: string) => parts.push({ type: 'text', text });
  for (const part of message.content as ContentPart[]) {
    switch (part.type) {
      case 'text':
        pushText(part.text);
        break;
      case 'image': {
        const url = imageUrl(part);
        if (url) parts.push({ type: 'image', url });
        break;
      }
      case 'image_file': {
        const resolved = options.resolveImage?.(part.imageId);
        const url = resolved ? imageUrl(resolved) : undefined;
        if (url) parts.push({ type: 'image', url });
        else pushText(`[Image not found: ${part.imageId}]`);
        break;
      }
      case 'tool_call':
        toolCalls.push({ id: part.id, name: part.name, arguments: part.arguments });
        break;
      case 'tool_result':
        toolCallId ??= part.toolCallId;
        pushText(toolResultText(part.result, part.error, options.maxToolResultChars));
        break;
    }
  }
  if (message.externalActor) {
    const label = `[${message.externalActor}]`;
    const first = parts[0];
    if (first?.type === 'text') parts[0] = { type: 'text', text: `${label} ${first.text}` };
    else parts.unshift({ type: 'text', text: label });
  }
  const out: LlmMessage = { role: roleOf(message), content: collapse(parts) };
  // A copy at its exact size: the converted history is kept, and the pushed-into array has spare slots.
  if (toolCalls.length > 0) out.toolCalls = toolCalls.slice();
  if (toolCallId !== undefined && out.role === 'tool') out.toolCallId = toolCallId;
  if (message.phase) out.phase = message.phase;
  if (message.thinking !== undefined) out.thinking = message.thinking;
  if (message.thinkingSignature !== undefined) out.thinkingSignature = message.thinkingSignature;
  return out;
}

/**
 * Finds, per message index, the tool calls that have no tool_result later in
 * the history (one backward pass).
 */
function danglingToolCalls(messages: readonly Message[], skip: readonly boolean[]): Map<number, string[]> {
  const answered = new Set<string>();
  const dangling = new Map<number, string[]>();
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as Message;
    if (message.role === 'tool_result') {
      for (const part of message.content) if (part.type === 'tool_result') answered.add(part.toolCallId);
    } else if (message.role === 'agent' && !skip[i]) {
      const missing: string[] = [];
      for (const part of message.content) if (part.type === 'tool_call' && !answered.has(part.id)) missing.push(part.id);
      if (missing.length > 0) dangling.set(i, missing);
    }
  }
  return dangling;
}

/**
 * Builds the conversation handed to a driver:
 * 1. the system prompt first, when not blank;
 * 2. agent error placeholders dropped ({@link isErrorPlaceholder});
 * 3. each message converted: roles agent→assistant, tool_result→tool (with
 *    `toolCallId`); text kept; images as URLs (base64 → data URL; an
 *    unresolved `image_file` → `"[Image not found: {id}]"`); tool calls in
 *    `toolCalls`; tool results as `"Tool error: {error}"`, the result's JSON,
 *    or `"{}"`; a lone text collapses to a string, nothing to `""`;
 * 4. external-actor messages prefixed with `"[Label] "`;
 * 5. each tool call without a later result followed by a synthetic tool
 *    message with error {@link DANGLING_TOOL_CALL_ERROR}, so provider APIs
 *    accept the history.
 * Inputs are not mutated.
 */
export function buildLlmConversation(messages: readonly Message[], options: ConversationOptions = {}): LlmMessage[] {
  const out: LlmMessage[] = [];
  if (options.systemPrompt !== undefined && options.systemPrompt.trim() !== '') {
    out.push({ role: 'system', content: options.systemPrompt });
  }
  const skip = messages.map(isErrorPlaceholder);
  const dangling = danglingToolCalls(messages, skip);
  for (let i = 0; i < messages.length; i++) {
    if (skip[i]) continue;
    out.push(convertMessage(messages[i] as Message, options));
    for (const toolCallId of dangling.get(i) ?? []) {
      out.push({ role: 'tool', toolCallId, content: toolResultText(undefined, DANGLING_TOOL_CALL_ERROR) });
    }
  }
  return out;
}
