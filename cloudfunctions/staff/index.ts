import { staffContract } from '@/contracts/staff';
import { createCallable } from '../_shared/callable';
import { handlers } from './handler';

export const main = createCallable('staff', staffContract, handlers);
