import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { describeIssues } from './define';

const issues = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues;
};

describe('describeIssues', () => {
  it.each([
    ['a check’s own Chinese message', z.int('须为整数'), 1.5, '须为整数'],
    ['a refinement’s Chinese message', z.int().refine((n) => n !== 0, '不能为 0'), 0, '不能为 0'],
    [
      'zod’s English message: the path instead',
      z.object({ n: z.int() }),
      { n: 'x' },
      '输入有误（n），请检查后重试',
    ],
    ['no path', z.int(), 'x', '输入有误，请检查后重试'],
  ])('%s', (_name, schema, input, expected) => {
    expect(describeIssues(issues(schema, input))).toBe(expected);
  });
});
