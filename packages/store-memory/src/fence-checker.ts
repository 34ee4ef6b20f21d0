import type { FenceToken } from '@org/core';

/**
 * Answers whether a fence is still the session's current lease. The history
 * store asks it before every fenced append; `MemoryLeaseManager` implements
 * it, so sharing one lease manager between the two gives fencing in memory.
 */
export interface FenceChecker {
  isCurrent(fence: FenceToken): boolean;
}
