/**
 * The editor a step's code turns into on demand: CodeMirror 6 with TypeScript highlighting,
 * Ctrl/Cmd+Enter to run, Tab to indent (Escape then Tab moves focus on, CodeMirror's tab-focus
 * mode). Every colour is one of Starlight's theme variables, whose values Starlight switches with
 * `data-theme` on `<html>`: the editor follows the site's light and dark themes, also when the
 * theme changes while editing, and its code text keeps at least 4.5:1 contrast in both.
 *
 * @module
 */
import { indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { type Extension, Prec, StateEffect } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { tags } from '@lezer/highlight';
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

/** The editor's surface: Starlight's page background and text colours. */
const theme = EditorView.theme({
  '&': {
    color: 'var(--sl-color-white)',
    backgroundColor: 'var(--sl-color-black)',
    fontSize: 'var(--sl-text-code)',
  },
  '.cm-content': { fontFamily: 'var(--__sl-font-mono)', caretColor: 'var(--sl-color-white)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--sl-color-white)' },
  '.cm-gutters': {
    backgroundColor: 'var(--sl-color-black)',
    color: 'var(--sl-color-gray-3)',
    border: 'none',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--sl-color-gray-6)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'var(--sl-color-accent-low)',
  },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': {
    backgroundColor: 'var(--sl-color-gray-5)',
    color: 'inherit',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--sl-color-gray-6)',
    color: 'var(--sl-color-white)',
    border: '1px solid var(--sl-color-gray-5)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--sl-color-accent-low)',
    color: 'var(--sl-color-white)',
  },
});

/**
 * Token colours: Starlight's `-high` shades, made for text on the page background (light text on
 * dark, dark text on light), so each stays readable in both themes.
 */
const highlight = HighlightStyle.define([
  {
    tag: [tags.keyword, tags.modifier, tags.operatorKeyword],
    color: 'var(--sl-color-purple-high)',
  },
  {
    tag: [tags.string, tags.special(tags.string), tags.regexp],
    color: 'var(--sl-color-green-high)',
  },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--sl-color-orange-high)' },
  {
    tag: [tags.typeName, tags.className, tags.namespace, tags.definition(tags.typeName)],
    color: 'var(--sl-color-blue-high)',
  },
  {
    tag: [tags.function(tags.variableName), tags.function(tags.propertyName)],
    color: 'var(--sl-color-accent-high)',
  },
  {
    tag: [tags.comment, tags.lineComment, tags.blockComment],
    color: 'var(--sl-color-gray-2)',
    fontStyle: 'italic',
  },
  // Names a line defines get their own token (the type help's hover finds them), in text colour.
  {
    tag: [tags.definition(tags.variableName), tags.definition(tags.propertyName)],
    color: 'var(--sl-color-white)',
  },
  { tag: tags.invalid, color: 'var(--sl-color-red-high)' },
]);

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
      keymap.of([indentWithTab]),
      javascript({ typescript: true }),
      theme,
      syntaxHighlighting(highlight),
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
