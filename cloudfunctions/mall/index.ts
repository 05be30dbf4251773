import { mallContract } from '@/contracts/mall';
import { createCallable } from '../_shared/callable';
import { handlers } from './handler';

export const main = createCallable('mall', mallContract, handlers);
