/** Kubernetes name syntaxes used by port rules (apimachinery's validation, re-stated). */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not an RFC 1123 DNS label (≤ 63, lowercase alphanumerics and '-'), or undefined. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 63) return `it has ${name.length} characters, over 63`;
  if (/[A-Z]/.test(name) && DNS_LABEL.test(name.toLowerCase())) return 'it has upper-case letters';
  if (!DNS_LABEL.test(name))
    return "it must consist of lower-case letters, digits and '-', and start and end with a letter or digit";
  return undefined;
}

/**
 * Why `name` is not an IANA service name (RFC 6335: ≤ 15 characters, lowercase alphanumerics and '-', at
 * least one letter, no leading, trailing or double '-'), or undefined.
 */
export function ianaServiceNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 15) return `it has ${name.length} characters, over 15`;
  if (/[A-Z]/.test(name) && !/[^a-zA-Z0-9-]/.test(name)) return 'it has upper-case letters';
  if (/[^a-z0-9-]/.test(name)) return "it may contain only lower-case letters, digits and '-'";
  if (!/[a-z]/.test(name)) return 'it must contain at least one letter';
  if (name.startsWith('-') || name.endsWith('-')) return "it must not start or end with '-'";
  if (name.includes('--')) return "it must not contain '--'";
  return undefined;
}

/** A port written as a quoted number ("8080"): Kubernetes reads a string as a port name, never a number. */
export function isQuotedNumber(port: string): boolean {
  return /^\d+$/.test(port);
}

/** Message suffix for a port reference that is a quoted number. */
export const QUOTED_NUMBER_HINT = '; a quoted number is a port name';

/** A port number Kubernetes accepts: an integer in 1–65535. */
export function isValidPortNumber(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}
