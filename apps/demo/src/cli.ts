#!/usr/bin/env node
// The demo's executable entry: `node --conditions=@org/source --import tsx src/cli.ts <command>` (see `main`).
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Whatever a backend left open must not keep a finished command alive.
setTimeout(() => process.exit(code), 1_000).unref();
