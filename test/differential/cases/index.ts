/** Collects the rows of every op family. */
import type { DiffCase } from './types.js';
import { cases as core } from './core.js';
import { cases as unary } from './unary.js';
import { cases as binary } from './binary.js';
import { cases as reduction } from './reduction.js';
import { cases as shape } from './shape.js';
import { cases as conv } from './conv.js';
import { cases as nn } from './nn.js';
import { cases as linalg } from './linalg.js';
import { cases as creation } from './creation.js';
import { cases as random } from './random.js';

export const allDiffCases: DiffCase[] = [...core, ...unary, ...binary, ...reduction, ...shape, ...conv, ...nn, ...linalg, ...creation, ...random];
