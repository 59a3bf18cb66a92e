/**
 * fx.data: lazy, streaming, composable input pipelines (TensorFlow.js's tf.data names, with
 * tf.data's transformations and file formats).
 */
export { AUTOTUNE, Dataset, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, type BatchOptions, type InterleaveOptions, type MapOptions, type WindowOptions } from './dataset.js';
export { array, fromTensorSlices, generator, idx, jsonl, listFiles, range, zip, type Slices } from './sources.js';
export { csv, CSVDataset, type ColumnConfig, type CSVConfig, type CSVRow, type CSVValue } from './csv.js';
export { tfrecord, TFRecordWriter, type TFRecordOptions } from './tfrecord.js';
export { decodeExample, encodeExample, parseExample, type ExampleFeatures, type FeatureSpec, type FeatureValue, type ParsedFeature } from './example.js';
export { decodeImage, imageDatasetFromDirectory, type ColorMode, type ImageDirectoryDataset, type ImageDirectoryOptions } from './images.js';
export type { Batched, Element, Unbatched } from './structure.js';
export type { ChunkOptions } from './file-source.js';
