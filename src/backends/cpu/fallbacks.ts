/**
 * The kernels the `cpu` backend deliberately leaves to `js`, with the reason. A test
 * (test/backends/cpu-coverage.test.ts) fails when a `js` kernel is neither native nor listed here,
 * and when an entry here has become native.
 */
export const CPU_JS_FALLBACKS: Readonly<Record<string, string>> = {
  identity: 'shares the input storage: nothing to compute',
  reshape: 'shares the input storage: nothing to compute',
  addN: 'a chain of native adds in the op would cost more calls than the single js loop saves; rarely hot',
  bandPart: 'a masked copy used on small matrices (attention masks are built once)',
  batchNormInvStd: 'elementwise 1/sqrt(var + eps) on a per-channel vector: tiny',
  cholesky: 'small dense factorizations (fx.linalg) not on training hot paths; js is exact in float64',
  matrixInverse: 'small dense factorizations (fx.linalg) not on training hot paths; js is exact in float64',
  matrixSolve: 'small dense factorizations (fx.linalg) not on training hot paths; js is exact in float64',
  qr: 'Householder QR on small matrices (orthogonal initializer, fx.linalg)',
  cumsum: 'scan along an axis; planned native kernel (sequence models), not on the MLP/CNN paths',
  cumprod: 'scan along an axis; planned native kernel, not on the MLP/CNN paths',
  lrn: 'local response normalization: legacy (AlexNet-era) layers only',
  lrnWindowSum: 'local response normalization: legacy (AlexNet-era) layers only',
  mirrorPadGrad: 'gradient of reflect/symmetric padding: rare in training',
  resizeBilinear: 'image resizing for preprocessing; planned native kernel',
  resizeBilinearGrad: 'image resizing for preprocessing; planned native kernel',
  resizeNearestNeighbor: 'image resizing for preprocessing; planned native kernel',
  resizeNearestNeighborGrad: 'image resizing for preprocessing; planned native kernel',
  sort: 'comparison sorts (sort/argsort) are data-dependent; js Array sort is adequate for their sizes',
  topk: 'partial selection (metrics such as topK accuracy) on [batch, classes]: small',
  unique: 'hash-based, data-dependent output size',
};
