import { catalogErrorOperations } from '../../fixtures/federation/catalog/error-operations.js';
import { catalogFederation } from '../../fixtures/federation/catalog/federation.js';
import { catalogQueryOperations } from '../../fixtures/federation/catalog/query-operations.js';
import { catalogSelectionOperations } from '../../fixtures/federation/catalog/selection-operations.js';
import { describeDifferential } from '../../helpers/differential.js';

// Read-only operations share one pair of federations.
describeDifferential(catalogFederation, [
  ...catalogQueryOperations,
  ...catalogSelectionOperations,
  ...catalogErrorOperations,
]);
