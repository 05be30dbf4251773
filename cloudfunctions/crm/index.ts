import { crmContract } from '@/contracts/crm';
import { createCallable } from '../_shared/callable';
import { handlers } from './handler';

export const main = createCallable('crm', crmContract, handlers);
