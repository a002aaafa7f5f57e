/**
 * The `yaml` package's reading of one section of a file (see text.ts), made to accept and refuse what
 * go-yaml v2, kubectl's reader, accepts and refuses:
 *
 * - go-yaml does not look at the indentation of a quoted scalar's lines, nor at that of a flow
 *   collection's lines (a comment or an entry at column 0 inside `{…}` is fine): the lexer is made to
 *   follow it, and the composer's complaint about a flow collection's closing bracket is dropped;
 * - go-yaml reads a comment right after a closing quote or bracket (`"a"#c`, `[a]#c`);
 * - go-yaml takes anchor and alias names of letters, digits, `_` and `-` only, followed by white space or
 *   one of `?:,]}%@` and a backquote (`&web{app: web}` and `&a.b` are errors);
 * - a directive must be followed by a `---` line in the same section, which kubectl never leaves there;
 * - only the section's first document is read: what follows it is reported, not composed.
 *
 * Collections nested deeper than MAX_DEPTH stop the read (limits.ts).
 */
import type { Composer, CST, Lexer, Document as YamlDocument } from 'yaml';
import { yamlLib } from '../util/yaml-lib.js';
import { MAX_DEPTH } from './limits.js';

export interface SectionRead {
  /** The section's document (offsets in the view), or undefined when it holds none. */
  doc?: YamlDocument.Parsed;
  /** Errors the composer does not see, by offset in the view. */
  errors: Array<{ at: number; message: string }>;
  /** Where the collections nested too deep. */
  tooDeep?: number;
  /** Where a document kubectl never reads starts (after `...`, or after a `---` a line feed does not end). */
  ignored?: number;
}

/** The lexer's state that the adjustments reach (not part of its typed interface). */
interface LexerState {
  indentNext: number;
  parseQuotedScalar(): Generator<string, string>;
  parseFlowCollection(): Generator<string, string>;
}

const FLOW_END = '\x18';
const SCALAR = '\x1f';
/** Lexemes that are not source text (the others follow each other over the whole input). */
const CONTROL = new Set(['\x02', FLOW_END, SCALAR]);
/** What go-yaml accepts right after an anchor or alias name. */
const AFTER_ANCHOR = new Set([...' \t\r\n?:,]}%@`']);

let lexerClass: (new () => Lexer) | undefined;

/** The `yaml` lexer, with the indentation of quoted scalars and flow collections left to go-yaml's rule. */
function kubectlLexer(): Lexer {
  if (!lexerClass) {
    const { Lexer } = yamlLib();
    const base = Lexer.prototype as unknown as LexerState;
    class KubectlLexer extends Lexer {}
    const proto = KubectlLexer.prototype as unknown as LexerState;
    proto.parseQuotedScalar = function* (this: LexerState) {
      // With no indentation required, only a document marker at column 0 ends the scalar early.
      const indent = this.indentNext;
      this.indentNext = 0;
      try {
        return yield* base.parseQuotedScalar.call(this);
      } finally {
        this.indentNext = indent;
      }
    };
    proto.parseFlowCollection = function* (this: LexerState) {
      const indent = this.indentNext;
      this.indentNext = 0;
      let cut = false;
      const it = base.parseFlowCollection.call(this);
      try {
        for (;;) {
          const r = it.next();
          if (r.done) return r.value;
          // Cut by a document marker: the lexer has moved on to the next document.
          if (r.value === FLOW_END) cut = true;
          yield r.value;
        }
      } finally {
        if (!cut) this.indentNext = indent;
      }
    };
    lexerClass = KubectlLexer;
  }
  return new lexerClass();
}

/** The composer with every scalar as its text (decode.ts types them as go-yaml does). */
function composer(): Composer {
  return new (yamlLib().Composer)({
    version: '1.1',
    schema: 'failsafe',
    uniqueKeys: false,
    prettyErrors: false,
    keepSourceTokens: false,
    logLevel: 'error',
  });
}

/** Reads one section's view (text.ts, yamlView). */
export function readSection(view: string): SectionRead {
  const out: SectionRead = { errors: [] };
  const { Parser } = yamlLib();
  const parser = new Parser();
  const lexer = kubectlLexer();
  const first: CST.Token[] = [];
  let offset = 0;
  let directive: CST.Token | undefined;
  let document: CST.Token | undefined;
  const anchorCheck = (lexeme: string, at: number) => {
    const c = lexeme.charCodeAt(0);
    if (c !== 38 && c !== 42) return;
    const name = lexeme.slice(1);
    const next = view[at + lexeme.length];
    if (name.length === 0 || /[^0-9A-Za-z_-]/.test(name) || (next !== undefined && !AFTER_ANCHOR.has(next)))
      out.errors.push({
        at,
        message: `${c === 38 ? 'anchor' : 'alias'} \`${lexeme}\`: kubectl takes names of letters, digits, \`_\` and \`-\`, followed by a space`,
      });
  };
  const escapeCheck = (lexeme: string, at: number) => {
    for (let i = lexeme.indexOf('\\'); i >= 0; i = lexeme.indexOf('\\', i + 2))
      if (lexeme.charCodeAt(i + 1) === 47) {
        out.errors.push({ at: at + i, message: '`\\/` is not an escape kubectl knows: write `/`' });
        return;
      }
  };
  let prev = '';
  read: for (const lexeme of lexer.lex(view)) {
    if (!CONTROL.has(lexeme)) {
      if (prev === SCALAR) {
        // A plain scalar in a flow collection: go-yaml ends it at a `?`, which then starts a key.
        const q = (lexer as unknown as { flowLevel: number }).flowLevel > 0 ? lexeme.indexOf('?') : -1;
        if (q >= 0)
          out.errors.push({
            at: offset + q,
            message:
              'in a flow collection, kubectl reads `?` as the start of a key, not as text: quote the value',
          });
      } else if (lexeme.charCodeAt(0) === 34) escapeCheck(lexeme, offset);
      // Not the text of a scalar (a block scalar's may start with `&`).
      else anchorCheck(lexeme, offset);
      offset += lexeme.length;
    }
    prev = lexeme;
    for (const token of parser.next(lexeme)) {
      if (document) {
        // After the first document: comments, blank lines and `...` are nothing; a document is ignored.
        if (token.type === 'document') {
          out.ignored = token.offset;
          break read;
        }
        if (token.type === 'doc-end') first.push(token);
        continue;
      }
      if (token.type === 'directive') directive ??= token;
      if (token.type === 'document') document = token;
      first.push(token);
    }
    // The stack holds the document and one entry per open collection (plus at most a pending scalar).
    if (parser.stack.length > MAX_DEPTH + 2) {
      out.tooDeep = parser.offset;
      break;
    }
  }
  if (out.tooDeep === undefined && out.ignored === undefined) {
    for (const token of parser.end()) {
      if (token.type === 'document') {
        if (document) {
          out.ignored = token.offset;
          break;
        }
        document = token;
      } else if (token.type === 'directive' && !document) directive ??= token;
      else if (document && token.type !== 'doc-end') continue;
      first.push(token);
    }
  }
  // A directive needs its `---` in the same section, where kubectl never leaves one (it cuts sections there).
  const started = document?.type === 'document' && document.start.some((t) => t.type === 'doc-start');
  if (directive && !started)
    out.errors.push({
      at: directive.offset,
      message: `kubectl rejects the directive \`${'source' in directive ? directive.source.trim() : '%'}\`: it cuts the file at \`---\` lines, so no document follows the directive; remove it`,
    });
  if (out.ignored !== undefined) {
    const ignored = out.ignored;
    out.errors = out.errors.filter((e) => e.at < ignored);
  }
  if (out.tooDeep !== undefined) return out;
  const docs = Array.from(composer().compose(first)) as YamlDocument.Parsed[];
  const doc = docs[0];
  if (doc) {
    doc.errors = doc.errors.filter((e) => !acceptedByKubectl(e, view));
    out.doc = doc;
  }
  return out;
}

/** Errors of the `yaml` package that go-yaml does not raise (see the file's comment). */
function acceptedByKubectl(
  e: { code: string; message: string; pos: [number, number] },
  view: string,
): boolean {
  if (e.code === 'BAD_INDENT' && e.message.startsWith('Flow end indicator should be more indented'))
    return true;
  if (e.code === 'MISSING_CHAR' && e.message.startsWith('Comments must be separated from other tokens')) {
    const before = view[e.pos[0] - 1];
    return before === undefined || '"\']}\n\r'.includes(before);
  }
  // `\'` in a double-quoted scalar (decode.ts reads its value as go-yaml does).
  if (e.code === 'BAD_DQ_ESCAPE' && e.message.includes("\\'")) return true;
  return false;
}
