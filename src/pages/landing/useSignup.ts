/**
 * The signup call of the landing page: one at a time (a second phone event while one is in
 * flight would bill a second number), with the version of the notice that was read. A
 * notice changed meanwhile (CONSENT.OUTDATED) sends the shopper back to the agree step.
 * Every refusal bumps `error.seq`, so the step shows (and scrolls to) it again.
 */
import { useCallback, useRef, useState } from 'react';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { forgetScene } from '@/services/scene';
import { outcomeOf, type Outcome } from './Done';

export type SignupDone = { memberId: string; outcome: Outcome };

export function useSignup(options: {
  scene: string | undefined;
  version: string | null;
  onDone: (done: SignupDone) => void;
  onOutdated: () => void;
}) {
  const { scene, version, onDone, onOutdated } = options;
  const inFlight = useRef(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ message: string | null; seq: number }>({
    message: null,
    seq: 0,
  });
  const fail = useCallback(
    (message: string | null) => setError((e) => ({ message, seq: e.seq + 1 })),
    [],
  );

  const submit = useCallback(
    async (phoneCode: string) => {
      if (inFlight.current || !version) return;
      inFlight.current = true;
      setSubmitting(true);
      fail(null);
      try {
        const res = await callFunction('member', {
          action: 'signup',
          phoneCode,
          scene,
          consentVersion: version,
        });
        forgetScene();
        onDone({ memberId: res.memberId, outcome: outcomeOf(res) });
      } catch (e) {
        const err = toCallError(e);
        fail(err.message);
        if (err.code === 'CONSENT.OUTDATED') onOutdated();
      } finally {
        inFlight.current = false;
        setSubmitting(false);
      }
    },
    [scene, version, fail, onDone, onOutdated],
  );

  return { submit, submitting, error, fail };
}
