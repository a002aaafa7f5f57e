/**
 * Command-line options of the development scripts (`npm run corpus`, `npm run peers`): `--help` prints the
 * usage, and an unknown or malformed option is one line and exit 2, never a stack trace.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options' values, typed by the caller (`T` names each option of `options`). */
export function scriptOptions<T extends Record<string, string | boolean | undefined>>(
  name: string,
  usage: string,
  options: Options,
): T {
  const all: Options = { ...options, help: { type: 'boolean' } };
  try {
    const { values } = parseArgs({ options: all, strict: true, allowPositionals: false });
    if (values.help) {
      console.log(usage);
      process.exit(0);
    }
    return values as T;
  } catch (e) {
    console.error(`${name}: ${(e as Error).message.split('\n')[0]}\n${usage}`);
    process.exit(2);
  }
}
