/**
 * The passes that every read makes over a whole text, and texts to feed them: long runs of every kind of
 * character (or short pattern), bare, as a manifest's value and inside JSON. Used by test/gates.test.ts,
 * also in a child process (so that V8 can be started with flags that watch its regular expressions).
 */
import { jsonValues, looksLikeManifest } from '../../src/parse/parse.js';
import { scan } from '../../src/parse/scan.js';
import {
  isJsonText,
  scannerMayRead,
  sections,
  templateLine,
  withoutBom,
  yamlView,
} from '../../src/parse/text.js';

/** The passes over a text that every read makes (the scanner, and JSON, on the texts they read). */
export function gates(input: string): void {
  const text = withoutBom(input);
  templateLine(text);
  looksLikeManifest(text);
  if (isJsonText(text)) jsonValues(text);
  else for (const s of sections(text)) yamlView(text, s);
  if (scannerMayRead(text, false)) scan(text, false);
}

export const UNITS = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\r\r\n',
  '-',
  '- ',
  ':',
  ': ',
  'a: ',
  '#',
  ' #',
  '{',
  '}',
  '[',
  ']',
  '{{',
  '}}',
  ',',
  '"',
  "'",
  '\\',
  '"\\',
  "''",
  '&',
  '*',
  '!',
  '|',
  '>',
  '?',
  '%',
  '.',
  '...\n',
  '---\n',
  '--- x\n',
  '---#\n',
  'a',
  '0',
  '_',
  '1:',
  'x:',
  '\uFEFF',
  '\u0085',
  '\u2028',
  'é',
  '{"a":',
  '"a",',
  '[a,',
  '{a: ',
  '  - ',
  '  a:\n',
  'a: |\n',
  '  ',
  '- {{ x }}\n',
  '# {{\n',
  'a: "{{\n',
  '\\\n',
  'apiVersion kind ',
];

/** Texts of about `n` characters made of a unit: the run alone, as a manifest's value, inside JSON. */
export function texts(unit: string, n: number): string[] {
  const run = unit.repeat(Math.ceil(n / unit.length));
  return [run, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${run}\n`, `{"a": "${run}"}`];
}
