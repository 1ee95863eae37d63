import { describe, expect, it } from 'vitest';
import { checkReadmes } from '../../scripts/readme-code/check.ts';

// Needs the built library (`npm run build -w cachify`), as `npm test` does before these tests.
describe('the README code check', () => {
  it('passes a README whose blocks compile, run and print what they show', async () => {
    const report = await checkReadmes(['tests/fixtures/readme/checked.md']);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ blocks: 7, typeChecked: 3, ran: 1 });
  });

  it('names the file and line of each block that is wrong, one problem per mistake', async () => {
    const { problems } = await checkReadmes(['tests/fixtures/readme/broken.md']);
    const at = (line: number) =>
      problems.filter((p) => p.startsWith(`tests/fixtures/readme/broken.md:${line}:`));
    // Code is reported at its own line, a block as a whole at its opening fence.
    expect(at(6)).toEqual([
      expect.stringContaining("'expire' does not exist in type 'LockOptions'"),
    ]);
    expect(at(17)).toEqual([
      expect.stringMatching(
        /the output shown is not what the program above it prints[\s\S]*token 1/,
      ),
    ]);
    expect(at(21)).toEqual([expect.stringContaining('a whole program: mark it ```ts run')]);
    expect(at(27)).toEqual([expect.stringContaining('no check for a ```text block')]);
    expect(at(32)).toEqual([
      expect.stringContaining('left-pad is neither cachify nor a peer dependency'),
    ]);
    expect(at(33)).toEqual([expect.stringContaining('no script "no-such-script"')]);
    expect(at(37)).toEqual([expect.stringContaining('no step locks-getting-started/99-missing')]);
    expect(at(41)).toEqual([expect.stringContaining('lib/no-such-folder/ does not exist')]);
    expect(at(44)).toEqual([expect.stringContaining('no check for a ```python block')]);
    expect(problems).toHaveLength(9);
  });
});
