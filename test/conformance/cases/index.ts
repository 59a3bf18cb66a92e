import { cases as conv } from './conv.js';
import { cases as elementwise } from './elementwise.js';
import { cases as linalg, lateCases as linalgLate } from './linalg.js';
import { cases as movement } from './movement.js';
import type { ConformanceCase } from './types.js';

export const allConformanceCases: ConformanceCase[] = [...elementwise, ...linalg, ...conv, ...movement, ...linalgLate];
