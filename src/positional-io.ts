import { readSync, writeSync } from 'node:fs';

// Whole reads and writes at a position of an open file: one system call may move fewer bytes
// than asked, and the scratch files of a build (item spill, body files) need all of them.

/** Fills `into` from `length` bytes at `at`; false when the file ends first. */
export function readFullyAt(fd: number, into: Uint8Array, length: number, at: number): boolean {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, into, got, length - got, at + got);
    if (n === 0) return false;
    got += n;
  }
  return true;
}

/** Writes all of `bytes` at `at`. */
export function writeFullyAt(fd: number, bytes: Uint8Array, at: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
}
