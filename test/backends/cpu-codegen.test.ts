/**
 * The float32 GEMM micro-kernel must keep its 12 accumulators in registers. Twice a change elsewhere (inlining a
 * helper into it; node-gyp's -fno-omit-frame-pointer) made GCC spill some to the stack inside the K loop, costing
 * 7-30% of every large product while every result stayed correct, so only the machine code shows it. This reads the
 * built object with objdump and checks that the kernel's innermost loop has no stack operands.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const OBJECT = join(import.meta.dirname, '../../build/Release/obj.target/fluxion_avx2/native/src/gemm_avx2.o');

function objdump(): string | null {
  try {
    return execFileSync('objdump', ['-d', '--no-show-raw-insn', '-C', OBJECT], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch {
    return null;
  }
}

const listing = process.arch === 'x64' && existsSync(OBJECT) ? objdump() : null;
const skip = listing === null ? 'no x64 Release build of gemm_avx2.o, or no objdump' : false;

/** The instructions of the function whose demangled name contains `name`: [address, text] pairs. */
function functionBody(all: string, name: string): [number, string][] {
  const lines = all.split('\n');
  const start = lines.findIndex((l) => l.includes(name) && l.trimEnd().endsWith('>:'));
  assert.ok(start >= 0, `${name} is in the object`);
  const out: [number, string][] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*([0-9a-f]+):\s+(.*)$/.exec(line);
    if (!m) break;
    out.push([parseInt(m[1]!, 16), m[2]!]);
  }
  return out;
}

test('the AVX2 GEMM micro-kernel keeps its accumulators in registers inside the K loop', { skip }, () => {
  const body = functionBody(listing!, 'KernelF32::kernel(');
  // The main loop: the first backward conditional jump, from its target to itself.
  let loop: [number, string][] | null = null;
  for (const [addr, text] of body) {
    const j = /^j(?!mp)[a-z]+\s+([0-9a-f]+)/.exec(text);
    if (j && parseInt(j[1]!, 16) < addr) {
      const target = parseInt(j[1]!, 16);
      loop = body.filter(([a]) => a >= target && a <= addr);
      break;
    }
  }
  assert.ok(loop !== null, 'the kernel has a loop');
  const fmas = loop.filter(([, t]) => t.startsWith('vfmadd')).length;
  assert.ok(fmas >= 12, `the loop holds the kernel's multiply-adds (found ${fmas})`);
  const spills = loop.filter(([, t]) => /^v\S+\s.*\(%r[sb]p\)/.test(t)).map(([a, t]) => `${a.toString(16)}: ${t}`);
  assert.deepEqual(spills, [], `vector stack operands inside the K loop (accumulators spilled):\n${spills.join('\n')}`);
});
