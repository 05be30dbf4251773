/**
 * Birthday greetings at 09:00 Shanghai: the birthday coupon and, credit permitting, the
 * greeting message, `greetDaysBefore` days ahead of each member's birthday (see job.ts).
 */
import { createTimer } from '../_shared/timer';
import { runBirthdays } from './job';

export const main = createTimer('birthday', (ctx) => runBirthdays(ctx));
