/** The small model whose files the fuzz test mutates (Dense, BatchNormalization, LSTM: several groups and dtypes). */
import * as fx from '../../src/index.js';

export function fuzzModel(): fx.Model {
  fx.setSeed(4);
  const m = fx.sequential({
    layers: [
      fx.layers.dense({ units: 6, inputShape: [4], activation: 'relu', name: 'fz_dense' }),
      fx.layers.batchNormalization({ name: 'fz_bn' }),
      fx.layers.reshape({ targetShape: [2, 3], name: 'fz_reshape' }),
      fx.layers.lstm({ units: 2, name: 'fz_lstm' }),
    ],
  });
  m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  return m;
}
