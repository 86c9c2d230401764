import { describe, expect, it } from 'vitest';
import { CellOptionError, parseCellSource } from '../../src/shared/cell-options.ts';

describe('parseCellSource', () => {
  it('strips option lines and parses their values', () => {
    const parsed = parseCellSource('#| id: cycle\n#| check: n >= 2\n#| timeout: 5000\nimport gc\nn = gc.collect()');
    expect(parsed.options).toEqual({ id: 'cycle', check: 'n >= 2', timeout: 5000 });
    expect(parsed.code).toBe('import gc\nn = gc.collect()');
  });

  it('leaves code without options untouched', () => {
    expect(parseCellSource('x = 1\n#| not an option here')).toEqual({
      options: {},
      code: 'x = 1\n#| not an option here',
    });
  });

  it('parses hidden, raises and exercise', () => {
    expect(parseCellSource('#| hidden: true\nx=1').options).toEqual({ hidden: true });
    expect(parseCellSource('#| raises: ZeroDivisionError\n1/0').options).toEqual({ raises: 'ZeroDivisionError' });
    expect(parseCellSource('#| exercise: total == 6\ntotal = 0').options).toEqual({ exercise: 'total == 6' });
  });

  it.each([
    ['#| timeout: soon\nx', /"timeout" takes whole milliseconds.*not "soon"/, 1],
    ['#| colour: red\nx', /unknown cell option "colour": use one of id, check/, 1],
    ['#| id: a\n#| id: b\nx', /"id" is given twice/, 2],
    ['#|id\nx', /not of the form "#\| name: value"/, 1],
    ['#| id: 9lives\nx', /must start with a letter/, 1],
    ['#| hidden: yes\nx', /"hidden" takes true or false/, 1],
    ['#| check:\nx', /needs a Python expression/, 1],
    ['#| raises: not an error\nx', /exception name/, 1],
    ['#| check: a\n#| raises: E\nx', /only one of "check", "raises" and "exercise"/, 1],
  ])('rejects %j with a message that says what to change', (source, message, line) => {
    let error: unknown;
    try {
      parseCellSource(source);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CellOptionError);
    expect((error as CellOptionError).message).toMatch(message);
    expect((error as CellOptionError).cellLine).toBe(line);
  });
});
