/**
 * The zone before any profile is loaded (see ZoneService, which judges time in the profile's zone).
 * Exported by cadences.service for the callers not yet moved to ZoneService.
 */
export const DEFAULT_ZONE = 'Asia/Shanghai';
