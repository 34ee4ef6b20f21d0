import type { ContentPart, Event, TokenUsage } from '@org/core';
import type pc from 'picocolors';

/** The colour functions of picocolors. */
export type Colors = ReturnType<typeof pc.createColors>;

/** A short one-line preview of any value (JSON for objects), cut at `max` characters. */
export function preview(value: unknown, max = 120): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const flat = (text ?? 'undefined').replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A tool result as the model saw it: parsed JSON when the text part holds JSON, else the text. */
export function resultValue(parts: readonly ContentPart[] | undefined): unknown {
  const text = (parts ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `1283 in + 103 out tokens` (with cache counters when present). */
export function formatUsage(usage: TokenUsage | undefined): string {
  if (!usage) return 'no usage reported';
  const extra = [
    usage.cacheReadTokens ? `${usage.cacheReadTokens} cache read` : '',
    usage.cacheCreationTokens ? `${usage.cacheCreationTokens} cache write` : '',
  ].filter(Boolean);
  return `${usage.inputTokens} in + ${usage.outputTokens} out = ${usage.inputTokens + usage.outputTokens} tokens${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/** `812 ms` or `1.4 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The visible text of a message's content. */
export function textOfContent(parts: readonly ContentPart[]): string {
  return parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/**
 * One line describing a durable event (no trailing newline), or `undefined`
 * for events the printer shows otherwise (deltas, the streamed message).
 */
export function describeEvent(event: Event, c: Colors): string | undefined {
  const seq = c.dim(`#${event.sequence}`.padStart(4));
  const line = (symbol: string, text: string) => `  ${seq} ${symbol} ${text}`;
  switch (event.type) {
    case 'session.started':
      return line(c.dim('○'), c.dim('session started'));
    case 'input.message':
      return line(c.cyan('›'), `${c.bold('input')} ${preview(textOfContent(event.data.message.content), 100)}`);
    case 'session.activated':
      return line(c.dim('○'), c.dim('session active'));
    case 'turn.started':
      return line(c.magenta('●'), c.bold('turn started'));
    case 'reason.started':
      return line(c.blue('◆'), `${c.bold('reason')} ${c.dim(`step ${event.data.iteration ?? '?'}`)}`);
    case 'output.message.started':
      return undefined;
    case 'llm.generation': {
      const meta = event.data.metadata;
      return line(c.dim('·'), c.dim(`llm ${meta.model} · ${formatDuration(meta.durationMs)} · ${formatUsage(meta.usage)}`));
    }
    case 'output.message.completed':
      return undefined;
    case 'reason.completed':
      return line(
        c.blue('◇'),
        c.dim(`reason done · ${event.data.toolCallCount} tool call${event.data.toolCallCount === 1 ? '' : 's'} · ${formatDuration(event.data.durationMs)}`),
      );
    case 'act.started': {
      const count = event.data.toolCalls.length;
      return line(c.yellow('▶'), `${c.bold('act')} ${c.dim(`${count} tool call${count === 1 ? '' : 's'}${count > 1 ? ' in parallel' : ''}`)}`);
    }
    case 'tool.started':
      return line(c.yellow('→'), `${c.yellow(event.data.toolCall.name)} ${preview(event.data.toolCall.arguments, 100)}`);
    case 'tool.completed': {
      const ok = event.data.success;
      const outcome = ok ? preview(resultValue(event.data.result), 100) : c.red(event.data.error ?? event.data.status);
      return line(ok ? c.green('✓') : c.red('✗'), `${c.yellow(event.data.toolName)} ${c.dim(formatDuration(event.data.durationMs))} ${c.dim('→')} ${outcome}`);
    }
    case 'act.completed':
      return line(
        c.yellow('▷'),
        c.dim(`act done · ${event.data.successCount} ok${event.data.errorCount ? `, ${event.data.errorCount} failed` : ''} · ${formatDuration(event.data.durationMs)}`),
      );
    case 'turn.completed':
      return line(
        c.green('✔'),
        `${c.bold('turn completed')} ${c.dim(`· ${event.data.iterations} steps · ${event.data.toolCallCount} tool calls · ${event.data.llmCallCount} LLM calls · ${formatDuration(event.data.durationMs)}`)}`,
      );
    case 'turn.failed':
      return line(c.red('✗'), `${c.bold(c.red('turn failed'))} ${event.data.error}`);
    case 'turn.cancelled':
      return line(c.yellow('■'), `${c.bold('turn cancelled')} ${event.data.reason ?? ''}`);
    case 'session.idled':
      return line(c.dim('○'), c.dim('session idle'));
    default:
      return event.ephemeral ? undefined : line(c.dim('·'), c.dim(event.type));
  }
}
