import { checkPersonaTemplate } from '../support/check-persona-template.js';

checkPersonaTemplate('iot-sensor-repository');
