/** Paths as the walk and the command line give them. */

/** A backslash, a `.` or `..` segment, a doubled or a trailing slash. */
const NOT_NORMAL = /\\|(?:^|\/)\.\.?(?:\/|$)|\/\/|\/$/;

/**
 * Whether a path needs no normalizing: its folder is what comes before its last slash, and it resolves by
 * joining it to a folder. Every path a walk gives is normal; the others take the general way.
 */
export function isNormalPath(p: string): boolean {
  return p !== '' && !NOT_NORMAL.test(p);
}
