/**
 * `<cachify-tutorial-step>`: wires the server-rendered step. Everything heavy (runners, editor,
 * transpiler, ANSI renderer) is loaded with `import()` when the reader shows interest, so the
 * page's first load carries only this file.
 *
 * @module
 */
import {
  forgetEdit,
  loadAnsiRenderer,
  loadEdit,
  loadEditedCodeTranspiler,
  loadEditor,
  loadPageRuntime,
  loadRunner,
  type OutputChunk,
  pageStorage,
  RUN_FINISHED,
  type RunEnd,
  type RunFinished,
  type RunningProgram,
  type RuntimeChoice,
  type StepEditor,
  saveEdit,
} from '../../runtime/index.ts';

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

/** How a run should go. */
interface RunOptions {
  /** Lets the program run as long as it takes (the reader asked for it). Default false. */
  readonly unlimited?: boolean;
}

const WORKER_DETAILS =
  "It ran in a Web Worker against the library's browser build, which prints what Node.js prints; " +
  'a program that needs Node.js itself (files, processes, sockets) says so.';

/** Whether a run on this page used the Worker, so the first WebContainer run can say it moved. */
let workerRanOnPage = false;

/** The panel's runtime line: a plain name, and details on demand. */
function describeRuntime(choice: RuntimeChoice): { name: string; details: string } {
  if (choice.runner.kind === 'webcontainer') {
    return {
      name: 'Node.js in your browser',
      details: workerRanOnPage
        ? 'Node.js has started in your browser (a WebContainer): this run and later ones use it.'
        : 'The code ran in Node.js, in your browser (a WebContainer).',
    };
  }
  workerRanOnPage = true;
  const status = choice.webContainer;
  if (status.state === 'unavailable') {
    return {
      name: 'browser JavaScript',
      details: `Node.js cannot start in this browser: ${status.reason}. ${WORKER_DETAILS}`,
    };
  }
  return {
    name: 'browser JavaScript, while Node.js starts',
    details: `Node.js (a WebContainer) is starting in the background; later runs move to it once it is up. ${WORKER_DETAILS}`,
  };
}

class TutorialStepElement extends HTMLElement {
  #program!: StepProgram;
  #editor: StepEditor | undefined;
  #running: RunningProgram | undefined;
  /** Ends the current run's panel as stopped, when Stop comes before the program started. */
  #cancel: (() => void) | undefined;
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
    this.#button('run-unlimited').addEventListener(
      'click',
      () => void this.run({ unlimited: true }),
    );
    // Interest in a step starts the runtimes, so Run rarely waits for anything.
    const warm = () => {
      void this.#runtime();
      void import('./live-log.ts');
      void loadAnsiRenderer();
    };
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
  async run(options: RunOptions = {}): Promise<void> {
    this.#running?.stop();
    this.#running = undefined;
    const runId = ++this.#runId;
    const startedAt = performance.now();
    delete this.dataset.firstOutputMs;
    this.dataset.state = 'running';
    this.#button('stop').disabled = false;
    this.#button('run-unlimited').hidden = true;
    this.#part('status').textContent = 'Running…';

    const fresh = document.createElement('pre');
    fresh.className = this.#part('log').className;
    fresh.dataset.stepPart = 'log';
    fresh.tabIndex = 0;
    let shown = false;
    const show = () => {
      if (shown || runId !== this.#runId) return;
      shown = true;
      // The live panel is at least as tall as the recorded one (nothing below moves for output of
      // the same length), grows with its output up to its maximum height, then scrolls.
      const output = this.#part('output');
      const recorded = this.#part('recorded');
      if (!recorded.hidden) {
        output.style.minHeight = `${output.getBoundingClientRect().height}px`;
      }
      this.#part('log').replaceWith(fresh);
      recorded.hidden = true;
      this.#part('live').hidden = false;
    };
    // An earlier run's output gives way at once: a run never shows the previous result.
    if (!this.#part('live').hidden) show();

    let timeLimitMs = 0;
    /** What this run printed, for the workbench's exercises (RUN_FINISHED). */
    const printed: OutputChunk[] = [];
    const finish = (end: RunEnd) => {
      if (runId !== this.#runId) return;
      this.#runId++;
      this.#cancel = undefined;
      show();
      this.#running = undefined;
      const stop = this.#button('stop');
      // Stop disables itself: keep the keyboard where the reader is, on Run.
      const focusOnStop = document.activeElement === stop;
      stop.disabled = true;
      if (focusOnStop) this.#button('run').focus();
      const limited = end.kind === 'stopped' && end.by === 'time-limit';
      this.#part('status').textContent =
        end.kind === 'exit'
          ? `Exit code ${end.code}`
          : end.by === 'reader'
            ? 'Stopped'
            : `Stopped: the time limit of ${timeLimitMs / 1000} s passed`;
      this.#button('run-unlimited').hidden = !limited;
      this.dataset.state = 'done';
      // Workbench: exercises check what this run printed.
      this.dispatchEvent(
        new CustomEvent<RunFinished>(RUN_FINISHED, { detail: { chunks: printed, end } }),
      );
    };
    this.#cancel = () => finish({ kind: 'stopped', by: 'reader' });

    try {
      const [{ LiveLog }, { AnsiRenderer }] = await Promise.all([
        import('./live-log.ts'),
        loadAnsiRenderer(),
      ]);
      const log = new LiveLog(fresh, new AnsiRenderer(), () => {
        if (runId !== this.#runId) return;
        // Run-to-first-output time, read by the browser tests.
        this.dataset.firstOutputMs = String(Math.round((performance.now() - startedAt) * 10) / 10);
        show();
      });
      const print = (chunk: OutputChunk, omitted?: number) => {
        if (runId !== this.#runId) return;
        printed.push(chunk);
        log.add(chunk, omitted);
      };
      let end: RunEnd;
      try {
        const code = await this.#codeToRun();
        const runtime = await this.#runtime();
        if (runId !== this.#runId) return;
        const choice = runtime.choose();
        this.#describe(choice);
        const { runWithTimeLimit } = await loadRunner();
        const { timeLimitFromUrl } = await loadPageRuntime();
        timeLimitMs = options.unlimited ? Number.POSITIVE_INFINITY : timeLimitFromUrl();
        const running = await runWithTimeLimit(
          choice.runner,
          { step: this.#program.step, ...code },
          print,
          timeLimitMs,
        );
        if (runId !== this.#runId) return running.stop();
        this.#running = running;
        end = await running.end;
      } catch (error) {
        print({
          stream: 'stderr',
          text: `${error instanceof Error ? error.message : String(error)}\n`,
        });
        end = { kind: 'exit', code: 1 };
      }
      if (runId !== this.#runId) return;
      log.flush();
      finish(end);
    } catch (error) {
      // The page could not load a part of the runner (offline, a new deployment).
      fresh.textContent = `The runner could not load: ${error instanceof Error ? error.message : String(error)}`;
      finish({ kind: 'exit', code: 1 });
    }
  }

  /** Stops the running program; before it has started, the run is called off. */
  stop(): void {
    if (this.#running) this.#running.stop();
    else this.#cancel?.();
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
    const { createEditor } = await loadEditor();
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
    this.#part('hint').dataset.shown = 'true';
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

  /** Restores the original code and the recorded output, and forgets the edit. */
  reset(): void {
    this.#running?.stop();
    this.#running = undefined;
    this.#cancel = undefined;
    this.#runId++;
    this.#editor?.setValue(this.#program.source);
    forgetEdit(pageStorage(), this.#program.step);
    this.#showEdited(false);
    this.#button('stop').disabled = true;
    this.#button('run-unlimited').hidden = true;
    this.#part('log').replaceChildren();
    this.#part('status').textContent = '';
    this.#part('live').hidden = true;
    this.#part('recorded').hidden = false;
    this.#part('output').style.minHeight = '';
    delete this.dataset.runtime;
    this.dataset.state = 'idle';
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

  /** Names the runtime of this run on the panel. */
  #describe(choice: RuntimeChoice): void {
    const { name, details } = describeRuntime(choice);
    this.#part('runtime-label').textContent = `Live output · ${name}`;
    this.#part('runtime-details').textContent = details;
    this.dataset.runtime = choice.runner.kind;
    this.dataset.webcontainer = choice.webContainer.state;
  }

  /** The code for both runtimes: prebuilt, or transpiled in the browser once edited. */
  async #codeToRun(): Promise<{ nodeCode: string; workerCode: string }> {
    const source = this.#editor?.getValue() ?? this.#keptEdit();
    if (source === undefined || source === this.#program.source) {
      return { nodeCode: this.#program.nodeCode, workerCode: this.#program.workerCode };
    }
    const { transpileEdited } = await loadEditedCodeTranspiler();
    return transpileEdited(this.#program.esbuildWasm, source, this.#program.modules);
  }

  /** The page's runtimes, started once. */
  async #runtime() {
    const { getRuntime } = await loadPageRuntime();
    return getRuntime(this.#program);
  }

  #button(name: 'run' | 'edit' | 'reset' | 'stop' | 'run-unlimited'): HTMLButtonElement {
    return this.#part(name) as HTMLButtonElement;
  }

  #part(name: string): HTMLElement {
    const element = this.querySelector<HTMLElement>(`[data-step-part="${name}"]`);
    if (!element) throw new Error(`<cachify-tutorial-step> is missing its "${name}" part`);
    return element;
  }
}

customElements.define('cachify-tutorial-step', TutorialStepElement);
