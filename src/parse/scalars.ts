/**
 * Plain scalars typed as kubectl types them. kubectl decodes manifests with go-yaml v2 (through
 * `sigs.k8s.io/yaml`), which is neither YAML 1.2 nor the YAML 1.1 specification: its own table of words
 * (`y`, `yes`, `on`, `~`…), then Go's integer parser (`0x1F`, `0o17`, `017`, `0b101`, underscores
 * anywhere), then a float pattern; no sexagesimal numbers (`22:00` is a string), and timestamps stay
 * strings. Then `sigs.k8s.io/yaml` turns the value into JSON: a NaN or an infinity cannot be written,
 * and map keys become strings (a float key in Go's float32 `%g` form). test/oracle.test.ts holds each
 * rule to kubectl's own answers. Shared by the scanner and the reference parse, so they cannot drift apart.
 */

/** The words of go-yaml v2's table, by their text. */
const WORDS = new Map<string, unknown>();
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) WORDS.set(w, true);
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
  WORDS.set(w, false);
for (const w of ['', '~', 'null', 'Null', 'NULL']) WORDS.set(w, null);
for (const w of ['.nan', '.NaN', '.NAN']) WORDS.set(w, Number.NaN);
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) WORDS.set(w, Number.POSITIVE_INFINITY);
for (const w of ['-.inf', '-.Inf', '-.INF']) WORDS.set(w, Number.NEGATIVE_INFINITY);

/** go-yaml's float pattern, tried on the text without underscores after Go's integer parser refused it. */
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What Go's float parser reads of a text that starts with a dot (the only float syntax such a text can have). */
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * Go's `strconv.ParseUint(s, 0, 64)` on a text without sign or underscores: a `0x`, `0o` or `0b` prefix
 * (either case, with at least one digit after it), a leading `0` for octal, else decimal.
 */
function goUint(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  let base = 10;
  let digits = s;
  if (s.charCodeAt(0) === 48 && s.length > 1) {
    const p = s.charCodeAt(1) | 0x20;
    if (s.length >= 3 && (p === 0x78 || p === 0x6f || p === 0x62)) {
      base = p === 0x78 ? 16 : p === 0x6f ? 8 : 2;
      digits = s.slice(2);
    } else {
      base = 8;
      digits = s.slice(1);
    }
  }
  let n = 0n;
  const b = BigInt(base);
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i) | 0x20;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 0x61 && c <= 0x7a ? c - 0x61 + 10 : 99;
    if (d >= base) return undefined;
    n = n * b + BigInt(d);
  }
  return n <= UINT64_MAX ? n : undefined;
}

/** Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint` for what is too large for it: the integer, or undefined. */
function goInt(s: string): bigint | undefined {
  const c = s.charCodeAt(0);
  if (c === 43 || c === 45) {
    const u = goUint(s.slice(1));
    if (u === undefined) return undefined;
    if (c === 45) return u <= INT64_MAX + 1n ? -u : undefined;
    return u <= INT64_MAX ? u : undefined;
  }
  return goUint(s);
}

/**
 * Go's rule for underscores in a number: only between digits (or after a base prefix), so `._5` and
 * `.5_` are not numbers. Only texts that start with a dot keep their underscores to this point.
 */
function underscoresOk(s: string): boolean {
  let saw = '^';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) saw = '0';
    else if (c === 95) {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/**
 * The value of a plain (unquoted) scalar as go-yaml v2 reads it into an `interface{}`: null, a boolean,
 * a number (NaN and infinities included: see `jsonProblem`) or the text itself.
 */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Only these first characters can start a word of the table, a number or a float (go-yaml's hints).
  const digit = c >= 48 && c <= 57;
  if (!(digit || c === 43 || c === 45 || c === 46 || WORD_START.has(c) || s.length === 0)) return s;
  if (WORDS.has(s)) return WORDS.get(s);
  if (c === 46) {
    // A dot: Go's float parser on the text as written (underscores between digits allowed).
    if (s.includes('_')) {
      if (!underscoresOk(s)) return s;
      const plain = s.replace(/_/g, '');
      return DOT_FLOAT.test(plain) ? finiteOr(plain, s) : s;
    }
    return DOT_FLOAT.test(s) ? finiteOr(s, s) : s;
  }
  if (!digit && c !== 43 && c !== 45) return s;
  // A sign or a digit: Go's integer parser on the text without underscores, then the float pattern.
  // (A timestamp is tried first, but it stays a string, as these never read one as a number.)
  const plain = s.includes('_') ? s.replace(/_/g, '') : s;
  const n = goInt(plain);
  if (n !== undefined) return Number(n);
  return FLOAT.test(plain) ? finiteOr(plain, s) : s;
}

/** The characters that start a word of the table (after the digits, signs and dot). */
const WORD_START = new Set([...'yYnNtTfFoO~'].map((ch) => ch.charCodeAt(0)));

/**
 * Go's float parser: a number too large for a float64 is refused, and the text stays a string. A negative
 * zero is written to JSON as `-0`, which kubectl reads back as the integer 0.
 */
function finiteOr(num: string, text: string): number | string {
  const v = Number(num);
  return Number.isFinite(v) ? (v === 0 ? 0 : v) : text;
}

/** The exact integer a plain scalar stands for (keys are written from it), or undefined. */
export function plainInteger(s: string): bigint | undefined {
  const c = s.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45) || WORDS.has(s)) return undefined;
  return goInt(s.includes('_') ? s.replace(/_/g, '') : s);
}

/**
 * A value that JSON cannot hold, as `sigs.k8s.io/yaml` finds it: kubectl then rejects the document.
 * Undefined for every other value.
 */
export function jsonProblem(v: unknown): string | undefined {
  if (typeof v !== 'number' || Number.isFinite(v)) return undefined;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
}

/**
 * A map key as `sigs.k8s.io/yaml` writes it into JSON: strings as they are, integers in decimal (`0x1F`
 * is "31"), booleans as "true" and "false", floats in Go's float32 `%g` form (`1e6` is "1e+06").
 * Undefined for the keys it refuses: null, a collection, an integer beyond int64.
 */
export function jsonKey(value: unknown, text: string): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'number') return undefined;
  const n = plainInteger(text);
  if (n !== undefined) return n <= INT64_MAX && n >= -INT64_MAX - 1n ? n.toString() : undefined;
  // From the text, where the value has lost a negative zero.
  const f = text === '' ? Number.NaN : Number(text.replace(/_/g, ''));
  return goFloat32(Number.isNaN(f) ? value : f);
}

/** Go's `strconv.FormatFloat(v, 'g', -1, 32)`, with go-yaml's names for the infinities and NaN. */
export function goFloat32(v: number): string {
  const f = Math.fround(v);
  if (Number.isNaN(f)) return '.nan';
  if (f === Number.POSITIVE_INFINITY) return '.inf';
  if (f === Number.NEGATIVE_INFINITY) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // The shortest digits that read back as the same float32.
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const e = Math.abs(f).toExponential(p - 1);
    if (Math.fround(Number(e)) === Math.abs(f) || p === 9) {
      const [m = '', x = '0'] = e.split('e');
      digits = m.replace('.', '');
      exp = Number(x);
      break;
    }
  }
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ax = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ax < 10 ? '0' : ''}${ax}`;
  }
  // Fixed notation: the decimal point `exp + 1` digits in.
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return `${sign}${digits}${'0'.repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
