import { personaDefinitionSchema, type PersonaDefinition } from './persona-definition.js';
import { ecommerceProductCatalog } from './templates/ecommerce-product-catalog.js';
import { iotSensorRepository } from './templates/iot-sensor-repository.js';
import { socialActivityFeed } from './templates/social-activity-feed.js';

/**
 * The personas shipped with shadowtune, parsed (defaults filled) at load. They are
 * registered in the catalog as built-ins: read-only through the API, versioned with the code.
 */
export const BUILT_IN_PERSONAS: readonly PersonaDefinition[] = [ecommerceProductCatalog, socialActivityFeed, iotSensorRepository].map(
  (input) => personaDefinitionSchema.parse(input) as PersonaDefinition,
);
