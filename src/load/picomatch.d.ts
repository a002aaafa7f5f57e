/** The part of picomatch 2 the directory walk uses (the package ships no types). */
declare module 'picomatch' {
  interface Options {
    dot?: boolean;
    posix?: boolean;
    strictSlashes?: boolean;
  }
  const picomatch: {
    makeRe(pattern: string, options?: Options): RegExp;
    scan(pattern: string): { isGlob: boolean };
  };
  export default picomatch;
}
