import type { GraphQLError } from 'graphql';
import { PLANNING_BUDGET_EXCEEDED } from '../errors.js';
import { PlanningError } from './planning-error.js';

/** Planning stopped because the operation needs more planner steps than the budget allows. */
export class PlanningBudgetExceeded extends PlanningError {
  constructor(readonly limit: number) {
    super(
      `Planning this operation takes more than ${limit} steps (the gateway's planning budget); ask for fewer fields or fewer alternatives under @skip/@include.`,
    );
    this.name = 'PlanningBudgetExceeded';
  }

  override toGraphQLError(): GraphQLError {
    return PLANNING_BUDGET_EXCEEDED.err(this.message, {
      extensions: { limit: this.limit, http: { status: 400 } },
    });
  }
}

/**
 * How much planning one operation may cost: a step is one field routed to a subgraph (with every
 * requirement and key it brings), so the bound holds whatever the operation's shape and however
 * busy the machine. Passing it throws PlanningBudgetExceeded, and no core burns on the rest.
 */
export class PlanningBudget {
  private spent = 0;

  constructor(readonly maxSteps: number) {}

  /** Counts one step; throws once more steps were taken than allowed. */
  spend(): void {
    this.spent += 1;
    if (this.spent > this.maxSteps) throw new PlanningBudgetExceeded(this.maxSteps);
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.spent;
  }
}
