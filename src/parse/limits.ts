/**
 * Guards for hostile YAML: nesting depth, recursive aliases and tags that would build more than plain data.
 * The `yaml` package composes documents recursively; a deep enough input overflows the stack, and when the
 * overflow happens inside V8's regexp compiler the process aborts (not a catchable error). So depth is
 * checked on the concrete syntax tree, which the parser builds without recursion, before composing.
 */
import type { Alias, Document, ScalarTag, Tags, CST as YamlCst } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import { FLOAT_EXP } from './yaml11.js';

/** Deepest nesting of collections accepted. Real manifests (CRDs included) stay under 60. */
export const MAX_DEPTH = 256;

/** Max aliases resolved per document: guards against "billion laughs" expansion. */
export const MAX_ALIAS_COUNT = 1000;

/**
 * CST tokens of `text`, as `Parser.parse` yields them, but the parse stops as soon as collections nest
 * deeper than MAX_DEPTH: `onTooDeep(offset)` is called and the unfinished document is dropped. The cost is
 * bounded by the text read until then.
 */
export function* depthGuardedTokens(
  text: string,
  onTooDeep: (offset: number) => void,
): Generator<YamlCst.Token, void> {
  const { Lexer, Parser } = yamlLib();
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    // The stack holds the document and one entry per open collection (plus at most a pending scalar).
    if (parser.stack.length > MAX_DEPTH + 2) {
      onTooDeep(parser.offset);
      return;
    }
  }
  yield* parser.end();
}

/**
 * YAML 1.1 tags that construct something other than JSON data: `!!binary` (a Buffer), `!!set` (a Set),
 * `!!omap` (a Map), `!!pairs` and timestamps (a Date). Without them the value is read as the plain string,
 * map or sequence it is written as — timestamps stay strings, as kubectl reads them.
 */
const NON_JSON_TAGS = new Set([
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:timestamp',
]);

export function plainDataTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const t of tags) {
    if (typeof t !== 'string' && NON_JSON_TAGS.has(t.tag)) continue;
    const exp = typeof t !== 'string' && t.tag === FLOAT && t.format === 'EXP';
    out.push(exp ? ({ ...t, test: FLOAT_EXP } as ScalarTag) : t);
  }
  return out;
}

/**
 * An exponent float needs a digit before its exponent (FLOAT_EXP), as kubectl's YAML reader (go-yaml)
 * has it: the YAML 1.1 pattern of `yaml` makes the mantissa optional, so a label like `family: e2` read as NaN.
 */
const FLOAT = 'tag:yaml.org,2002:float';

/**
 * An alias inside the collection it refers to (`a: &a [*a]`) makes a value that contains itself: any
 * consumer that walks it would never end. An anchored collection's source range contains exactly its
 * descendants, so the test is one range comparison per alias.
 */
export function recursiveAlias(doc: Document.Parsed): Alias | undefined {
  const { isAlias, isCollection, visit } = yamlLib();
  let found: Alias | undefined;
  visit(doc, {
    Alias(_key, node) {
      const src = node.resolve(doc);
      const a = node.range?.[0];
      const r = src?.range;
      if (isCollection(src) && r && a !== undefined && r[0] <= a && a < r[2]) {
        found = node;
        return visit.BREAK;
      }
      // A chain of aliases is followed by resolve(); a direct alias to an alias cannot nest.
      return isAlias(src) ? visit.SKIP : undefined;
    },
  });
  return found;
}
