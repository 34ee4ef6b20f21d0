import type { TokenUsage } from '../events/usage.js';
import type { MessageId, SessionId, TurnId } from '../ids/index.js';
import type { TurnStopReason } from './turn-state.js';

/** What `runTurn` returns. */
export interface TurnResult {
  turnId: TurnId;
  sessionId: SessionId;
  /** The last non-empty assistant text; `""` when the turn failed. */
  response: string;
  /** Reason steps taken. */
  iterations: number;
  /** Tool calls executed; 0 when the turn failed. */
  toolCallCount: number;
  /** True for completed turns, including ones stopped at the iteration ceiling. */
  success: boolean;
  error?: string;
  errorCode?: string;
  stopReason: TurnStopReason;
  /** Summed token usage of every LLM call of the turn. */
  usage?: TokenUsage;
  /** Id of the final assistant message, when there is one. */
  finalMessageId?: MessageId;
  durationMs: number;
}
