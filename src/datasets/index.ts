/** fx.datasets: loaders for public datasets. */
export { fashionMnist, mnist } from './mnist.js';
export { readIdx, type IdxArray } from './idx.js';
