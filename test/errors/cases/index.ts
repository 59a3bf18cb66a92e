/** Collects the error-message rows of every op family. */
import { cases as core } from './core.js';
import type { ErrorCase } from './types.js';

export const allErrorCases: ErrorCase[] = [...core];
