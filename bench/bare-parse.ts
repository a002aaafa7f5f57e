/**
 * The floor the bench compares the CLI with: a bare `yaml.parseAllDocuments` pass (YAML 1.1, as the linter
 * reads) over the files listed in argv[2] (one path per line, relative to the working directory). The
 * files are read first and not timed; the parse is timed in this fresh process, as cold as the CLI's.
 * Prints `{"ms": …, "documents": …}`.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const list = process.argv[2];
if (!list) {
  process.stderr.write('usage: node dist/bench/bare-parse.js LIST\n');
  process.exit(2);
}
const texts = readFileSync(list, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((p) => readFileSync(p, 'utf8'));
const t0 = performance.now();
let documents = 0;
for (const t of texts)
  documents += parseAllDocuments(t, { version: '1.1', merge: true, uniqueKeys: false }).length;
const ms = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ ms, documents })}\n`);
