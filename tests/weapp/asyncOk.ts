/* eslint-disable @typescript-eslint/no-explicit-any -- WeChat's callback options are untyped */
/**
 * A wx API in WeChat's callback style: runs `fn` later and answers `success`/`complete` with
 * `{errMsg: '<name>:ok', ...what fn answered}`, or `fail` with `<name>:fail <why>`.
 */
export const asyncOk =
  (name: string, fn: (o: any) => unknown) =>
  (o: any = {}) => {
    Promise.resolve()
      .then(() => fn(o))
      .then(
        (extra) => {
          const res = { errMsg: `${name}:ok`, ...(extra as object) };
          o.success?.(res);
          o.complete?.(res);
        },
        (err) => {
          const res = { errMsg: `${name}:fail ${err?.message ?? err}` };
          o.fail?.(res);
          o.complete?.(res);
        },
      );
  };
