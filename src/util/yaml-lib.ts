/**
 * The `yaml` package, loaded on first use. It is the reference parser, needed only for files the scanner
 * cannot read or cannot locate in, and for suppression comments; loading it is a start-up cost that most
 * runs never need to pay (docs/performance.md, "Cold start").
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  lib ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return lib;
}
