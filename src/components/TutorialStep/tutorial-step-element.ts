/**
 * `<cachify-tutorial-step>`: wires the server-rendered step. Everything heavy (runners, editor,
 * transpiler, ANSI renderer) is loaded with `import()` when the reader shows interest, so the
 * page's first load carries only this file.
 *
 * @module
 */
import type { StepEditor } from '../../runtime/editor.ts';
import type { OutputChunk } from '../../runtime/recording.ts';
import type { RunEnd, RunningProgram } from '../../runtime/runner.ts';
import {
  forgetEdit,
  loadEdit,
  pageStorage,
  saveEdit,
} from '../../runtime/workbench/saved-edits.ts';
import { RUN_FINISHED, type RunFinished } from '../../runtime/workbench/step-events.ts';

/** The JSON the server renders inside the element. */
interface StepProgram {
  readonly step: string;
  readonly source: string;
  readonly nodeCode: string;
  readonly workerCode: string;
  readonly modules: Record<string, string>;
  readonly libraryBase: string;
  readonly esbuildWasm: string;
  /** Site path of the declaration files the editor's type help loads. */
  readonly editorTypes: string;
}

/** Shown on the panel for each runtime. */
const RUNTIME_LABELS = {
  webcontainer: 'Live output, Node.js in a WebContainer',
  worker: 'Live output, Web Worker',
} as const;

class TutorialStepElement extends HTMLElement {
  #program!: StepProgram;
  #editor: StepEditor | undefined;
  #running: RunningProgram | undefined;
  #runId = 0;
  #opening: Promise<void> | undefined;

  connectedCallback(): void {
    const data = this.querySelector<HTMLScriptElement>('script[data-program]');
    if (!data?.textContent || this.dataset.runsInBrowser !== 'true') return;
    this.#program = JSON.parse(data.textContent) as StepProgram;
    this.#button('run').addEventListener('click', () => void this.run());
    this.#button('edit').addEventListener('click', () => void this.edit());
    this.#button('reset').addEventListener('click', () => this.reset());
    this.#button('stop').addEventListener('click', () => this.stop());
    // Interest in a step starts choosing the runtime, so Run rarely waits for a boot.
    const warm = () => void this.#runtime();
    this.addEventListener('pointerenter', warm, { once: true });
    this.addEventListener('focusin', warm, { once: true });
    this.dataset.state = 'idle';
    // Workbench: an edit kept from an earlier visit opens in the editor.
    if (this.#keptEdit() !== undefined) void this.edit({ focus: false });
  }

  /** The code as the reader has it now (edited or original); `undefined` for a Node-only step. */
  currentCode(): string | undefined {
    if (this.dataset.state === undefined) return undefined;
    return this.#editor?.getValue() ?? this.#keptEdit() ?? this.#program.source;
  }

  /** Puts `code` in the editor (an exercise's solution), opening it first. */
  async useCode(code: string): Promise<void> {
    await this.edit();
    this.#editor?.setValue(code);
  }

  /** Runs the step (or its edited code) and shows its live output. */
  async run(): Promise<void> {
    this.#running?.stop();
    const runId = ++this.#runId;
    const startedAt = performance.now();
    delete this.dataset.firstOutputMs;
    this.dataset.state = 'running';
    this.#button('stop').disabled = false;

    const log = this.#part('log');
    const fresh = document.createElement('pre');
    fresh.className = log.className;
    fresh.dataset.stepPart = 'log';
    let shown = false;
    const show = () => {
      if (shown || runId !== this.#runId) return;
      shown = true;
      // The live panel takes exactly the recorded panel's place (longer output scrolls inside),
      // so nothing below it moves.
      const output = this.#part('output');
      if (!output.style.height) output.style.height = `${output.getBoundingClientRect().height}px`;
      this.#part('log').replaceWith(fresh);
      this.#part('recorded').hidden = true;
      this.#part('live').hidden = false;
    };

    const { AnsiRenderer, renderChunk } = await import('./render-output.ts');
    const ansi = new AnsiRenderer();
    const printed: OutputChunk[] = [];
    const print = (chunk: OutputChunk) => {
      if (runId !== this.#runId) return;
      printed.push(chunk);
      if (!shown) {
        // Run-to-first-output time, read by the browser tests.
        this.dataset.firstOutputMs = String(Math.round((performance.now() - startedAt) * 10) / 10);
      }
      show();
      // Follow new output like a terminal, unless the reader scrolled up to read.
      const following = fresh.scrollTop + fresh.clientHeight >= fresh.scrollHeight - 4;
      fresh.append(renderChunk(chunk, ansi));
      if (following) fresh.scrollTop = fresh.scrollHeight;
    };

    let end: RunEnd;
    let timeLimitMs = 0;
    try {
      const code = await this.#codeToRun();
      const choice = await this.#runtime();
      if (runId !== this.#runId) return;
      const label = RUNTIME_LABELS[choice.runner.kind];
      const title = this.#part('live-title');
      title.textContent = choice.reason ? `${label} (${choice.reason})` : label;
      title.title = title.textContent;
      this.dataset.runtime = choice.runner.kind;
      const { runWithTimeLimit } = await import('../../runtime/runner.ts');
      const { timeLimitFromUrl } = await import('./runtime-setup.ts');
      timeLimitMs = timeLimitFromUrl();
      this.#running = await runWithTimeLimit(
        choice.runner,
        { step: this.#program.step, ...code },
        print,
        timeLimitMs,
      );
      end = await this.#running.end;
    } catch (error) {
      print({
        stream: 'stderr',
        text: `${error instanceof Error ? error.message : String(error)}\n`,
      });
      end = { kind: 'exit', code: 1 };
    }
    if (runId !== this.#runId) return;
    show();
    this.#running = undefined;
    this.#button('stop').disabled = true;
    this.#part('status').textContent =
      end.kind === 'exit'
        ? `Exit code ${end.code}`
        : end.by === 'reader'
          ? 'Stopped'
          : `Stopped: the time limit of ${timeLimitMs / 1000} s passed`;
    this.dataset.state = 'done';
    // Workbench: exercises check what this run printed.
    this.dispatchEvent(
      new CustomEvent<RunFinished>(RUN_FINISHED, {
        detail: { chunks: printed, end },
      }),
    );
  }

  /** Stops the running program. */
  stop(): void {
    this.#running?.stop();
  }

  /** Turns the code block into an editor (with the kept edit, if any). */
  async edit({ focus = true } = {}): Promise<void> {
    if (this.#editor) return focus ? this.#editor.focus() : undefined;
    if (this.#opening) return this.#opening;
    this.#opening = this.#openEditor(focus);
    return this.#opening;
  }

  async #openEditor(focus: boolean): Promise<void> {
    this.#button('edit').disabled = true;
    const { createEditor } = await import('../../runtime/editor.ts');
    const code = this.#part('code');
    const host = this.#part('editor');
    // Same place as the code block it replaces; longer code scrolls inside the editor.
    host.style.height = `${code.getBoundingClientRect().height}px`;
    const startCode = this.#keptEdit() ?? this.#program.source;
    this.#editor = createEditor({
      parent: host,
      code: startCode,
      label: `Code of ${this.#program.step}`,
      onRun: () => void this.run(),
      onChange: (value) => {
        saveEdit(pageStorage(), this.#program.step, this.#program.source, value);
        this.#showEdited(value !== this.#program.source);
      },
    });
    this.#showEdited(startCode !== this.#program.source);
    code.hidden = true;
    host.hidden = false;
    // Workbench: type help loads once the reader starts editing (focuses the editor).
    const editor = this.#editor;
    const startTypeHelp = () =>
      import('./type-help-hook.ts')
        .then(({ attachTypeHelp }) =>
          attachTypeHelp(this, editor, {
            typesUrl: this.#program.editorTypes,
            step: this.#program.step,
          }),
        )
        .catch((error: unknown) => console.warn(`TypeScript help is unavailable: ${error}`));
    host.addEventListener('focusin', () => void startTypeHelp(), { once: true });
    if (focus) this.#editor.focus();
  }

  /** Restores the original code and forgets the edit. */
  reset(): void {
    this.#editor?.setValue(this.#program.source);
    forgetEdit(pageStorage(), this.#program.step);
    this.#showEdited(false);
  }

  /** Shows or hides the "Edited" mark, and enables Reset while the code is edited. */
  #showEdited(edited: boolean): void {
    this.#button('reset').disabled = !edited;
    this.#part('edited').hidden = !edited;
    this.toggleAttribute('data-edited', edited);
  }

  /** The edit kept from an earlier visit, if any. */
  #keptEdit(): string | undefined {
    return loadEdit(pageStorage(), this.#program.step, this.#program.source);
  }

  /** The code for both runtimes: prebuilt, or transpiled in the browser once edited. */
  async #codeToRun(): Promise<{ nodeCode: string; workerCode: string }> {
    const source = this.#editor?.getValue() ?? this.#keptEdit();
    if (source === undefined || source === this.#program.source) {
      return { nodeCode: this.#program.nodeCode, workerCode: this.#program.workerCode };
    }
    const { transpileEdited } = await import('../../runtime/browser-transpile.ts');
    return transpileEdited(this.#program.esbuildWasm, source, this.#program.modules);
  }

  /** The page's runtime, chosen once. */
  async #runtime() {
    const { getRuntime } = await import('./runtime-setup.ts');
    return getRuntime(this.#program);
  }

  #button(name: 'run' | 'edit' | 'reset' | 'stop'): HTMLButtonElement {
    return this.#part(name) as HTMLButtonElement;
  }

  #part(name: string): HTMLElement {
    const element = this.querySelector<HTMLElement>(`[data-step-part="${name}"]`);
    if (!element) throw new Error(`<cachify-tutorial-step> is missing its "${name}" part`);
    return element;
  }
}

customElements.define('cachify-tutorial-step', TutorialStepElement);
