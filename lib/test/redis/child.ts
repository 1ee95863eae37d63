/** A fixture run in a child Node process, for the tests across processes. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));

/** A child process running a fixture of `fixtures/`, with its stdout split into lines. */
export class Child {
  readonly process: ChildProcess;
  readonly #lines: string[] = [];
  #waiting: ((line: string) => void) | null = null;
  #buffer = '';
  stderr = '';

  constructor(name: string, args: (string | number)[]) {
    this.process = spawn(
      process.execPath,
      ['--import', 'tsx', fixture(name), ...args.map(String)],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.process.stdout?.on('data', (chunk: Buffer) => {
      this.#buffer += chunk.toString();
      let end = this.#buffer.indexOf('\n');
      while (end !== -1) {
        const line = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 1);
        if (this.#waiting) {
          const resolve = this.#waiting;
          this.#waiting = null;
          resolve(line);
        } else {
          this.#lines.push(line);
        }
        end = this.#buffer.indexOf('\n');
      }
    });
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
  }

  /** The next line the child prints. */
  line(): Promise<string> {
    const queued = this.#lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.process.once('exit', (code) => {
        if (this.#waiting === resolve) {
          reject(new Error(`child exited (${code}) before printing; stderr: ${this.stderr}`));
        }
      });
    });
  }

  /** Writes the one line the child waits for, and closes its stdin. */
  send(line: string): void {
    this.process.stdin?.end(`${line}\n`);
  }

  async exit(): Promise<number | null> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) {
      return this.process.exitCode;
    }
    const [code] = await once(this.process, 'exit');
    return code as number | null;
  }

  /** Stops the child if it still runs (it is ours: killed by its own pid). */
  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGCONT');
      this.process.kill('SIGKILL');
    }
  }
}
