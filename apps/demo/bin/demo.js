#!/usr/bin/env node
// Installed entry point (after `pnpm build`); during development use `pnpm demo` / `pnpm start`, which run the sources.
import '../dist/cli.js';
