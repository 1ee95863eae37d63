/**
 * The editor a step's code turns into on demand: CodeMirror 6 with TypeScript highlighting,
 * Ctrl/Cmd+Enter to run, colours from Starlight's theme variables (light and dark).
 *
 * @module
 */
import { javascript } from '@codemirror/lang-javascript';
import { type Extension, Prec, StateEffect } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';

/** A mounted editor. */
export interface StepEditor {
  /** The current code. */
  getValue(): string;
  /** Replaces the whole code (Reset). */
  setValue(code: string): void;
  focus(): void;
  /** Adds extensions to the running editor (type help, loaded later). */
  extend(extension: Extension): void;
}

/** Options of `createEditor`. */
export interface EditorOptions {
  /** Where the editor goes. */
  readonly parent: HTMLElement;
  /** The starting code. */
  readonly code: string;
  /** Accessible name of the editing area. */
  readonly label: string;
  /** Called on Ctrl/Cmd+Enter. */
  readonly onRun: () => void;
  /** Called after each change of the code. */
  readonly onChange: (code: string) => void;
}

const theme = EditorView.theme({
  '&': {
    color: 'var(--sl-color-white)',
    backgroundColor: 'var(--sl-color-gray-6)',
    fontSize: 'var(--sl-text-code)',
  },
  '.cm-content': { fontFamily: 'var(--__sl-font-mono)', caretColor: 'var(--sl-color-white)' },
  '.cm-gutters': {
    backgroundColor: 'var(--sl-color-gray-6)',
    color: 'var(--sl-color-gray-3)',
    border: 'none',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--sl-color-gray-5)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'var(--sl-color-accent-low)',
  },
});

/** Creates the editor in `options.parent`. */
export function createEditor(options: EditorOptions): StepEditor {
  const view = new EditorView({
    parent: options.parent,
    doc: options.code,
    extensions: [
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-Enter',
            run: () => {
              options.onRun();
              return true;
            },
          },
        ]),
      ),
      basicSetup,
      javascript({ typescript: true }),
      theme,
      EditorView.contentAttributes.of({ 'aria-label': options.label }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.onChange(update.state.doc.toString());
      }),
    ],
  });
  return {
    getValue: () => view.state.doc.toString(),
    setValue: (code) =>
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: () => view.focus(),
    extend: (extension) => view.dispatch({ effects: StateEffect.appendConfig.of(extension) }),
  };
}
