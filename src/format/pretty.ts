/**
 * The terminal format, for people: findings grouped by file, in line order within it, each on one line
 * (position, severity, message, rule id) with nothing padded to the widest message, so a line is as long
 * as what it says; then ESLint's summary line. Colour only when the context says so (src/cli-shared.ts
 * decides from the flags, NO_COLOR, FORCE_COLOR and the terminal).
 */
import type { Finding } from '../types.js';
import { type FormatContext, groupByFile, relativePath } from './results.js';

const SGR = {
  bold: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  underline: ['\x1b[4m', '\x1b[24m'],
  red: ['\x1b[31m', '\x1b[39m'],
  yellow: ['\x1b[33m', '\x1b[39m'],
} as const;
type Style = keyof typeof SGR;

function painter(color: boolean): (style: Style, text: string) => string {
  return color ? (style, text) => `${SGR[style][0]}${text}${SGR[style][1]}` : (_style, text) => text;
}

/** Line, then column, then errors before warnings, then rule id: the order the file is read in. */
function byPosition(a: Finding, b: Finding): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/** Words of `text` in lines of at most `room` characters (a longer word gets a line of its own). */
function wrap(text: string, room: number | undefined): string[] {
  if (room === undefined || text.length <= room) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default function format(findings: Finding[], ctx: FormatContext): string {
  const paint = painter(ctx.color);
  const out: string[] = [];
  let errors = 0;
  for (const [file, list] of groupByFile(findings, ctx.filePaths)) {
    if (!list.length) continue;
    const sorted = [...list].sort(byPosition);
    const first = sorted[0] as Finding;
    // The header is a path:line:column a terminal or editor can open at the first finding shown.
    out.push('', paint('underline', `${relativePath(file, ctx.cwd).path}:${first.line}:${first.column}`));
    const positions = sorted.map((f) => `${f.line}:${f.column}`);
    const width = Math.max(...positions.map((p) => p.length));
    // On a terminal, a long message wraps under itself rather than under the position.
    const indent = 2 + width + 2 + 1 + 2;
    const room = ctx.columns !== undefined && ctx.columns - indent >= 30 ? ctx.columns - indent : undefined;
    sorted.forEach((f, i) => {
      const isError = f.severity === 'error';
      if (isError) errors++;
      const symbol = isError ? paint('red', '✖') : paint('yellow', '⚠');
      const position = paint('dim', (positions[i] as string).padEnd(width));
      const lines = wrap(`${f.message}  ${f.ruleId}`, room);
      const last = lines.length - 1;
      // The rule id is the last word of the last line: dim it there.
      lines[last] = `${(lines[last] as string).slice(0, -f.ruleId.length)}${paint('dim', f.ruleId)}`;
      out.push(`  ${position}  ${symbol}  ${lines.join(`\n${' '.repeat(indent)}`)}`);
    });
  }
  if (!findings.length) return '';
  const warnings = findings.length - errors;
  const summary = `✖ ${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  out.push('', paint('bold', paint(errors ? 'red' : 'yellow', summary)));
  return `${out.join('\n')}\n`;
}
