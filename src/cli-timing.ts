/**
 * K8S_SVC_LINT_TIMING=1: where a run's time went, printed to stderr after the report (like ESLint's
 * TIMING). Phases with their wall time and the CPU time of the whole process (all threads, so loading on
 * workers shows as more CPU than wall), whether the code caches were used (src/launch.ts), then the
 * rules by time. Costs nothing when the variable is unset.
 */
import type { LintTiming } from './engine/lint.js';
import { codeCacheStates } from './launch.js';

interface Phase {
  name: string;
  wall: number;
  cpu: number;
  /** Heap in use at the end of the phase, in MB. */
  heap: number;
}

export class Timing {
  private readonly phases: Phase[] = [];
  /** Where the current phase began: at first the start of the process (performance.now's origin). */
  private wall = 0;
  private cpu = 0;
  readonly lint: LintTiming = { model: 0, rules: new Map(), now: () => performance.now() };
  /** The threads that loaded the files, in words (src/load/load.ts). */
  threads: string | undefined;

  constructor() {
    // Node's own start and loading this program are the first phase.
    this.phase('start');
  }

  /** Ends the phase named `name` now. */
  phase(name: string): void {
    const wall = performance.now();
    const { user, system } = process.cpuUsage();
    const cpu = (user + system) / 1000;
    this.phases.push({
      name,
      wall: wall - this.wall,
      cpu: cpu - this.cpu,
      heap: process.memoryUsage().heapUsed / 2 ** 20,
    });
    this.wall = wall;
    this.cpu = cpu;
  }

  report(): string {
    const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(11);
    const rows = [
      `${'phase'.padEnd(28)}${'wall'.padStart(11)}${'cpu'.padStart(11)}${'heap after'.padStart(12)}`,
    ];
    for (const p of this.phases) {
      rows.push(`${p.name.padEnd(28)}${ms(p.wall)}${ms(p.cpu)}${`${p.heap.toFixed(0)} MB`.padStart(12)}`);
    }
    rows.push(`${'total'.padEnd(28)}${ms(this.wall)}${ms(this.cpu)}`);
    // The bin's bundle first, then the validators the run loaded (src/launch.ts).
    const caches = codeCacheStates();
    if (caches.length) rows.push(`code cache: ${caches.map((c) => `${c.file} ${c.state}`).join('; ')}`);
    rows.push(`threads: ${this.threads ?? 'none (loaded on the main thread)'}`);
    rows.push('');
    const rules = [...this.lint.rules].sort((a, b) => b[1] - a[1]);
    const total = this.lint.model + rules.reduce((s, [, t]) => s + t, 0);
    rows.push(`${'lint step'.padEnd(28)}${'wall'.padStart(11)}${'share'.padStart(11)}`);
    const share = (t: number) => `${total ? ((100 * t) / total).toFixed(1) : '0.0'}%`.padStart(11);
    rows.push(`${'(model)'.padEnd(28)}${ms(this.lint.model)}${share(this.lint.model)}`);
    for (const [id, t] of rules) rows.push(`${id.padEnd(28)}${ms(t)}${share(t)}`);
    return `${rows.join('\n')}\n`;
  }
}

/** A Timing when K8S_SVC_LINT_TIMING is set (to anything but "" or "0"), else undefined. */
export function timingFromEnv(): Timing | undefined {
  const v = process.env.K8S_SVC_LINT_TIMING;
  return v && v !== '0' ? new Timing() : undefined;
}
