import { Runtime, type SessionId } from '@org/core';
import { LlmSim, llmsimModel, SimTurn, toolCall } from '@org/driver-llmsim';
import { memoryBackends } from '@org/store-memory';
const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 2, b: 3 })]), SimTurn.assistant('The sum is 5.')], { onExhausted: 'loop' });
const runtime = await Runtime.builder().backends(memoryBackends()).driver(sim, { defaultModel: llmsimModel() })
  .singleSession((s) => s.harness('math', 'You are a math assistant.').harnessCapability('test_math')).build();
const sid = runtime.defaultSessionId as SessionId;
for (let i = 0; i < 300; i++) await runtime.runTextTurn(sid, 'warm');
const c0 = process.cpuUsage(); const t = performance.now();
const N = 300;
for (let i = 0; i < N; i++) await runtime.runTextTurn(sid, 'x');
const wall = (performance.now() - t) / N * 1000; const c = process.cpuUsage(c0); 
console.log('wall µs/turn', wall.toFixed(1), 'cpu µs/turn', ((c.user + c.system) / N).toFixed(1));
