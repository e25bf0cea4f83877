import { checkPersonaTemplate } from '../support/check-persona-template.js';

checkPersonaTemplate('social-activity-feed');
