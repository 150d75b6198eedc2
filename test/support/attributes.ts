import { AttributesManagerFactory, type PersistenceAdapter } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';

/** ask-sdk-core's own AttributesManager for one request, as the skill gets it. */
export function createAttributesManager(requestEnvelope: RequestEnvelope, persistenceAdapter: PersistenceAdapter) {
  return AttributesManagerFactory.init({ requestEnvelope, persistenceAdapter });
}
