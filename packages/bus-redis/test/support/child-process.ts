import { fileURLToPath } from 'node:url';
import { killSpawnedChildren, spawnTypeScript, type TypeScriptChild } from '@org/testkit';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

export type Child = TypeScriptChild;

/** Kills fixtures still running (a failed test must not leave processes behind). */
export const killRunningFixtures = killSpawnedChildren;

/** Starts `test/fixtures/<fixture>` of this package in its own process, from sources. */
export function runFixture(fixture: string, args: string[]): Child {
  return spawnTypeScript(`test/fixtures/${fixture}`, { cwd: packageRoot, args, defaultTimeoutMs: 15_000 });
}
