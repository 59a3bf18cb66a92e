/**
 * TensorFlow.js's tf.train factories: `fx.train.adam(0.01)` etc. They build the TensorFlow.js-rule
 * optimizer classes (fx.train.AdamOptimizer, ...) with TensorFlow.js's signatures and defaults; for
 * Keras 3's rules and defaults use the classes in fx.optimizers (fx.optimizers.Adam, ...).
 */
import {
  AdadeltaOptimizer,
  AdagradOptimizer,
  AdamaxOptimizer,
  AdamOptimizer,
  MomentumOptimizer,
  RMSPropOptimizer,
  SGDOptimizer,
} from './tfjs.js';

export {
  AdadeltaOptimizer,
  AdagradOptimizer,
  AdamaxOptimizer,
  AdamOptimizer,
  MomentumOptimizer,
  RMSPropOptimizer,
  SGDOptimizer,
} from './tfjs.js';
export { Optimizer } from './optimizer.js';

export function sgd(learningRate: number): SGDOptimizer {
  return new SGDOptimizer(learningRate);
}

export function momentum(learningRate: number, momentum: number, useNesterov = false): MomentumOptimizer {
  return new MomentumOptimizer(learningRate, momentum, useNesterov);
}

export function rmsprop(learningRate: number, decay = 0.9, momentum = 0.0, epsilon: number | null = null, centered = false): RMSPropOptimizer {
  return new RMSPropOptimizer(learningRate, decay, momentum, epsilon, centered);
}

export function adam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null): AdamOptimizer {
  return new AdamOptimizer(learningRate, beta1, beta2, epsilon);
}

export function adadelta(learningRate = 0.001, rho = 0.95, epsilon: number | null = null): AdadeltaOptimizer {
  return new AdadeltaOptimizer(learningRate, rho, epsilon);
}

export function adamax(learningRate = 0.002, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null, decay = 0.0): AdamaxOptimizer {
  return new AdamaxOptimizer(learningRate, beta1, beta2, epsilon, decay);
}

export function adagrad(learningRate: number, initialAccumulatorValue = 0.1): AdagradOptimizer {
  return new AdagradOptimizer(learningRate, initialAccumulatorValue);
}
