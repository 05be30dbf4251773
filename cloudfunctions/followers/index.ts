/**
 * The follower sync timer, every 10 minutes: continues an unfinished pass over the
 * service account's followers, or starts a new one when the last finished 50 minutes ago
 * (sync.ts). Each run stops at its deadline; the next resumes from the saved cursor.
 */
import { createTimer } from '../_shared/timer';
import { syncFollowers } from './sync';

export const main = createTimer('followers', (ctx, { deadline }) => syncFollowers(ctx, deadline));
