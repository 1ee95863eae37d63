/**
 * How the editor's type help checks a step: like `tutorial-steps/tsconfig.json` (strict, es2022
 * with `using`, the DOM's globals), resolving `cachify` through its package `exports`.
 *
 * @module
 */
import ts from 'typescript';

/** Compiler options of the in-browser language service. */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  strict: true,
  skipLibCheck: true,
  types: [],
  noEmit: true,
};
