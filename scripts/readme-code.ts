/**
 * `npm run readme:check`: checks every code block of `README.md` and `lib/README.md` (the rules
 * are in `scripts/readme-code/check.ts`): TypeScript type-checked, whole programs run with their
 * shown output compared, npm commands, step names and paths checked.
 *
 * @module
 */
import { checkReadmes } from './readme-code/check.ts';

const READMES = ['README.md', 'lib/README.md'];

const report = await checkReadmes(READMES);
for (const problem of report.problems) console.error(`✗ ${problem}`);
console.log(
  `${report.blocks} block(s) in ${READMES.join(', ')}: ${report.typeChecked} type-checked, ${report.ran} run, ${report.problems.length} problem(s)`,
);
process.exitCode = report.problems.length === 0 ? 0 : 1;
