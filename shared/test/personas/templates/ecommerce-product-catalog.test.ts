import { checkPersonaTemplate } from '../support/check-persona-template.js';

checkPersonaTemplate('ecommerce-product-catalog');
