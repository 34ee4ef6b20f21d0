import { AgentId, HarnessId, Runtime, type RuntimeOptionsInput, type Session } from '@org/core';
import { llmsimModel } from '@org/driver-llmsim';
import { type BackendCheck, type ComposedBackends, composeBackends } from './compose-backends.js';
import { type DemoConfig, describeConfig } from './config.js';
import { ScenarioDriver } from './scenario-driver.js';

/** Fixed ids, so restarting on persistent stores updates the same harness and agent instead of adding new ones. */
export const DEMO_HARNESS_ID = HarnessId.fromSeed(0xde30);
export const DEMO_AGENT_ID = AgentId.fromSeed(0xde30);

const HARNESS_PROMPT = 'You are a helpful assistant working in a private workspace. Use tools when they help, and keep answers short.';
const AGENT_PROMPT = 'You are the weather reporter: look up the weather, keep a report in the workspace, and summarise it.';

/** A runtime on configured backends, with the demo's harness and agent installed. */
export interface DemoRuntime {
  readonly runtime: Runtime;
  readonly config: DemoConfig;
  /** e.g. `stores=memory bus=memory files=memory driver=llmsim`. */
  readonly description: string;
  /** Creates a session on the demo agent. */
  createSession(title?: string): Promise<Session>;
  /** Probes every backend. */
  checkReadiness(): Promise<BackendCheck[]>;
  /** Closes the runtime and every backend (idempotent). */
  close(): Promise<void>;
}

/**
 * Composes the backends from `config`, builds the runtime on the scenario
 * driver and installs the demo harness (weather + workspace file tools) and agent.
 */
export async function startDemoRuntime(config: DemoConfig, options: RuntimeOptionsInput = {}): Promise<DemoRuntime> {
  const composed: ComposedBackends = await composeBackends(config);
  let runtime: Runtime;
  try {
    runtime = await Runtime.builder()
      .backends(composed.backends)
      .fileSystem(composed.files)
      .driver(new ScenarioDriver({ chunkLatencyMs: config.driver.chunkLatencyMs }), { defaultModel: llmsimModel('llmsim-demo') })
      // Every streamed word becomes its own delta: the demo is about watching the answer arrive.
      .options({ deltaIntervalMs: 0, ...options })
      .harness({
        id: DEMO_HARNESS_ID,
        name: 'demo-assistant',
        displayName: 'Demo assistant',
        systemPrompt: HARNESS_PROMPT,
        capabilities: [{ id: 'test_weather' }, { id: 'session_file_system' }, { id: 'current_time' }],
      })
      .agent({ id: DEMO_AGENT_ID, name: 'weather-reporter', displayName: 'Weather reporter', systemPrompt: AGENT_PROMPT, maxIterations: 8 })
      .build();
  } catch (error) {
    await composed.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    runtime,
    config,
    description: describeConfig(config),
    createSession: (title) => runtime.createSession({ harnessId: DEMO_HARNESS_ID, agentId: DEMO_AGENT_ID, ...(title ? { title } : {}) }),
    checkReadiness: () => composed.checkReadiness(),
    close() {
      closing ??= (async () => {
        try {
          await runtime.close();
        } finally {
          await composed.close();
        }
      })();
      return closing;
    },
  };
}
