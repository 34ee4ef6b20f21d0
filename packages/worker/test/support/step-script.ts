import { defineCapability, defineTool, type LlmDriver, type LlmMessage } from '@org/core';
import { LlmSim, SimTurn, toolCall } from '@org/driver-llmsim';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** The capability id the step tool belongs to. */
export const STEPS_CAPABILITY = 'worker_test_steps';

/**
 * A user message asking for a multi-step turn: the model calls `record_step`
 * `steps` times (one call per reason step), then answers. With `holdAt`, that
 * step's tool blocks until the process dies (to kill a worker mid-tool).
 */
export function stepsRequest(steps: number, holdAt?: number, options: { stallReasonAt?: number } = {}): string {
  const stall = options.stallReasonAt === undefined ? '' : ` stall:${options.stallReasonAt}`;
  return `run steps:${steps}${holdAt === undefined ? '' : ` hold:${holdAt}`}${stall}`;
}

/**
 * A scripted model that decides from the conversation, not from a call
 * counter: the step to take is the number of tool results since the last
 * user message. So it gives the same answers whichever process runs a step,
 * and after a crash a resumed turn goes on where it stopped. Each answer is
 * an llmsim scripted turn with `withResponseDelay(delayMs)`. With `stalls`,
 * a request's `stall:K` makes the first reason call for step K hang
 * (llmsim `SimTurn.stall()`), announced in Redis.
 */
export function stepsDriver(delayMs: number, stalls?: { redis: Redis; prefix: string }): LlmDriver {
  const timed = (turn: SimTurn) => LlmSim.scripted([turn], { onExhausted: 'error' }).withResponseDelay(delayMs);
  return {
    specificationVersion: 'v1',
    provider: 'llmsim',
    async *stream(messages: readonly LlmMessage[], config, options) {
      const lastUser = messages.findLastIndex((m) => m.role === 'user');
      const request = textOf(messages[lastUser]);
      const steps = Number(/steps:(\d+)/.exec(request)?.[1] ?? 0);
      const holdAt = Number(/hold:(\d+)/.exec(request)?.[1] ?? 0);
      const stallAt = Number(/stall:(\d+)/.exec(request)?.[1] ?? 0);
      const done = messages.slice(lastUser + 1).filter((m) => m.role === 'tool').length;
      const turnTag = (config.metadata.turnId ?? 'turn').slice(-8);
      // The reason call for step `stallAt` hangs once (the first process to get there), to be killed mid-reason.
      if (stalls && done + 1 === stallAt && (await stalls.redis.set(stepKeys.stalling(stalls.prefix), `${process.pid}`, 'NX')) === 'OK') {
        yield* LlmSim.scripted([SimTurn.stall()]).stream(messages, config, options);
        return;
      }
      if (done < steps) {
        const step = done + 1;
        const call = toolCall('record_step', { step, hold: step === holdAt }, `call_${turnTag}_${step}`);
        yield* timed(SimTurn.toolCalls([call])).stream(messages, config, options);
        return;
      }
      yield* timed(SimTurn.assistant(`finished ${steps} steps`)).stream(messages, config, options);
    },
  };
}

function textOf(message: LlmMessage | undefined): string {
  if (!message) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/** Redis keys the step tool writes (under the run's prefix). */
export const stepKeys = {
  /** Executions of one tool call: must stay 1. */
  executions: (prefix: string, toolCallId: string) => `${prefix}:exec:${toolCallId}`,
  /** Every execution, as one list of `sessionId toolCallId pid`. */
  log: (prefix: string) => `${prefix}:exec-log`,
  /** Set by a holding call: `pid toolCallId sessionId`. */
  holding: (prefix: string) => `${prefix}:holding`,
  /** Set by the one reason call that stalls: `pid`. */
  stalling: (prefix: string) => `${prefix}:stalling`,
};

/**
 * The `record_step` tool: counts its executions in Redis (INCR per tool call
 * and a log), so a test can prove no tool call ran twice. A call with
 * `hold: true` announces itself in Redis and then waits until aborted: the
 * test kills its process there. Not idempotent: an interrupted call must get
 * an error result on resume rather than run again.
 */
export function stepsCapability(redis: Redis, prefix: string) {
  const recordStep = defineTool({
    name: 'record_step',
    description: 'Records one step of the work.',
    parameters: z.object({ step: z.number().int().positive(), hold: z.boolean().default(false) }),
    hints: { idempotent: false },
    async execute(args, context) {
      await redis.incr(stepKeys.executions(prefix, context.toolCallId));
      await redis.rpush(stepKeys.log(prefix), `${context.sessionId} ${context.toolCallId} ${process.pid}`);
      if (args.hold) {
        await redis.set(stepKeys.holding(prefix), `${process.pid} ${context.toolCallId} ${context.sessionId}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 120_000);
          context.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return { step: args.step };
    },
  });
  return defineCapability({ id: STEPS_CAPABILITY, name: 'Worker test steps', tools: [recordStep] });
}
