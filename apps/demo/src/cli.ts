#!/usr/bin/env node
// The demo's executable entry: `node --conditions=@org/source --import tsx src/cli.ts <command>` (see `main`).
import { main } from './main.js';

// `demo events … | head` closes the pipe early: that is a normal end, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Whatever a backend left open must not keep a finished command alive.
setTimeout(() => process.exit(code), 1_000).unref();
