/** Collects the differential rows of every op family. */
import { cases as core } from './core.js';
import type { DiffCase } from './types.js';

export const allDiffCases: DiffCase[] = [...core];
