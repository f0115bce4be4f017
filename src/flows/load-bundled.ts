import { resources } from '../i18n/resources.js';
import { BUNDLED_FLOWS } from './bundled.js';
import { FlowRegistry } from './load.js';

/**
 * The flows shipped in flows/*.yaml, validated against every shipped language. Loading parses and
 * checks every flow: call it once at start-up and keep the registry.
 */
export function loadBundledFlows(options: { checkTexts?: boolean } = {}): FlowRegistry {
  return FlowRegistry.load(BUNDLED_FLOWS, resources, options);
}
