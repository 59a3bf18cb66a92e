/**
 * Deterministic mutations of a valid file: bit flips, truncation, byte insertion, byte deletion,
 * and mutations of the format's header fields (zip local/central headers, the HDF5 superblock,
 * the safetensors length and JSON header). Mutant i of a format is a pure function of (bytes, i).
 */
function rng(seed: number): () => number {
  let s = (seed * 0x9e3779b1) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Byte ranges holding a format's header fields. */
function headerRanges(bytes: Uint8Array, format: string): [number, number][] {
  if (format === 'safetensors') {
    const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    return [[0, 8], [8, 8 + n]];
  }
  if (format === 'keras') {
    const ranges: [number, number][] = [[0, 46]];
    for (let i = 0; i + 4 <= bytes.length; i++) {
      if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && (bytes[i + 2] === 0x01 || bytes[i + 2] === 0x03 || bytes[i + 2] === 0x05)) ranges.push([i, Math.min(bytes.length, i + 46)]);
    }
    return ranges;
  }
  // HDF5: the superblock and the object headers right after it.
  return [[0, Math.min(bytes.length, 96)], [96, Math.min(bytes.length, 1024)]];
}

export function mutate(valid: Uint8Array, format: string, index: number): Uint8Array {
  const r = rng(index + 1);
  const pick = (n: number): number => Math.floor(r() * n);
  const kind = index % 5;
  const b = Uint8Array.from(valid);
  switch (kind) {
    case 0: {
      const flips = 1 + pick(8);
      for (let k = 0; k < flips; k++) {
        const at = pick(b.length);
        b[at] = (b[at] as number) ^ (1 << pick(8));
      }
      return b;
    }
    case 1:
      return b.slice(0, pick(b.length));
    case 2: {
      const at = pick(b.length + 1);
      const ins = Uint8Array.from({ length: 1 + pick(16) }, () => pick(256));
      const out = new Uint8Array(b.length + ins.length);
      out.set(b.subarray(0, at));
      out.set(ins, at);
      out.set(b.subarray(at), at + ins.length);
      return out;
    }
    case 3: {
      const at = pick(b.length);
      const n = Math.min(1 + pick(16), b.length - at);
      const out = new Uint8Array(b.length - n);
      out.set(b.subarray(0, at));
      out.set(b.subarray(at + n), at);
      return out;
    }
    default: {
      const ranges = headerRanges(b, format);
      const [lo, hi] = ranges[pick(ranges.length)] as [number, number];
      const edits = 1 + pick(4);
      for (let k = 0; k < edits; k++) {
        const at = lo + pick(Math.max(1, hi - lo));
        if (at >= b.length) continue;
        const v = [0, 0xff, 0x7f, 0x80, pick(256)][pick(5)] as number;
        b[at] = v;
      }
      return b;
    }
  }
}
