#!/usr/bin/env node
// The published command: `npx @org/store-postgres migrate`. Logic lives in src/cli.ts (built to dist/cli.js).
import { runCli } from '../dist/cli.js';

process.exitCode = await runCli(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
