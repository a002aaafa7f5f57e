/**
 * GitHub Actions workflow commands, so findings appear as annotations on the pull request:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`, escaped as the runner expects.
 */
import type { Finding } from '../types.js';
import { type FormatContext, relativePath, remediationOf } from './results.js';

/** Escaping of a command's data (the message). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a command's property values: data escaping plus the separators `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export default function github(findings: Finding[], ctx: FormatContext): string {
  return findings
    .map((f) => {
      const props: Array<[string, string | number]> = [];
      const { path } = relativePath(f.filePath, ctx.cwd);
      // A name like "<stdin>" is no file in the repository: annotate the run instead of a line.
      if (!f.filePath.startsWith('<')) {
        props.push(
          ['file', path],
          ['line', f.line],
          ['col', f.column],
          ['endLine', f.endLine],
          ['endColumn', f.endColumn],
        );
      }
      props.push(['title', `k8s-svc-lint (${f.ruleId})`]);
      const command = f.severity === 'error' ? 'error' : 'warning';
      const remediation = remediationOf(f, ctx);
      const message = remediation ? `${f.message}\n${remediation}` : f.message;
      const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
      return `::${command} ${list}::${escapeData(message)}\n`;
    })
    .join('');
}
