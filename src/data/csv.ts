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

const QUOTE = 34;
const NL = 10;
const CR = 13;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

class Malformed extends Error {
  constructor(
    readonly column: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** Where the last scanDecimal stopped. */
let scanEnd = 0;

/**
 * Reads a plain decimal number (sign, digits, fraction, exponent) from bytes starting at s, stopping
 * at the first byte that cannot continue it (or at e) and leaving that index in scanEnd. NaN when
 * there is no number there or it needs more than exact double arithmetic (then the caller falls
 * back to Number() on the text).
 */
function scanDecimal(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (b[i] === 45) {
    neg = true;
    i++;
  } else if (b[i] === 43) i++;
  let mant = 0;
  let digits = 0;
  let exp = 0;
  let any = false;
  for (; i < e; i++) {
    const d = (b[i] as number) - 48;
    if (d < 0 || d > 9) break;
    any = true;
    if (mant !== 0 || d !== 0) digits++;
    mant = mant * 10 + d;
  }
  if (i < e && b[i] === 46) {
    for (i++; i < e; i++) {
      const d = (b[i] as number) - 48;
      if (d < 0 || d > 9) break;
      any = true;
      if (mant !== 0 || d !== 0) digits++;
      mant = mant * 10 + d;
      exp--;
    }
  }
  scanEnd = i;
  if (!any) return NaN;
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    i++;
    let eneg = false;
    if (b[i] === 45) {
      eneg = true;
      i++;
    } else if (b[i] === 43) i++;
    let ev = 0;
    let edigits = 0;
    for (; i < e; i++) {
      const d = (b[i] as number) - 48;
      if (d < 0 || d > 9) break;
      ev = ev * 10 + d;
      edigits++;
    }
    scanEnd = i;
    if (edigits === 0) return NaN;
    exp += eneg ? -ev : ev;
  }
  if (digits > 15 || exp > 22 || exp < -22) return NaN;
  // Both mant (< 10^15) and 10^|exp| (<= 10^22) are exact doubles, so one division or
  // multiplication gives the correctly rounded value, as Number() would.
  const v = exp < 0 ? mant / (POW10[-exp] as number) : mant * (POW10[exp] as number);
  return neg ? -v : v;
}

/** A plain decimal filling bytes [s, e) (spaces around it allowed), else NaN. */
function parseDecimal(b: Uint8Array, s: number, e: number): number {
  while (s < e && (b[s] === 32 || b[s] === 9)) s++;
  while (e > s && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
  if (s === e) return NaN;
  const v = scanDecimal(b, s, e);
  return scanEnd === e ? v : NaN;
}

/**
 * The all-numeric row at [pos, lineEnd) parsed in one pass (no field boundaries first), into
 * values; false when any field is not a plain decimal directly between delimiters (quotes,
 * spaces, empty fields, wrong field count...): the caller then takes the general path.
 */
function parseNumericRow(b: Uint8Array, pos: number, lineEnd: number, delim: number, values: CSVValue[], count: number): boolean {
  let i = pos;
  for (let k = 0; k < count; k++) {
    const v = scanDecimal(b, i, lineEnd);
    if (v !== v) return false;
    i = scanEnd;
    if (k < count - 1) {
      if (b[i] !== delim || i >= lineEnd) return false;
      i++;
    } else if (i !== lineEnd) return false;
    values[k] = v;
  }
  return true;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder();

function text(b: Uint8Array, s: number, e: number): string {
  return utf8.decode(b.subarray(s, e));
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

/** One parsed record: its fields as [start, end) byte ranges (quoted fields decoded to strings). */
interface Fields {
  starts: number[];
  ends: number[];
  /** Decoded text of quoted fields (by field index). */
  quoted: Map<number, string>;
  count: number;
}

class CsvParser {
  private readonly delim: number;
  private readonly whitespace: boolean;
  private readonly fields: Fields = { starts: [], ends: [], quoted: new Map(), count: 0 };
  /** The next quote at or after `quoteFrom` in `quoteBuf` (-1: none): one search per buffer, not per record. */
  private quoteBuf: Uint8Array | null = null;
  private quoteFrom = 0;
  private quoteAt = -1;

  constructor(
    private readonly fn: string,
    config: CSVConfig,
  ) {
    const d = config.delimiter ?? ',';
    if (d.length !== 1 || d.charCodeAt(0) > 127) throw new FluxionError(`${fn}: delimiter must be one ASCII character, but received ${JSON.stringify(d)}.`);
    this.delim = d.charCodeAt(0);
    this.whitespace = config.delimWhitespace ?? false;
  }

  /**
   * Splits the record at b[pos...] into fields. Returns the index after the record's line end, or
   * -1 if the record is incomplete (needs more bytes; at end of input `final` treats the end as
   * the record's end). `lines` receives how many line breaks the record spans.
   */
  split(b: Uint8Array, pos: number, final: boolean, lines: { n: number }): number {
    const f = this.fields;
    f.count = 0;
    f.quoted.clear();
    const nl = b.indexOf(NL, pos);
    const end = nl === -1 ? b.length : nl;
    if (nl === -1 && !final) return -1;
    if (this.quoteBuf !== b || (this.quoteAt !== -1 && this.quoteAt < pos) || pos < this.quoteFrom) {
      this.quoteBuf = b;
      this.quoteFrom = pos;
      this.quoteAt = b.indexOf(QUOTE, pos);
    }
    if (this.quoteAt !== -1 && this.quoteAt < end) return this.splitQuoted(b, pos, final, lines);
    const lineEnd = end > pos && b[end - 1] === CR ? end - 1 : end;
    if (this.whitespace) {
      let i = pos;
      while (i < lineEnd) {
        while (i < lineEnd && (b[i] === 32 || b[i] === 9)) i++;
        if (i >= lineEnd) break;
        const s = i;
        while (i < lineEnd && b[i] !== 32 && b[i] !== 9) i++;
        this.push(s, i);
      }
    } else {
      // A byte loop beats one indexOf call per field on short fields.
      const delim = this.delim;
      const { starts, ends } = this.fields;
      let count = 0;
      let s = pos;
      for (let i = pos; i < lineEnd; i++) {
        if (b[i] === delim) {
          starts[count] = s;
          ends[count++] = i;
          s = i + 1;
        }
      }
      starts[count] = s;
      ends[count++] = lineEnd;
      this.fields.count = count;
    }
    lines.n = 1;
    return nl === -1 ? b.length : nl + 1;
  }

  private push(s: number, e: number): void {
    const f = this.fields;
    f.starts[f.count] = s;
    f.ends[f.count] = e;
    f.count++;
  }

  /** RFC 4180 quoting: "a ""b""" is a "b"; quoted fields may hold delimiters and line breaks. */
  private splitQuoted(b: Uint8Array, pos: number, final: boolean, lines: { n: number }): number {
    let i = pos;
    let breaks = 0;
    for (;;) {
      const s = i;
      if (b[i] === QUOTE) {
        let out = '';
        let from = i + 1;
        i++;
        for (;;) {
          const q = b.indexOf(QUOTE, i);
          if (q === -1) {
            if (!final) return -1;
            throw new Malformed(this.fields.count, 'a quoted field is not closed before the end of the file');
          }
          if (q + 1 >= b.length && !final) return -1;
          for (let k = i; k < q; k++) if (b[k] === NL) breaks++;
          if (b[q + 1] === QUOTE) {
            out += text(b, from, q + 1);
            i = q + 2;
            from = i;
            continue;
          }
          out += text(b, from, q);
          i = q + 1;
          break;
        }
        this.fields.quoted.set(this.fields.count, out);
        this.push(s, i);
        if (i < b.length && b[i] !== this.delim && b[i] !== NL && b[i] !== CR) {
          throw new Malformed(this.fields.count - 1, `unexpected text after the closing quote of a quoted field`);
        }
      } else {
        while (i < b.length && b[i] !== this.delim && b[i] !== NL) i++;
        if (i >= b.length && !final) return -1;
        this.push(s, i > s && b[i - 1] === CR && (i >= b.length || b[i] === NL) ? i - 1 : i);
      }
      if (i >= b.length) {
        lines.n = breaks + 1;
        return b.length;
      }
      if (b[i] === CR && b[i + 1] === NL) i++;
      if (b[i] === NL) {
        lines.n = breaks + 1;
        return i + 1;
      }
      if (b[i] === CR) {
        if (!final && i + 1 >= b.length) return -1;
        lines.n = breaks + 1;
        return i + 1;
      }
      i++; // the delimiter
    }
  }

  get current(): Fields {
    return this.fields;
  }

  fieldText(b: Uint8Array, k: number): string {
    const f = this.fields;
    return f.quoted.get(k) ?? text(b, f.starts[k] as number, f.ends[k] as number);
  }
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

function latin1Or8(b: Uint8Array, s: number, e: number): string {
  for (let i = s; i < e; i++) if ((b[i] as number) > 127) return text(b, s, e);
  return latin1.decode(b.subarray(s, e));
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
