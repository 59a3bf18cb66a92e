/** model.summary(): the Keras table, in TensorFlow.js's signature (lineLength, positions, printFn). */
import { InputLayer } from '../layers/input-layer.js';
import type { Layer } from '../layers/layer.js';
import { formatShape, type ShapeWithNull } from '../layers/symbolic.js';
import type { Model } from './model.js';

function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(2)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(2)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function outputShapeOf(model: Model, layer: Layer): string {
  const nodes = model.graphNodes().filter((n) => n.layer === layer);
  const shapes = nodes.flatMap((n) => n.outputs.map((o) => o.shape));
  if (layer instanceof InputLayer) return `[${formatShape(layer.batchInputShape as ShapeWithNull)}]`;
  if (shapes.length === 0) return layer.built ? '?' : '? (unbuilt)';
  return shapes.length === 1 ? formatShape(shapes[0] as ShapeWithNull) : shapes.map(formatShape).join(', ');
}

function connectedTo(model: Model, layer: Layer): string {
  const names = model
    .graphNodes()
    .filter((n) => n.layer === layer)
    .flatMap((n) => n.inputs.map((t) => `${t.sourceLayer.name}[${t.nodeIndex}][${t.tensorIndex}]`));
  return names.length === 0 ? '-' : names.join(', ');
}

export function printSummary(model: Model, lineLength?: number, positions?: number[], printFn: (m: string) => void = console.log): void {
  const layers = model.layers;
  // A chain (one input, one output, every layer called once, no branches) needs no "Connected to" column.
  const nodes = model.graphNodes().filter((n) => !(n.layer instanceof InputLayer));
  const sequentialLike =
    model.isGraph() &&
    model.inputs.length === 1 &&
    model.outputs.length === 1 &&
    nodes.every((n) => n.inputs.length <= 1 && nodes.filter((m) => m.layer === n.layer).length === 1) &&
    nodes.every((n) => n.outputs.every((o) => nodes.filter((m) => m.inputs.includes(o)).length <= 1));
  const showConnections = model.isGraph() && !sequentialLike;
  // Column ends: TensorFlow.js's positions (fractions of lineLength or absolute) when given,
  // else widths that fit the longest layer name and output shape.
  const nameWidth = Math.max(30, ...layers.map((l) => l.name.length + l.getClassName().length + 5));
  const shapeWidth = Math.max(26, ...layers.map((l) => (model.isGraph() ? outputShapeOf(model, l).length + 3 : 12)));
  const natural = showConnections ? [nameWidth, nameWidth + shapeWidth, nameWidth + shapeWidth + 12, nameWidth + shapeWidth + 12 + 32] : [nameWidth, nameWidth + shapeWidth, nameWidth + shapeWidth + 12];
  const width = lineLength ?? (natural[natural.length - 1] as number);
  let cols = positions ?? (lineLength === undefined ? natural : natural.map((c) => Math.floor((c / (natural[natural.length - 1] as number)) * width)));
  if (cols.every((p) => p <= 1)) cols = cols.map((p) => Math.floor(width * p));
  const headers = showConnections ? ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'] : ['Layer (type)', 'Output Shape', 'Param #'];
  const row = (fields: string[]): string => {
    let line = '';
    fields.forEach((f, i) => {
      const end = cols[i] ?? width;
      line += ` ${f}`;
      line = line.length >= end ? `${line.slice(0, end - 1)} ` : line.padEnd(end);
    });
    return line.trimEnd();
  };
  printFn(`Model: "${model.name}"`);
  printFn('_'.repeat(width));
  printFn(row(headers));
  printFn('='.repeat(width));
  layers.forEach((layer, i) => {
    const params = layer.built ? fmtCount(layer.countParams()) : '0 (unbuilt)';
    const fields = [`${layer.name} (${layer.getClassName()})`, model.isGraph() ? outputShapeOf(model, layer) : layer.built ? 'multiple' : '? (unbuilt)', params];
    if (showConnections) fields.push(connectedTo(model, layer));
    printFn(row(fields));
    if (i < layers.length - 1) printFn('_'.repeat(width));
  });
  printFn('='.repeat(width));
  const trainable = model.trainableWeights.reduce((n, w) => n + w.size, 0);
  const all = model.weights;
  const total = all.reduce((n, w) => n + w.size, 0);
  const bytes = all.reduce((n, w) => n + w.size * (w.dtype === 'float64' ? 8 : w.dtype === 'bool' ? 1 : 4), 0);
  const trainableBytes = model.trainableWeights.reduce((n, w) => n + w.size * (w.dtype === 'float64' ? 8 : 4), 0);
  printFn(`Total params: ${fmtCount(total)} (${fmtBytes(bytes)})`);
  printFn(`Trainable params: ${fmtCount(trainable)} (${fmtBytes(trainableBytes)})`);
  printFn(`Non-trainable params: ${fmtCount(total - trainable)} (${fmtBytes(bytes - trainableBytes)})`);
  printFn('_'.repeat(width));
}
