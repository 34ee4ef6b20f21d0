import { z } from 'zod';
import type { MemoryId } from '../ids/index.js';

export const MemoryKind = z.enum(['fact', 'preference', 'correction', 'procedure', 'context']);
export type MemoryKind = z.output<typeof MemoryKind>;

/** What the `remember` tool stores. */
export const NewMemory = z.object({
  content: z.string().min(1).max(2000),
  kind: MemoryKind.default('fact'),
  importance: z.number().int().min(1).max(10).default(5),
  tags: z.array(z.string()).max(10).default([]),
});
export type NewMemory = z.output<typeof NewMemory>;

/** A stored memory. */
export interface Memory extends NewMemory {
  id: MemoryId;
  createdAt: string;
}

/** A recall query: every given field must match (text is a case-insensitive substring). */
export interface MemoryQuery {
  query?: string;
  tags?: string[];
  kind?: MemoryKind;
  /** 1–50, default 10. */
  limit?: number;
}

/**
 * Persistent memory, scoped by an owner key (the runtime uses the org id).
 *
 * Contract: `recall` orders by importance descending, then newest first, and
 * returns the total number of matches before `limit`. `forget` returns
 * whether the memory existed.
 */
export interface MemoryStore {
  remember(scope: string, memory: NewMemory): Promise<Memory>;
  recall(scope: string, query: MemoryQuery): Promise<{ memories: Memory[]; total: number }>;
  forget(scope: string, id: MemoryId): Promise<boolean>;
  count(scope: string): Promise<number>;
}
