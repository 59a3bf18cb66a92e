/** fx.datasets: loaders for public datasets. */
export { fashionMnist, mnist, searchDirs, type LoadDataOptions } from './mnist.js';
export { readIdx, type IdxArray } from './idx.js';
export { cifar10, readCifarBatches } from './cifar10.js';
export { extractTar } from './tar.js';
export { cacheRoot, getFile, type GetFileOptions } from './get-file.js';
export { downloadFile, type DownloadOptions } from './download.js';
