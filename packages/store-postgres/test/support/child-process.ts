import { fileURLToPath } from 'node:url';
import { killSpawnedChildren, spawnTypeScript, type TypeScriptChild } from '@org/testkit';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

export type Child = TypeScriptChild;

/** Kills the children still running (call in `afterEach`: a failed test must leave no process behind). */
export const killRunningChildren = killSpawnedChildren;

/** Starts `<script>` (relative to this package) in its own process, from sources. */
export function runChild(script: string, args: string[]): Child {
  return spawnTypeScript(script, { cwd: packageRoot, args });
}
