/**
 * Geometry and the im2col / col2im / GEMM loops shared by the convolution kernels. A 2-D
 * convolution is handled as a 3-D one with depth 1, so one set of loops serves conv2d and conv3d.
 */
import type { TypedArray } from '../../../core/dtype.js';
import type { ConvAttrs } from '../../../core/kernel-defs/conv.js';

/** Everything a conv loop needs, for 3 spatial axes (depth 1 for 2-D convolutions). */
export interface ConvGeometry {
  batch: number;
  inD: number;
  inH: number;
  inW: number;
  inC: number;
  fD: number;
  fH: number;
  fW: number;
  /** Output channels (conv) or channel multiplier (depthwise). */
  outC: number;
  outD: number;
  outH: number;
  outW: number;
  sD: number;
  sH: number;
  sW: number;
  dD: number;
  dH: number;
  dW: number;
  pD: number;
  pH: number;
  pW: number;
}

const at = (a: readonly number[], i: number, fallback = 1): number => a[i] ?? fallback;

/**
 * Builds the geometry from the channels-last input shape ([n, h, w, c] or [n, d, h, w, c]), the
 * filter shape ([fh, fw, c, o] or [fd, fh, fw, c, o]) and the attributes.
 */
export function convGeometry(xShape: readonly number[], filterShape: readonly number[], attrs: ConvAttrs): ConvGeometry {
  const three = xShape.length === 5;
  const lead = three ? 0 : -1; // index of the depth axis among the spatial axes (-1: none)
  const sp = (a: readonly number[], i: number, fallback: number): number => (i < 0 ? fallback : at(a, i, fallback));
  return {
    batch: at(xShape, 0),
    inD: three ? at(xShape, 1) : 1,
    inH: at(xShape, three ? 2 : 1),
    inW: at(xShape, three ? 3 : 2),
    inC: at(xShape, three ? 4 : 3),
    fD: three ? at(filterShape, 0) : 1,
    fH: at(filterShape, three ? 1 : 0),
    fW: at(filterShape, three ? 2 : 1),
    outC: at(filterShape, three ? 4 : 3),
    outD: sp(attrs.outSize, lead, 1),
    outH: at(attrs.outSize, lead + 1),
    outW: at(attrs.outSize, lead + 2),
    sD: sp(attrs.strides, lead, 1),
    sH: at(attrs.strides, lead + 1),
    sW: at(attrs.strides, lead + 2),
    dD: sp(attrs.dilations, lead, 1),
    dH: at(attrs.dilations, lead + 1),
    dW: at(attrs.dilations, lead + 2),
    pD: sp(attrs.padBefore, lead, 0),
    pH: at(attrs.padBefore, lead + 1, 0),
    pW: at(attrs.padBefore, lead + 2, 0),
  };
}

/** Output positions per image (the rows of the patch matrix). */
export function outPositions(g: ConvGeometry): number {
  return g.outD * g.outH * g.outW;
}

/** Length of one patch: the GEMM's inner dimension. */
export function patchSize(g: ConvGeometry): number {
  return g.fD * g.fH * g.fW * g.inC;
}

/** Rows of the patch matrix built at a time, so that a chunk stays around 512 KB. */
export function chunkRows(g: ConvGeometry): number {
  return Math.max(1, Math.floor(65536 / Math.max(1, patchSize(g))));
}

/**
 * im2col: writes the patches of output positions [p0, p1) of image `n` into `cols` (row-major
 * [p1 - p0, patchSize]); taps that fall into the padding are zeros.
 */
export function im2col(x: TypedArray, g: ConvGeometry, n: number, p0: number, p1: number, cols: Float64Array): void {
  const { inD, inH, inW, inC, fD, fH, fW, outH, outW } = g;
  const plane = outH * outW;
  const imageBase = n * inD * inH * inW * inC;
  let k = 0;
  for (let p = p0; p < p1; p++) {
    const od = Math.floor(p / plane);
    const rem = p - od * plane;
    const oh = Math.floor(rem / outW);
    const ow = rem - oh * outW;
    const d0 = od * g.sD - g.pD;
    const h0 = oh * g.sH - g.pH;
    const w0 = ow * g.sW - g.pW;
    for (let kd = 0; kd < fD; kd++) {
      const id = d0 + kd * g.dD;
      if (id < 0 || id >= inD) {
        cols.fill(0, k, k + fH * fW * inC);
        k += fH * fW * inC;
        continue;
      }
      for (let kh = 0; kh < fH; kh++) {
        const ih = h0 + kh * g.dH;
        if (ih < 0 || ih >= inH) {
          cols.fill(0, k, k + fW * inC);
          k += fW * inC;
          continue;
        }
        const rowBase = imageBase + (id * inH + ih) * inW * inC;
        for (let kw = 0; kw < fW; kw++) {
          const iw = w0 + kw * g.dW;
          if (iw < 0 || iw >= inW) {
            cols.fill(0, k, k + inC);
          } else {
            const src = rowBase + iw * inC;
            for (let c = 0; c < inC; c++) cols[k + c] = x[src + c] as number;
          }
          k += inC;
        }
      }
    }
  }
}

/**
 * col2im: adds the patch gradients of output positions [p0, p1) of image `n` (row-major
 * [p1 - p0, patchSize]) back onto the input positions they were read from.
 */
export function col2im(cols: Float64Array, g: ConvGeometry, n: number, p0: number, p1: number, dx: Float64Array): void {
  const { inD, inH, inW, inC, fD, fH, fW, outH, outW } = g;
  const plane = outH * outW;
  const imageBase = n * inD * inH * inW * inC;
  let k = 0;
  for (let p = p0; p < p1; p++) {
    const od = Math.floor(p / plane);
    const rem = p - od * plane;
    const oh = Math.floor(rem / outW);
    const ow = rem - oh * outW;
    const d0 = od * g.sD - g.pD;
    const h0 = oh * g.sH - g.pH;
    const w0 = ow * g.sW - g.pW;
    for (let kd = 0; kd < fD; kd++) {
      const id = d0 + kd * g.dD;
      if (id < 0 || id >= inD) {
        k += fH * fW * inC;
        continue;
      }
      for (let kh = 0; kh < fH; kh++) {
        const ih = h0 + kh * g.dH;
        if (ih < 0 || ih >= inH) {
          k += fW * inC;
          continue;
        }
        const rowBase = imageBase + (id * inH + ih) * inW * inC;
        for (let kw = 0; kw < fW; kw++) {
          const iw = w0 + kw * g.dW;
          if (iw >= 0 && iw < inW) {
            const dst = rowBase + iw * inC;
            for (let c = 0; c < inC; c++) dx[dst + c] = (dx[dst + c] as number) + (cols[k + c] as number);
          }
          k += inC;
        }
      }
    }
  }
}

const K_BLOCK = 64;

/**
 * acc[rows, n] += a[rows, k] · b[k, n] (all row-major). Blocked over k so that a block of b stays
 * in cache while every row of `a` streams past it, and unrolled by four along k so that each
 * pass over a row of acc adds four products (a quarter of the loads and stores of acc).
 */
export function gemmAccumulate(a: Float64Array, b: Float64Array, acc: Float64Array, rows: number, k: number, n: number): void {
  for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
    const p1 = Math.min(k, p0 + K_BLOCK);
    for (let i = 0; i < rows; i++) {
      const aRow = i * k;
      const out = i * n;
      let p = p0;
      for (; p + 3 < p1; p += 4) {
        const v0 = a[aRow + p] as number;
        const v1 = a[aRow + p + 1] as number;
        const v2 = a[aRow + p + 2] as number;
        const v3 = a[aRow + p + 3] as number;
        const b0 = p * n;
        const b1 = b0 + n;
        const b2 = b1 + n;
        const b3 = b2 + n;
        for (let j = 0; j < n; j++) {
          acc[out + j] =
            (acc[out + j] as number) +
            v0 * (b[b0 + j] as number) +
            v1 * (b[b1 + j] as number) +
            v2 * (b[b2 + j] as number) +
            v3 * (b[b3 + j] as number);
        }
      }
      for (; p < p1; p++) {
        const v = a[aRow + p] as number;
        const bRow = p * n;
        for (let j = 0; j < n; j++) acc[out + j] = (acc[out + j] as number) + v * (b[bRow + j] as number);
      }
    }
  }
}

/**
 * out[rows, k] = a[rows, n] · bᵀ where b is [k, n] (row-major, `a` read from `aOffset`): each
 * output entry is the dot product of a row of `a` with a row of `b`, both contiguous; four rows
 * of b at a time share each load of `a`.
 */
export function gemmTransposedB(a: TypedArray, aOffset: number, b: Float64Array, out: Float64Array, rows: number, k: number, n: number): void {
  for (let i = 0; i < rows; i++) {
    const aRow = aOffset + i * n;
    const outRow = i * k;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < n; j++) {
        const v = a[aRow + j] as number;
        s0 += v * (b[b0 + j] as number);
        s1 += v * (b[b1 + j] as number);
        s2 += v * (b[b2 + j] as number);
        s3 += v * (b[b3 + j] as number);
      }
      out[outRow + p] = s0;
      out[outRow + p + 1] = s1;
      out[outRow + p + 2] = s2;
      out[outRow + p + 3] = s3;
    }
    for (; p < k; p++) {
      const bRow = p * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += (a[aRow + j] as number) * (b[bRow + j] as number);
      out[outRow + p] = s;
    }
  }
}

/**
 * acc[k, n] += aᵀ · b where a is [rows, k] and b is [rows, n] (b read from `bOffset`): the
 * filter-gradient product, accumulated over every chunk of every image. Unrolled by four rows, so
 * each pass over a row of acc adds four products.
 */
export function gemmTransposedA(a: Float64Array, b: TypedArray, bOffset: number, acc: Float64Array, rows: number, k: number, n: number): void {
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    const r0 = bOffset + i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    for (let p = 0; p < k; p++) {
      const v0 = a[a0 + p] as number;
      const v1 = a[a1 + p] as number;
      const v2 = a[a2 + p] as number;
      const v3 = a[a3 + p] as number;
      const out = p * n;
      for (let j = 0; j < n; j++) {
        acc[out + j] =
          (acc[out + j] as number) +
          v0 * (b[r0 + j] as number) +
          v1 * (b[r1 + j] as number) +
          v2 * (b[r2 + j] as number) +
          v3 * (b[r3 + j] as number);
      }
    }
  }
  for (; i < rows; i++) {
    const aRow = i * k;
    const bRow = bOffset + i * n;
    for (let p = 0; p < k; p++) {
      const v = a[aRow + p] as number;
      const out = p * n;
      for (let j = 0; j < n; j++) acc[out + j] = (acc[out + j] as number) + v * (b[bRow + j] as number);
    }
  }
}

/** A float64 copy of a kernel input (exact for float32 and int32). */
export function toFloat64(values: TypedArray): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}
