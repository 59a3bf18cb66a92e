/**
 * The byte-level CSV machinery behind fx.data.csv: record splitting (RFC 4180 quoting, CRLF),
 * decimal numbers parsed from their digits, and the one-pass parser of all-numeric rows.
 */
import { FluxionError } from '../core/errors.js';
import type { CSVConfig, CSVValue } from './csv.js';

const QUOTE = 34;
export const NL = 10;
export const CR = 13;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

export class Malformed extends Error {
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
export function parseDecimal(b: Uint8Array, s: number, e: number): number {
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
export function parseNumericRow(b: Uint8Array, pos: number, lineEnd: number, delim: number, values: CSVValue[], count: number): boolean {
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

export function text(b: Uint8Array, s: number, e: number): string {
  return utf8.decode(b.subarray(s, e));
}

/** One parsed record: its fields as [start, end) byte ranges (quoted fields decoded to strings). */
interface Fields {
  starts: number[];
  ends: number[];
  /** Decoded text of quoted fields (by field index). */
  quoted: Map<number, string>;
  count: number;
}

export class CsvParser {
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

/** Latin-1 decoding (fast) unless the bytes hold UTF-8 sequences. */
export function latin1Or8(b: Uint8Array, s: number, e: number): string {
  for (let i = s; i < e; i++) if ((b[i] as number) > 127) return text(b, s, e);
  return latin1.decode(b.subarray(s, e));
}
