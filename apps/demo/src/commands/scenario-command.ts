import { runScenario } from '../scenario.js';
import { REPORT_PATH, SCENARIO_PROMPT } from '../scenario-script.js';
import type { CommandHandler } from './command-context.js';

/** `demo scenario`: the scripted showcase turn on a fresh session. */
export const scenarioCommand: CommandHandler = async ({ demo, printer }) => {
  const c = printer.colors;
  printer.line(`${c.bold('agent runtime demo')} ${c.dim(`· ${demo.description}`)}`);
  printer.line();
  printer.userMessage(SCENARIO_PROMPT);
  const run = await runScenario(demo, { onEvent: (event) => printer.event(event) });
  printer.finish();
  printer.result(run.result);
  const report = await demo.runtime.readFile(run.session.id, REPORT_PATH);
  if (report) {
    printer.line();
    printer.line(`${c.bold(REPORT_PATH)} ${c.dim(`(${report.sizeBytes} bytes in the session workspace)`)}`);
    for (const line of report.content.trimEnd().split('\n')) printer.line(`  ${c.dim('│')} ${line}`);
  }
  printer.line();
  printer.line(c.dim(`session ${run.session.id} · ${run.events.filter((e) => !e.ephemeral).length} durable events, ${run.events.filter((e) => e.ephemeral).length} live deltas`));
  printer.record({ type: 'scenario', sessionId: run.session.id, report: report?.content });
  return run.result.success ? 0 : 1;
};
