/**
 * Where the CLI writes. Commands take an Io instead of touching process.stdout, so
 * tests run them in-process and read what they printed (spawning costs ~0.5 s each).
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** An Io that records everything, for tests and for embedding the CLI. */
export function memoryIo(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    stdout: () => out,
    stderr: () => err,
  };
}
