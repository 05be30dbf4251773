/**
 * Birthday greetings, every 10 minutes from 09:00 to 10:50 Shanghai (a greeting is not
 * sent at night): the birthday coupon and, credit permitting, the greeting message,
 * `greetDaysBefore` days ahead of each member's birthday (see job.ts). Runs after the
 * first find nobody due unless a birthday was recorded meanwhile or a run was cut short.
 */
import { createTimer } from '../_shared/timer';
import { runBirthdays } from './job';

export const main = createTimer('birthday', (ctx, { deadline }) => runBirthdays(ctx, deadline));
