import type { z } from 'zod';
import type { NetworkAccessList } from '../domain/network-access.js';
import type { ToolHints } from '../domain/tool-definition.js';
import type { SessionFileSystem } from '../files/session-file-system.js';
import type { SessionId, TurnId } from '../ids/index.js';
import type { ToolResultImage } from '../messages/content-part.js';
import type { MemoryStore } from '../stores/memory-store.js';
import type { SessionStorageStore } from '../stores/session-storage-store.js';

/** What a tool gets besides its arguments. */
export interface ToolContext {
  sessionId: SessionId;
  turnId: TurnId;
  toolCallId: string;
  files: SessionFileSystem;
  storage: SessionStorageStore;
  memory: MemoryStore;
  /** Owner key for memories (the org id). */
  memoryScope: string;
  /**
   * Aborts when the turn is cancelled or the call times out; long work must honour it. Made on first read (an
   * accessor, not a copied value): pass it on as `context.signal`, since spreading the context does not copy it.
   */
  readonly signal: AbortSignal;
  /** Emits a `tool.progress` event. */
  progress(message: string): void;
  /** Emits a live `tool.output.delta` event. */
  output(delta: string, stream?: 'stdout' | 'stderr'): void;
  locale?: string;
  networkAccess?: NetworkAccessList;
}

/**
 * An executable tool. Arguments from the model are validated with
 * `parameters` before `execute` runs; invalid arguments become a tool error
 * the model can read.
 *
 * `execute` returns the result value (any JSON), or `withImages(value, images)`.
 * Throwing a {@link ToolError} gives the model its message; any other thrown
 * error is reported as an internal error without leaking details.
 */
export interface Tool<Args = unknown> {
  name: string;
  displayName?: string;
  description: string;
  parameters: z.ZodType<Args>;
  /** JSON Schema shown to the model; derived from `parameters` when absent. */
  jsonSchema?: Record<string, unknown>;
  execute(args: Args, context: ToolContext): unknown | Promise<unknown>;
  hints?: ToolHints;
  /** Per-tool timeout in ms (overrides the runtime default). */
  timeoutMs?: number;
  /** Run this tool's calls one at a time, never beside other calls. */
  sequential?: boolean;
}

/** A tool failure whose message is safe to show the model. */
export class ToolError extends Error {
  override name = 'ToolError';
}

const IMAGES = Symbol.for('@org/core/tool-result-with-images');

/** A success value plus images, as a tool returns it. */
export interface ToolResultWithImages {
  readonly [IMAGES]: true;
  value: unknown;
  images: ToolResultImage[];
}

/** Wraps a tool result with images (e.g. a screenshot or an image file). */
export function withImages(value: unknown, images: ToolResultImage[]): ToolResultWithImages {
  return { [IMAGES]: true, value, images };
}

export function isToolResultWithImages(value: unknown): value is ToolResultWithImages {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[IMAGES] === true;
}

/** Declares a tool with typed arguments inferred from its zod schema. */
export function defineTool<S extends z.ZodType>(tool: Omit<Tool<z.output<S>>, 'parameters'> & { parameters: S }): Tool<z.output<S>> {
  return tool as unknown as Tool<z.output<S>>;
}
