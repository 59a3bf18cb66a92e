/**
 * Kernel definitions of the conv family (see docs/adding-ops.md).
 *
 * Layouts are channels-last: x is [batch, height, width, inChannels] (2-D) or
 * [batch, depth, height, width, inChannels] (3-D); conv filters are [...spatial, inChannels,
 * outChannels] and depthwise filters [height, width, inChannels, channelMultiplier]. The op layer
 * turns every padding mode into explicit geometry, so kernels see only numbers; every spatial
 * array below lists the spatial axes in order ([height, width] or [depth, height, width]).
 */
import type { BinaryDef } from '../kernels.js';

export interface ConvAttrs {
  /** Step of the window along each spatial axis (>= 1). */
  strides: number[];
  /** Spacing between filter taps along each spatial axis (>= 1). */
  dilations: number[];
  /** Zeros added before the first input element along each spatial axis (top, left; front, top, left). */
  padBefore: number[];
  /** Spatial size of the convolution's output (dy's spatial size for the backprop kernels). */
  outSize: number[];
}

/** Attributes of the input-gradient kernels: the geometry plus the shape of the input x. */
export interface ConvBackpropInputAttrs extends ConvAttrs {
  inputShape: number[];
}

/** Attributes of the filter-gradient kernels: the geometry plus the shape of the filter. */
export interface ConvBackpropFilterAttrs extends ConvAttrs {
  filterShape: number[];
}

declare module '../kernels.js' {
  interface KernelRegistry {
    /** [x, filter] -> y: x [n, h, w, c], filter [fh, fw, c, o], y [n, ...outSize, o]. */
    conv2d: BinaryDef<ConvAttrs>;
    /** [dy, filter] -> dx of conv2d (also conv2dTranspose): dx has shape `inputShape`. */
    conv2dBackpropInput: BinaryDef<ConvBackpropInputAttrs>;
    /** [x, dy] -> dfilter of conv2d: shape `filterShape`. */
    conv2dBackpropFilter: BinaryDef<ConvBackpropFilterAttrs>;
    /** [x, filter] -> y: filter [fh, fw, c, m], y [n, ...outSize, c * m] (output channel c * m + k). */
    depthwiseConv2dNative: BinaryDef<ConvAttrs>;
    /** [dy, filter] -> dx of depthwiseConv2dNative. */
    depthwiseConv2dNativeBackpropInput: BinaryDef<ConvBackpropInputAttrs>;
    /** [x, dy] -> dfilter of depthwiseConv2dNative. */
    depthwiseConv2dNativeBackpropFilter: BinaryDef<ConvBackpropFilterAttrs>;
    /** [x, filter] -> y: x [n, d, h, w, c], filter [fd, fh, fw, c, o], y [n, ...outSize, o]. */
    conv3d: BinaryDef<ConvAttrs>;
    /** [dy, filter] -> dx of conv3d. */
    conv3dBackpropInput: BinaryDef<ConvBackpropInputAttrs>;
    /** [x, dy] -> dfilter of conv3d. */
    conv3dBackpropFilter: BinaryDef<ConvBackpropFilterAttrs>;
  }
}
