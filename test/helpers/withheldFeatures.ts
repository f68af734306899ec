import { feature, type FeatureDefinition, type FeatureId } from '../../src/microsoft/catalogue.js';

/**
 * "Coming soon" is how a feature waits to ship (the catalogue's `available`), and every feature
 * ships today. Tests of that state withhold two features again, in their own process only (each
 * test file runs in its own process), so the state stays exercised.
 */
export function withholdFeatures(ids: FeatureId[] = ['onedrive', 'sharepoint']): FeatureDefinition[] {
  return ids.map((id) => {
    const def = feature(id) as { available: boolean };
    def.available = false;
    return feature(id);
  });
}

/** Ships them again (for a test file whose other tests expect the real catalogue). */
export function restoreFeatures(defs: FeatureDefinition[]): void {
  for (const def of defs) (def as { available: boolean }).available = true;
}
