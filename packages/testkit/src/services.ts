import { describe, it } from 'vitest';

/** Whether an external service (PostgreSQL, Redis, S3…) answered its probe. */
export interface ServiceStatus {
  name: string;
  available: boolean;
  /** Why it is unavailable, with the address tried. */
  reason?: string;
}

/** Runs a probe with a timeout and reports whether the service is reachable. */
export async function probeService(name: string, probe: () => Promise<unknown>, timeoutMs = 3000): Promise<ServiceStatus> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { name, available: true };
  } catch (error) {
    return { name, available: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** True when running in CI (`CI=true` or `CI=1`), where missing services are failures. */
export function inCi(): boolean {
  const ci = process.env.CI?.toLowerCase();
  return ci === 'true' || ci === '1';
}

/**
 * `describe` that needs a service. When the service is missing it **skips
 * loudly** in a developer's run and **fails** in CI, so a CI run can never
 * pass by silently skipping integration tests.
 */
export function describeWithService(status: ServiceStatus, title: string, body: () => void): void {
  if (status.available) {
    describe(title, body);
    return;
  }
  const message = `${status.name} is not reachable (${status.reason ?? 'unknown reason'}); the "${title}" suite needs it.`;
  if (inCi()) {
    describe(title, () => {
      it(`requires ${status.name}`, () => {
        throw new Error(`${message} In CI every service-backed suite must run.`);
      });
    });
    return;
  }
  console.warn(`\n⚠️  SKIPPING "${title}": ${message} Start the service to run it.\n`);
  describe.skip(title, body);
}
