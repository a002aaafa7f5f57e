/**
 * Guards for hostile YAML. The `yaml` package composes documents recursively; a deep enough input
 * overflows the stack, and when the overflow happens inside V8's regexp compiler the process aborts (not a
 * catchable error). So depth is checked on the concrete syntax tree, which the parser builds without
 * recursion, before composing (compose.ts). Aliases are bounded as go-yaml bounds them (decode.ts).
 */

/** Deepest nesting of collections accepted. Real manifests (CRDs included) stay under 60. */
export const MAX_DEPTH = 256;
