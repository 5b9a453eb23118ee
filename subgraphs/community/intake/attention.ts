/**
 * The "needs attention" list: deliveries a person has to act on (FAILED, PENDING for longer
 * than DELIVERY_OVERDUE_MS, or written before their report was withdrawn), each in the caller's scope only: a department its own systems', a
 * community worker their own community's reports', supervision all. Who may then retry one is
 * retryDelivery's rule (resolvers.ts).
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { SYSTEM_NAMES, SYSTEMS } from '../../../domain/systems';
import type { Caller } from '../../../platform/auth/caller';
import { errors } from '../../../platform/errors';
import type { AttentionScope, DeliveryNeedingAttention, Intake, IntakeStore } from '../../../platform/intake/types';
import { guarded } from './guarded';
import { requireCaller, type IntakeContext } from './resolvers';
import { deliveryView, intakeView } from './views';

/** The most a list holds: a page a person can work through; the oldest come first. */
export const ATTENTION_LIST_LIMIT = 200;
const DEFAULT_OVERDUE_MS = 15 * 60_000;

function scopeOf(caller: Caller, pendingBefore: Date): AttentionScope {
  const limit = ATTENTION_LIST_LIMIT;
  if (caller.role === 'community') return { systems: SYSTEM_NAMES, community: caller.community, pendingBefore, limit };
  if (caller.role === 'supervision') return { systems: SYSTEM_NAMES, pendingBefore, limit };
  return { systems: SYSTEM_NAMES.filter((s) => SYSTEMS[s].department === caller.role), pendingBefore, limit };
}

/**
 * The intake's status, deliveries and forms are read from the store only when a client asks for
 * them (the default resolver calls a function-valued property): the list itself needs one query.
 */
function lazyIntake(intake: Intake, store: IntakeStore) {
  let view: Promise<ReturnType<typeof intakeView>> | undefined;
  const full = () =>
    (view ??= guarded(async () => {
      const stored = await store.getIntake(intake.id);
      if (!stored) throw errors.notFound('The intake');
      return intakeView(stored);
    }));
  const shown = intakeView({ intake, deliveries: [], forms: [], status: 'IN_PROGRESS' });
  return { ...shown, status: async () => (await full()).status, deliveries: async () => (await full()).deliveries, forms: async () => (await full()).forms };
}

function itemView({ intake, delivery, since }: DeliveryNeedingAttention, store: IntakeStore) {
  return {
    intake: lazyIntake(intake, store),
    delivery: deliveryView(delivery),
    // A DELIVERED one is listed only when its report was withdrawn after it was written.
    reason: delivery.status === 'FAILED' ? 'FAILED' : delivery.status === 'DELIVERED' ? 'WITHDRAWN_AFTER_DELIVERY' : 'OVERDUE',
    since,
  };
}

export const attentionResolvers: GraphQLResolverMap<IntakeContext> = {
  Query: {
    async deliveriesNeedingAttention(_root, _args, ctx: IntakeContext) {
      const caller = requireCaller(ctx);
      const now = ctx.intakes.now?.() ?? new Date();
      const scope = scopeOf(caller, new Date(now.getTime() - (ctx.intakes.overdueMs ?? DEFAULT_OVERDUE_MS)));
      if (scope.systems.length === 0) return [];
      const items = await guarded(() => ctx.intakes.store.listNeedingAttention(scope));
      return items.map((item) => itemView(item, ctx.intakes.store));
    },
  },
};
