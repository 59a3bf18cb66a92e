/** Collects the gradient-check rows of every op family. */
import type { GradCase } from '../../helpers/gradcheck.js';
import { cases as core } from './core.js';

export const allGradCases: GradCase[] = [...core];
