/**
 * Live output as HTML: ANSI colours become spans (ansi_up), and every character the program
 * printed is escaped, so printing `<img src=x onerror=alert(1)>` shows those characters.
 *
 * @module
 */
import { AnsiUp } from 'ansi_up';

/** Renders one run's output; keeps colour state across chunks, as a terminal does. */
export class AnsiRenderer {
  #ansi = new AnsiUp();

  constructor() {
    // Classes, not inline colours, so Starlight's light and dark themes pick the shades.
    this.#ansi.use_classes = true;
    this.#ansi.escape_html = true;
  }

  /** HTML for the next chunk of output. */
  render(text: string): string {
    return this.#ansi.ansi_to_html(text);
  }
}
