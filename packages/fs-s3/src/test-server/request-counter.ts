import type { S3Client } from '@aws-sdk/client-s3';

/** Counts the HTTP requests an S3 client sends, by SDK command (`GetObjectCommand`…). */
export interface S3RequestCounter {
  /** Requests since the last reset, in all. */
  total(): number;
  /** Requests since the last reset, per command name. */
  byCommand(): Record<string, number>;
  reset(): void;
  /** Removes the counting middleware from the client. */
  detach(): void;
}

let counterSerial = 0;

/**
 * Adds a middleware to `client` that counts every HTTP attempt (it sits after
 * the SDK's retry step, so a retried request counts each time it is sent).
 */
export function countS3Requests(client: S3Client): S3RequestCounter {
  const counts = new Map<string, number>();
  counterSerial += 1;
  const name = `countS3Requests#${counterSerial}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      counts.set(command, (counts.get(command) ?? 0) + 1);
      return next(args);
    },
    { step: 'deserialize', name },
  );
  return {
    total: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    byCommand: () => Object.fromEntries(counts),
    reset: () => counts.clear(),
    detach: () => {
      client.middlewareStack.remove(name);
    },
  };
}
