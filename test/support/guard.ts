/**
 * Preloaded into the CLI by the safety tests (NODE_OPTIONS=--import): any network use, child process or
 * file write other than GUARD_ALLOW_WRITE ends the process with exit code 99 and says what was attempted.
 * The code is unmistakable: a throw could be caught and swallowed by the code under test.
 */
import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { resolve } from 'node:path';
import tls from 'node:tls';

export const VIOLATION_EXIT = 99;
const allowed = process.env.GUARD_ALLOW_WRITE ? resolve(process.env.GUARD_ALLOW_WRITE) : undefined;

function violation(what: string): never {
  fs.writeSync(2, `GUARD VIOLATION: ${what}\n`);
  process.exit(VIOLATION_EXIT);
}

function block(obj: Record<string, unknown>, names: string[], label: string): void {
  for (const n of names) {
    if (typeof obj[n] === 'function') obj[n] = () => violation(`${label}.${n}`);
  }
}

block(net as unknown as Record<string, unknown>, ['connect', 'createConnection', 'createServer'], 'net');
block(net.Socket.prototype as unknown as Record<string, unknown>, ['connect'], 'net.Socket');
block(tls as unknown as Record<string, unknown>, ['connect', 'createServer'], 'tls');
for (const [m, label] of [
  [http, 'http'],
  [https, 'https'],
] as const)
  block(m as unknown as Record<string, unknown>, ['request', 'get', 'createServer'], label);
block(http2 as unknown as Record<string, unknown>, ['connect', 'createServer'], 'http2');
block(dgram as unknown as Record<string, unknown>, ['createSocket'], 'dgram');
block(
  dns as unknown as Record<string, unknown>,
  ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse'],
  'dns',
);
block(
  dns.promises as unknown as Record<string, unknown>,
  ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse'],
  'dns.promises',
);
block(
  childProcess as unknown as Record<string, unknown>,
  ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'],
  'child_process',
);
globalThis.fetch = (() => violation('fetch')) as typeof fetch;

const WRITERS =
  /^(write|append|mkdir|mkdtemp|rm|rmdir|unlink|rename|copy|cp|symlink|link|truncate|ftruncate|chmod|chown|lchmod|lchown|utimes|lutimes|futimes|createWriteStream)/;

function guardWrites(obj: Record<string, unknown>, label: string): void {
  for (const name of Object.keys(obj)) {
    const orig = obj[name];
    if (typeof orig !== 'function') continue;
    if (name === 'writeSync' || name === 'write') {
      // Writes to a descriptor: stdout and stderr only.
      obj[name] = (fd: unknown, ...rest: unknown[]) => {
        if (fd === 1 || fd === 2 || typeof fd === 'object')
          return (orig as (...a: unknown[]) => unknown)(fd, ...rest);
        return violation(`${label}.${name} to fd ${String(fd)}`);
      };
      continue;
    }
    if (WRITERS.test(name)) {
      obj[name] = (target: unknown, ...rest: unknown[]) => {
        if (allowed && typeof target === 'string' && resolve(target) === allowed)
          return (orig as (...a: unknown[]) => unknown)(target, ...rest);
        return violation(`${label}.${name}(${String(target)})`);
      };
    }
    if (name === 'open' || name === 'openSync') {
      obj[name] = (target: unknown, flags: unknown, ...rest: unknown[]) => {
        const writes =
          (typeof flags === 'string' && /[wa+]/.test(flags)) ||
          (typeof flags === 'number' && (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) !== 0);
        if (writes && !(allowed && typeof target === 'string' && resolve(target) === allowed))
          return violation(`${label}.${name}(${String(target)}, ${String(flags)})`);
        return (orig as (...a: unknown[]) => unknown)(target, flags, ...rest);
      };
    }
  }
}
guardWrites(fs as unknown as Record<string, unknown>, 'fs');
guardWrites(fs.promises as unknown as Record<string, unknown>, 'fs.promises');
syncBuiltinESMExports();
