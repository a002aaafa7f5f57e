/**
 * JUnit XML for the test-report views of GitLab, Jenkins and Azure DevOps: a testsuite per linted file,
 * a failing testcase per finding, and one passing testcase for a clean file.
 */
import { docsUrl } from '../engine/rule.js';
import type { Finding } from '../types.js';
import { type FormatContext, groupByFile, relativePath, remediationOf } from './results.js';

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes, and keep line breaks and tabs as character references. */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

export default function junit(findings: Finding[], ctx: FormatContext): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [filePath, list] of groupByFile(findings, ctx.filePaths)) {
    const path = relativePath(filePath, ctx.cwd).path;
    // Jenkins splits a classname at dots into package and class: drop the extension.
    const classname = path.replace(/\.(ya?ml|json)$/i, '');
    const cases = list.map((f) => {
      const remediation = remediationOf(f, ctx);
      const body = [
        `${f.severity} at ${path}:${f.line}:${f.column}: ${f.message} [${f.ruleId}]`,
        ...(remediation ? [remediation] : []),
        docsUrl(f.ruleId),
      ].join('\n');
      return (
        `    <testcase${attrs({ name: `${f.ruleId}: ${f.message}`, classname, file: path, line: f.line, time: 0 })}>\n` +
        `      <failure${attrs({ message: f.message, type: f.severity })}>${xmlText(body)}</failure>\n` +
        '    </testcase>\n'
      );
    });
    if (!cases.length) {
      cases.push(`    <testcase${attrs({ name: 'k8s-svc-lint', classname, file: path, time: 0 })}/>\n`);
    }
    tests += cases.length;
    failures += list.length;
    suites.push(
      `  <testsuite${attrs({ name: path, tests: cases.length, failures: list.length, errors: 0, skipped: 0, time: 0 })}>\n` +
        `${cases.join('')}  </testsuite>\n`,
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attrs({ name: 'k8s-svc-lint', tests, failures, errors: 0, time: 0 })}>\n` +
    `${suites.join('')}</testsuites>\n`
  );
}
