/**
 * A contract maps each action of a callable cloud function to a zod input schema and the
 * TypeScript type of its output. The function validates `{ action, ...input }` with the
 * discriminated union built here; the mini-program's `callFunction` infers both sides.
 */
import { z } from 'zod';
import { AppError } from './errors';

export type ActionSpec<I extends z.ZodObject = z.ZodObject, O = unknown> = {
  input: I;
  /** phantom: carries the output type only */
  output?: O;
};
export type Contract = Record<string, ActionSpec>;

/**
 * Declare an action: its input schema, and the type of its output.
 * @example getCard: action(z.object({})).returns<CardView>()
 */
export const action = <I extends z.ZodObject>(input: I) => ({
  returns: <O>(): ActionSpec<I, O> => ({ input }),
});

export type ActionName<C extends Contract> = Extract<keyof C, string>;
export type ActionInput<C extends Contract, A extends ActionName<C>> = z.input<C[A]['input']>;
export type ActionParsed<C extends Contract, A extends ActionName<C>> = z.output<C[A]['input']>;
export type ActionOutput<C extends Contract, A extends ActionName<C>> =
  C[A] extends ActionSpec<z.ZodObject, infer O> ? O : never;
/** The parsed request of any action, discriminated by `action`. */
export type ParsedRequest<C extends Contract> = {
  [A in ActionName<C>]: { action: A } & ActionParsed<C, A>;
}[ActionName<C>];

/** Turn zod issues into one Chinese message the UI can show. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return '输入有误，请检查后重试';
  // a schema's own Chinese message (「金卡门槛必须高于银卡门槛」「调整的积分须为整数」) says more
  // than the path; zod's own messages are English
  if (/[\u4e00-\u9fff]/.test(first.message)) return first.message;
  const where = first.path.length ? `（${first.path.join('.')}）` : '';
  return `输入有误${where}，请检查后重试`;
}

/**
 * Parse `{ action, ...fields }` against a contract.
 * Throws AppError COMMON.UNKNOWN_ACTION / COMMON.INVALID_INPUT; never returns partial data.
 */
export function parseRequest<C extends Contract>(contract: C, event: unknown): ParsedRequest<C> {
  const name =
    typeof event === 'object' && event !== null
      ? (event as { action?: unknown }).action
      : undefined;
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(contract, name)) {
    throw new AppError('COMMON.UNKNOWN_ACTION');
  }
  const { action: _ignored, ...rest } = event as Record<string, unknown>;
  return {
    action: name,
    ...(parseInput(contract[name].input, rest) as object),
  } as ParsedRequest<C>;
}

/** Parse untrusted input with a schema, or COMMON.INVALID_INPUT with one Chinese message. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError('COMMON.INVALID_INPUT', describeIssues(result.error.issues), {
      issues: result.error.issues.map((i) => ({ path: i.path.map(String), code: i.code })),
    });
  }
  return result.data;
}
