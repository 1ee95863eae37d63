/**
 * `<cachify-exercise>`: checks each run of the step it sits in against the exercise's goal and
 * says whether the output meets it, or what is still missing.
 *
 * @module
 */
import {
  type CheckResult,
  checkOutput,
  type ExerciseCheck,
  RUN_FINISHED,
  type RunFinished,
  type StepElement,
} from '../../runtime/index.ts';

/** The JSON the server renders inside the element. */
interface ExerciseData {
  readonly check: ExerciseCheck;
  readonly solution: string;
}

class ExerciseElement extends HTMLElement {
  connectedCallback(): void {
    const json = this.querySelector<HTMLScriptElement>('script[data-exercise]')?.textContent;
    const step = this.closest<StepElement>('cachify-tutorial-step');
    if (!json || !step) return;
    const data = JSON.parse(json) as ExerciseData;
    step.addEventListener(RUN_FINISHED, (event) => {
      const { chunks, end } = (event as CustomEvent<RunFinished>).detail;
      this.#show(checkOutput(data.check, chunks, end));
    });
    this.querySelector('[data-exercise-part="use"]')?.addEventListener('click', () => {
      step.useCode(data.solution).catch((error: unknown) => {
        this.#say(`Could not open the editor: ${error instanceof Error ? error.message : error}`);
      });
    });
  }

  /** Shows the outcome of the last run's check. */
  #show(result: CheckResult): void {
    this.#say(
      result.met
        ? '✓ Goal met: the output is what the exercise asks for.'
        : `Not yet. ${result.unmet.join(' ')}`,
      result.met ? 'met' : 'unmet',
    );
  }

  #say(text: string, result = 'unmet'): void {
    const status = this.querySelector<HTMLElement>('[data-exercise-part="status"]');
    if (!status) return;
    status.dataset.result = result;
    status.textContent = text;
  }
}

customElements.define('cachify-exercise', ExerciseElement);
