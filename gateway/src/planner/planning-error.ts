/** An operation the planner cannot split over the subgraphs (the supergraph offers no way to resolve it). */
export class PlanningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanningError';
  }
}
