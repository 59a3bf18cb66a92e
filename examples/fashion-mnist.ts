/**
 * `npm start`: trains the small CNN of the Keras examples on Fashion-MNIST with the progress bar,
 * prints the test accuracy, and saves the model as a Keras 3 `.keras` archive. The data come from fx.datasets.fashionMnist
 * (on Debian: `apt-get install dataset-fashion-mnist`).
 *   EPOCHS=2 npm start
 */
import { mkdirSync } from 'node:fs';
import * as fx from '../src/index.js';

fx.setSeed(1);
const epochs = Number(process.env['EPOCHS'] ?? 2);

const [[xTrain, yTrain], [xTest, yTest]] = fx.datasets.fashionMnist.loadData();
const prepare = (x: fx.Tensor): fx.Tensor => fx.div(fx.expandDims(x, -1), 255);

const model = fx.sequential({
  name: 'fashion_cnn',
  layers: [
    fx.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal', inputShape: [28, 28, 1] }),
    fx.layers.maxPooling2d({ poolSize: 2 }),
    fx.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }),
    fx.layers.maxPooling2d({ poolSize: 2 }),
    fx.layers.flatten(),
    fx.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
    fx.layers.dropout({ rate: 0.25 }),
    fx.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.summary();
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

console.log(`\nbackend: ${fx.getBackend()} ${JSON.stringify(fx.env().backendInfo)}`);
const started = Date.now();
await model.fit(prepare(xTrain), yTrain, { epochs, batchSize: 32, validationSplit: 0.1 });
const seconds = (Date.now() - started) / 1000;
const [loss, accuracy] = model.evaluate(prepare(xTest), yTest, { batchSize: 500 }) as fx.Tensor[];
console.log(
  `\ntest accuracy ${(accuracy!.dataSync()[0]! * 100).toFixed(2)}% (loss ${loss!.dataSync()[0]!.toFixed(4)}) ` +
    `after ${epochs} epochs in ${seconds.toFixed(0)} s (${Math.round((54000 * epochs) / seconds)} samples/s)`,
);

// The whole model (architecture, weights, optimizer state) as a Keras 3 archive, read back to check it.
mkdirSync('saved', { recursive: true });
await model.save('saved/fashion_cnn.keras');
const reloaded = await fx.models.loadModel('saved/fashion_cnn.keras');
const sample = prepare(fx.slice(xTest, [0, 0, 0], [8, 28, 28]));
const same = fx.max(fx.abs(fx.sub(model.predict(sample) as fx.Tensor, reloaded.predict(sample) as fx.Tensor))).dataSync()[0]!;
console.log(`model saved to saved/fashion_cnn.keras (reloaded: predictions differ by at most ${same.toExponential(1)})`);
