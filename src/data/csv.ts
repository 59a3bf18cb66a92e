/**
 * fx.data.csv: TensorFlow.js's CSV dataset, streamed in large chunks with bounded memory. The
 * parser works on the bytes: it finds records with indexOf, splits fields by byte, and parses
 * numbers from the digits without making a string per field (quoted fields and unusual number
 * spellings take a slower path). Malformed rows are reported with file, line and column, or
 * skipped when asked.
 */
import { FluxionError } from '../core/errors.js';
import { Dataset } from './dataset.js';
import { describeSource, readChunks, type ChunkOptions } from './file-source.js';
import { CR, CsvParser, latin1Or8, Malformed, NL, parseDecimal, parseNumericRow, text } from './csv-parser.js';

export type CSVValue = number | string;
export type CSVRow = Record<string, CSVValue>;

export interface ColumnConfig {
  /** A row missing this value (an empty field) is malformed. */
  required?: boolean;
  /** float32 and int32 parse numbers, bool gives 1/0, string keeps the text. Default: inferred from the first row. */
  dtype?: 'float32' | 'int32' | 'bool' | 'string';
  /** The value of an empty field. */
  default?: CSVValue | boolean;
  /** Put this column into `ys` (the element becomes {xs, ys}). */
  isLabel?: boolean;
}

export interface CSVConfig extends ChunkOptions {
  /** The first line holds the column names (default true). */
  hasHeader?: boolean;
  /** Column names (required without a header; with one, they replace it). */
  columnNames?: string[];
  columnConfigs?: Record<string, ColumnConfig>;
  /** Keep only the columns named in columnConfigs. */
  configuredColumnsOnly?: boolean;
  /** Field separator (default ','). */
  delimiter?: string;
  /** Fields are separated by runs of spaces and tabs. */
  delimWhitespace?: boolean;
  /** What a malformed row (wrong field count, unparsable value, missing required value) does: 'error' (default) or 'skip'. */
  onMalformedRow?: 'error' | 'skip';
}

type Kind = 'float32' | 'int32' | 'bool' | 'string';

interface Column {
  name: string;
  kind: Kind | null; // null: inferred from the first data row
  required: boolean;
  default: CSVValue | undefined;
  isLabel: boolean;
  keep: boolean;
}


/** The config as columns, once the header (or columnNames) is known. */
function makeColumns(fn: string, names: string[], config: CSVConfig, name: string): Column[] {
  const configs = config.columnConfigs ?? {};
  for (const key of Object.keys(configs)) {
    if (!names.includes(key)) {
      throw new FluxionError(`${fn}: columnConfigs names the column '${key}', but ${name} has the columns ${names.join(', ')}; fix the name in columnConfigs.`);
    }
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new FluxionError(`${fn}: ${name} has two columns named '${n}'; column names must be unique (pass columnNames to rename them).`);
    seen.add(n);
  }
  return names.map((n) => {
    const c = configs[n] ?? {};
    const d = c.default;
    return {
      name: n,
      kind: c.dtype ?? null,
      required: c.required ?? false,
      default: typeof d === 'boolean' ? (d ? 1 : 0) : d,
      isLabel: c.isLabel ?? false,
      keep: !config.configuredColumnsOnly || n in configs,
    };
  });
}


/** A CSV dataset; columnNames() reads the header (TensorFlow.js's CSVDataset). */
export class CSVDataset<T = CSVRow> extends Dataset<T> {
  constructor(
    private readonly src: string,
    private readonly config: CSVConfig,
  ) {
    super(() => readCsv(src, config) as AsyncGenerator<T>, null);
  }

  /** The column names: columnNames from the config, else the file's header line. */
  async columnNames(): Promise<string[]> {
    if (this.config.columnNames) return [...this.config.columnNames];
    const parser = new CsvParser('csv', this.config);
    let head: Uint8Array = new Uint8Array(0);
    for await (const { bytes, final } of records(this.src, this.config)) {
      const joined = new Uint8Array(head.length + bytes.length);
      joined.set(head);
      joined.set(bytes, head.length);
      head = joined; // the header may span several chunks
      if (parser.split(head, 0, final, { n: 0 }) === -1) continue;
      const f = parser.current;
      return Array.from({ length: f.count }, (_, k) => parser.fieldText(head, k).trim());
    }
    return [];
  }
}

/** The file's chunks, then an empty one marked final (so the last record is known to end there). */
async function* records(src: string, config: CSVConfig): AsyncGenerator<{ bytes: Uint8Array; final: boolean }> {
  for await (const chunk of readChunks('csv', src, config)) yield { bytes: chunk, final: false };
  yield { bytes: new Uint8Array(0), final: true };
}

async function* readCsv(src: string, config: CSVConfig): AsyncGenerator<unknown> {
  const fn = 'csv';
  const { name } = describeSource(fn, src);
  const parser = new CsvParser(fn, config);
  const skip = (config.onMalformedRow ?? 'error') === 'skip';
  if (config.onMalformedRow !== undefined && config.onMalformedRow !== 'error' && config.onMalformedRow !== 'skip') {
    throw new FluxionError(`${fn}: onMalformedRow must be 'error' or 'skip', but received ${JSON.stringify(config.onMalformedRow)}.`);
  }
  const hasHeader = config.hasHeader ?? true;
  let columns: Column[] | null = null;
  if (!hasHeader) {
    if (!config.columnNames) throw new FluxionError(`${fn}: ${name}: without a header (hasHeader: false) the config must give columnNames.`);
    columns = makeColumns(fn, config.columnNames, config, name);
  }
  let make: ((values: CSVValue[]) => unknown) | null = null;
  const values: CSVValue[] = [];
  let allNumeric = false;
  let numColumns = 0;
  const delim = (config.delimiter ?? ',').charCodeAt(0);
  let line = 1; // line number of the next record
  let headerDone = !hasHeader;
  let carry: Uint8Array | null = null;
  const lines = { n: 1 };
  for await (const { bytes: chunk, final } of records(src, config)) {
    let b = chunk;
    if (carry !== null) {
      b = new Uint8Array(carry.length + chunk.length);
      b.set(carry);
      b.set(chunk, carry.length);
      carry = null;
    }
    let pos = 0;
    while (pos < b.length) {
      if (allNumeric) {
        const nl = b.indexOf(NL, pos);
        const end = nl === -1 ? (final ? b.length : -1) : nl;
        const lineEnd = end > pos && b[end - 1] === CR ? end - 1 : end;
        if (lineEnd > pos && parseNumericRow(b, pos, lineEnd, delim, values, numColumns)) {
          pos = nl === -1 ? b.length : nl + 1;
          line++;
          yield (make as (values: CSVValue[]) => unknown)(values);
          continue;
        }
      }
      const recordLine = line;
      let next: number;
      try {
        next = parser.split(b, pos, final, lines);
      } catch (e) {
        if (!(e instanceof Malformed)) throw e;
        throw new FluxionError(`${fn}: ${name} line ${recordLine}${e.column !== null ? `, column ${e.column + 1}` : ''}: ${e.message}.`);
      }
      if (next === -1) break;
      pos = next;
      line += lines.n;
      const f = parser.current;
      if (f.count === 1 && f.starts[0] === f.ends[0] && !f.quoted.has(0)) continue; // blank line
      if (!headerDone) {
        headerDone = true;
        const names = Array.from({ length: f.count }, (_, k) => parser.fieldText(b, k).trim());
        columns = makeColumns(fn, config.columnNames ?? names, config, name);
        if (config.columnNames && config.columnNames.length !== f.count) {
          throw new FluxionError(`${fn}: ${name}: columnNames has ${config.columnNames.length} names, but the header line has ${f.count} columns.`);
        }
        continue;
      }
      const cols = columns as Column[];
      make ??= rowMaker(cols);
      try {
        const row = makeRow(parser, b, cols, values, make);
        // Once every column is known to be numeric, rows take the one-pass path.
        allNumeric ||= !config.delimWhitespace && cols.every((c) => c.kind === 'float32');
        numColumns = cols.length;
        yield row;
      } catch (e) {
        if (!(e instanceof Malformed)) throw e;
        if (skip) continue;
        const where = e.column !== null ? `, column ${e.column + 1} ('${cols[e.column]?.name ?? '?'}')` : '';
        throw new FluxionError(`${fn}: ${name} line ${recordLine}${where}: ${e.message}. Fix the row, or pass {onMalformedRow: 'skip'} to skip malformed rows.`);
      }
    }
    if (pos < b.length) carry = b.slice(pos);
  }
}

/**
 * Builds row objects from an array of field values. The object literal is compiled once per column
 * set, so every row has the same shape from the start, instead of 30-odd hidden-class transitions
 * per row (this alone is a third of the parsing time for wide numeric files).
 */
function rowMaker(cols: readonly Column[]): (values: CSVValue[]) => unknown {
  const literal = (pick: (c: Column) => boolean): string =>
    `{${cols
      .map((c, i) => [c, i] as const)
      .filter(([c]) => c.keep && pick(c))
      .map(([c, i]) => `${JSON.stringify(c.name)}: v[${i}]`)
      .join(', ')}}`;
  const labels = cols.some((c) => c.isLabel && c.keep);
  const body = labels ? `return { xs: ${literal((c) => !c.isLabel)}, ys: ${literal((c) => c.isLabel)} };` : `return ${literal(() => true)};`;
  return new Function('v', body) as (values: CSVValue[]) => unknown;
}

function makeRow(parser: CsvParser, b: Uint8Array, cols: Column[], values: CSVValue[], make: (values: CSVValue[]) => unknown): unknown {
  const f = parser.current;
  if (f.count !== cols.length) throw new Malformed(null, `expected ${cols.length} fields (one per column), but found ${f.count}`);
  const plain = f.quoted.size === 0;
  for (let k = 0; k < cols.length; k++) {
    const c = cols[k] as Column;
    if (!c.keep) continue;
    if (plain && c.kind === 'float32') {
      // The common case, inlined: a number column and a field that is a plain decimal.
      const v = parseDecimal(b, f.starts[k] as number, f.ends[k] as number);
      if (v === v) {
        values[k] = v;
        continue;
      }
    }
    values[k] = fieldValue(parser, b, k, c);
  }
  return make(values);
}

function fieldValue(parser: CsvParser, b: Uint8Array, k: number, c: Column): CSVValue {
  const f = parser.current;
  const s = f.starts[k] as number;
  const e = f.ends[k] as number;
  const quoted = f.quoted.size === 0 ? undefined : f.quoted.get(k);
  if (quoted === undefined && c.kind !== 'string') {
    const v = parseDecimal(b, s, e);
    if (v === v) {
      if (c.kind === null) c.kind = 'float32';
      if (c.kind === 'int32' && !Number.isInteger(v)) throw new Malformed(k, `cannot parse "${text(b, s, e)}" as an integer (the column's dtype is int32)`);
      if (c.kind !== 'bool') return v;
    }
  }
  const raw = quoted ?? latin1Or8(b, s, e);
  const t = raw.trim();
  if (t === '') {
    if (c.default !== undefined) return c.default;
    if (c.required) throw new Malformed(k, 'the value is missing, but the column is required');
    return c.kind === 'string' ? '' : NaN;
  }
  if (c.kind === null) c.kind = Number.isNaN(Number(t)) && t !== 'NaN' ? 'string' : 'float32';
  if (c.kind === 'string') return raw;
  if (c.kind === 'bool') {
    const lower = t.toLowerCase();
    if (lower === 'true' || lower === '1') return 1;
    if (lower === 'false' || lower === '0') return 0;
    throw new Malformed(k, `cannot parse "${t}" as a boolean (true/false/1/0)`);
  }
  const v = Number(t);
  if (Number.isNaN(v) && t !== 'NaN') throw new Malformed(k, `cannot parse "${t}" as a number`);
  if (c.kind === 'int32' && !Number.isInteger(v)) throw new Malformed(k, `cannot parse "${t}" as an integer (the column's dtype is int32)`);
  return v;
}

/**
 * A dataset of the rows of a CSV file (path, file:// or http(s):// URL): objects keyed by column
 * name, or {xs, ys} when a column is marked isLabel (TensorFlow.js's tf.data.csv).
 */
export function csv<T = CSVRow>(source: string | URL, config: CSVConfig = {}): CSVDataset<T> {
  const src = source instanceof URL ? source.href : source;
  describeSource('csv', src);
  return new CSVDataset<T>(src, config);
}
