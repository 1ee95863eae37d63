/**
 * `<cachify-take-home>`: Copy code, Copy output, Download and Open in StackBlitz for the step it
 * sits in. The zip library and the StackBlitz SDK load on the first click.
 *
 * @module
 */
import {
  loadTakeHomeActions,
  type PackageVersions,
  type StepElement,
  stripAnsi,
  type TakeHomeStep,
} from '../../runtime/index.ts';

/** The JSON the server renders inside the element. */
interface TakeHomeData {
  readonly step: string;
  readonly source: string;
  readonly requiresRedis: boolean;
  readonly versions: PackageVersions;
  readonly pageUrl: string;
  readonly recordedOutput: string;
}

class TakeHomeElement extends HTMLElement {
  #data!: TakeHomeData;

  connectedCallback(): void {
    const json = this.querySelector<HTMLScriptElement>('script[data-take-home-data]')?.textContent;
    if (!json) return;
    this.#data = JSON.parse(json) as TakeHomeData;
    this.#on('copy-code', () => this.#copy(this.#code(), 'Code copied'));
    this.#on('copy-output', () => this.#copy(this.#output(), 'Output copied'));
    this.#on('download', async () => {
      const { downloadProject } = await loadTakeHomeActions();
      await downloadProject(this.#project());
      this.#say('Downloaded');
    });
    this.#on('stackblitz', async () => {
      const { openInStackBlitz } = await loadTakeHomeActions();
      await openInStackBlitz(this.#project());
      this.#say('Opened in StackBlitz, in a new tab');
    });
  }

  /** The project to take home, with the reader's code. */
  #project(): TakeHomeStep {
    const { step, requiresRedis, versions, pageUrl } = this.#data;
    return { step, code: this.#code(), requiresRedis, versions, pageUrl };
  }

  /** The step's code as the reader has it (edited or original). */
  #code(): string {
    const step = this.closest<StepElement>('cachify-tutorial-step');
    return step?.currentCode?.() ?? this.#data.source;
  }

  /** The output in view: the live one after a run, else the recorded one. */
  #output(): string {
    const step = this.closest('cachify-tutorial-step');
    const live = step?.querySelector<HTMLElement>('[data-step-part="live"]');
    const log = live?.querySelector('[data-step-part="log"]');
    if (!live || live.hidden || !log) return stripAnsi(this.#data.recordedOutput);
    const copy = log.cloneNode(true) as HTMLElement;
    for (const summary of copy.querySelectorAll('summary')) summary.remove();
    return copy.textContent ?? '';
  }

  async #copy(text: string, done: string): Promise<void> {
    await navigator.clipboard.writeText(text);
    this.#say(done);
  }

  /** Runs `action` on a click of the button, saying what went wrong if it fails. */
  #on(name: string, action: () => Promise<void> | void): void {
    const button = this.querySelector<HTMLButtonElement>(`[data-take-home="${name}"]`);
    button?.addEventListener('click', async () => {
      try {
        await action();
      } catch (error) {
        this.#say(`Failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  #say(text: string): void {
    const status = this.querySelector<HTMLElement>('[data-take-home="status"]');
    if (status) status.textContent = text;
  }
}

customElements.define('cachify-take-home', TakeHomeElement);
