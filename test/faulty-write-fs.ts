import { nodeWriteFs, type WriteFs, type WriteHandle } from '../src/publish/write-atomic.js';

// A file system for the atomic write that fails the way full and dying disks do, at the step
// asked for, so tests can show the previous good files stay served.

export type FaultStep = 'open' | 'write' | 'sync' | 'rename';
export type FaultCode = 'ENOSPC' | 'EIO' | 'EDQUOT' | 'EROFS';

export interface Fault {
  readonly step: FaultStep;
  readonly code: FaultCode;
  /** Only files whose path ends with this fail; all of them when absent. */
  readonly pathEndsWith?: string;
}

function fsError(code: FaultCode, syscall: string, file: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: injected fault, ${syscall} '${file}'`);
  err.code = code;
  err.syscall = syscall;
  err.path = file;
  return err;
}

export function faultyWriteFs(fault: Fault): WriteFs {
  const hits = (file: string) => fault.pathEndsWith === undefined || file.includes(fault.pathEndsWith);
  return {
    ...nodeWriteFs,
    async open(file, flags, mode) {
      if (fault.step === 'open' && flags !== 'r' && hits(file)) throw fsError(fault.code, 'open', file);
      const real = await nodeWriteFs.open(file, flags, mode);
      if (flags === 'r' || !hits(file)) return real;
      return faultyHandle(real, fault, file);
    },
    async rename(from, to) {
      if (fault.step === 'rename' && hits(to)) throw fsError(fault.code, 'rename', to);
      return nodeWriteFs.rename(from, to);
    },
  };
}

function faultyHandle(real: WriteHandle, fault: Fault, file: string): WriteHandle {
  return {
    // A full disk takes part of the data first: half the bytes land, then the write fails.
    async writeFile(data) {
      if (fault.step !== 'write') return real.writeFile(data);
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await real.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      throw fsError(fault.code, 'write', file);
    },
    async write(block) {
      if (fault.step === 'write') throw fsError(fault.code, 'write', file);
      return real.write(block);
    },
    async sync() {
      if (fault.step === 'sync') throw fsError(fault.code, 'fsync', file);
      return real.sync();
    },
    close: () => real.close(),
  };
}
