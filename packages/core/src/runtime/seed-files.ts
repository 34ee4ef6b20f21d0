import { agentOverlay, foldOverlays, harnessOverlay, sessionOverlay } from '../domain/overlay.js';
import type { Session } from '../domain/session.js';
import { NotFoundError } from '../errors.js';
import type { SessionFileSystem } from '../files/session-file-system.js';
import type { RuntimeBackends } from './backends.js';

/**
 * Seeds a session's workspace: the initial files of the folded overlay
 * (harness chain → agent → session; encoding and read-only kept), then the
 * builder's `seedTextFile` entries (text, writable), which win.
 */
export async function seedSessionFiles(
  backends: Pick<RuntimeBackends, 'harnesses' | 'agents'>,
  files: SessionFileSystem,
  session: Session,
  extraFiles: readonly { path: string; content: string }[],
): Promise<void> {
  const chain = await backends.harnesses.getHarnessChain(session.harnessId);
  if (chain.length === 0) throw new NotFoundError('harness', session.harnessId, `harness not found while seeding files: ${session.harnessId}`);
  const layers = chain.map(harnessOverlay);
  if (session.agentId) {
    const agent = await backends.agents.getAgent(session.agentId);
    if (!agent) throw new NotFoundError('agent', session.agentId);
    layers.push(agentOverlay(agent));
  }
  layers.push(sessionOverlay(session));
  const overlay = foldOverlays(layers);
  for (const file of overlay.initialFiles ?? []) await files.seed(session.id, file);
  for (const file of extraFiles) await files.seed(session.id, { path: file.path, content: file.content, encoding: 'text', isReadonly: false });
}
