/**
 * Plain scalars typed as the reference parse types them: the `yaml` package's YAML 1.1 schema
 * (yaml/dist/schema/yaml-1.1) with the same regular expressions in the same order, as `plainDataTags`
 * adjusts them: a timestamp stays a string and an exponent needs a mantissa digit (`e2` is a string), as
 * kubectl reads them. Shared by the scanner and the
 * js-yaml fallback, so the fast paths cannot drift apart.
 */

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** An exponent needs a digit before it, as kubectl reads it; the reference parse uses it too (limits.ts). */
export const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const INT_TIME = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;
const FLOAT_TIME = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/;

/** Returned by the resolvers when a scalar is not of their type. */
export const NOT_RESOLVED: unique symbol = Symbol('not resolved');

function intOf(str: string, offset: number, radix: number): number {
  const sign = str[0];
  const skip = sign === '-' || sign === '+' ? offset + 1 : offset;
  const n = Number.parseInt(str.substring(skip).replace(/_/g, ''), radix);
  return sign === '-' ? -1 * n : n;
}

function sexagesimal(str: string): number {
  const sign = str[0];
  const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
  const res = parts
    .replace(/_/g, '')
    .split(':')
    .reduce((r, p) => r * 60 + Number(p), 0);
  return sign === '-' ? -1 * res : res;
}

export function resolveNull(s: string): null | typeof NOT_RESOLVED {
  return NULL.test(s) ? null : NOT_RESOLVED;
}

export function resolveBool(s: string): boolean | typeof NOT_RESOLVED {
  return TRUE.test(s) ? true : FALSE.test(s) ? false : NOT_RESOLVED;
}

/** Integers (binary, octal, decimal, hex), floats, infinities, NaN and sexagesimal numbers. */
export function resolveNumber(s: string): number | typeof NOT_RESOLVED {
  if (INT_BIN.test(s)) return intOf(s, 2, 2);
  if (INT_OCT.test(s)) return intOf(s, 1, 8);
  if (INT.test(s)) return intOf(s, 0, 10);
  if (INT_HEX.test(s)) return intOf(s, 2, 16);
  if (FLOAT_NAN.test(s))
    return s.slice(-3).toLowerCase() === 'nan'
      ? Number.NaN
      : s[0] === '-'
        ? Number.NEGATIVE_INFINITY
        : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return Number.parseFloat(s.replace(/_/g, ''));
  if (INT_TIME.test(s) || FLOAT_TIME.test(s)) return sexagesimal(s);
  return NOT_RESOLVED;
}

/** The value of a plain (unquoted) scalar. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Only these first characters can start a null, a boolean or a number: most scalars are names.
  if (
    c === 126 ||
    c === 78 ||
    c === 110 ||
    c === 89 ||
    c === 121 ||
    c === 84 ||
    c === 116 ||
    c === 79 ||
    c === 111 ||
    c === 70 ||
    c === 102
  ) {
    if (resolveNull(s) === null) return null;
    const b = resolveBool(s);
    if (b !== NOT_RESOLVED) return b;
    return s;
  }
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    const n = resolveNumber(s);
    if (n !== NOT_RESOLVED) return n;
  }
  return s;
}
