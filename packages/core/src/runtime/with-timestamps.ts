/** Fills `createdAt`/`updatedAt` with now (the same instant) when absent. */
export function withTimestamps<T extends { createdAt?: string; updatedAt?: string }>(input: T): T & { createdAt: string; updatedAt: string } {
  const createdAt = input.createdAt ?? new Date().toISOString();
  return { ...input, createdAt, updatedAt: input.updatedAt ?? createdAt };
}
