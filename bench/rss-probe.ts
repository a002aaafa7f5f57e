/** Preloaded into the CLI by the bench (`node --import`): writes the process's peak RSS (KB) at exit. */
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
