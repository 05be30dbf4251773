import { memberContract } from '@/contracts/member';
import { createCallable } from '../_shared/callable';
import { handlers } from './handler';

export const main = createCallable('member', memberContract, handlers);
