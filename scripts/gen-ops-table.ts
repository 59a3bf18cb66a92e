/**
 * Writes docs/ops.md: every exported op with its dtypes, whether it has a gradient, and which
 * backends implement its kernels. `npm run docs:ops`; test/ops/meta.test.ts fails when the file
 * is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { opsTable } from '../src/ops/table.js';
import '../src/index.js';

const target = fileURLToPath(new URL('../docs/ops.md', import.meta.url));
writeFileSync(target, opsTable());
console.log(`wrote ${target}`);
