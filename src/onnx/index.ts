/** fx.onnx: export Sequential and Functional models to ONNX for deployment. */
export { DEFAULT_OPSET, exportModel, MAX_OPSET, MIN_OPSET, supportedLayers, type ExportOptions } from './export.js';
export { SUPPORTED_ACTIVATIONS } from './converters.js';
