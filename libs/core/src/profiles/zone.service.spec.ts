import type { ProfilesRepository } from '@duban/persistence';
import { ZoneService } from './zone.service';

/* ZoneService over a mocked repository: the profile's zone, remembered, with Asia/Shanghai before any profile. */
function setup(zone: string | null) {
  const profiles = { primaryZone: jest.fn(async () => zone) } as unknown as jest.Mocked<ProfilesRepository>;
  return { zones: new ZoneService(profiles), profiles };
}

describe('ZoneService', () => {
  afterEach(() => jest.restoreAllMocks());

  it("answers the primary profile's zone", async () => {
    const { zones } = setup('Asia/Urumqi');
    expect(await zones.zone()).toBe('Asia/Urumqi');
  });

  it('falls back to Asia/Shanghai before any profile is loaded', async () => {
    const { zones } = setup(null);
    expect(await zones.zone()).toBe('Asia/Shanghai');
  });

  it('asks the database once within 30 seconds, and again after', async () => {
    let now = 1_000;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    const { zones, profiles } = setup('Asia/Shanghai');
    await zones.zone();
    now += 29_999;
    await zones.zone();
    expect(profiles.primaryZone).toHaveBeenCalledTimes(1);
    now += 1;
    await zones.zone();
    expect(profiles.primaryZone).toHaveBeenCalledTimes(2);
  });

  it('reads the zone again at once after forget (a profile was just loaded)', async () => {
    const { zones, profiles } = setup(null);
    expect(await zones.zone()).toBe('Asia/Shanghai');
    profiles.primaryZone.mockResolvedValue('Asia/Urumqi');
    expect(await zones.zone()).toBe('Asia/Shanghai');
    zones.forget();
    expect(await zones.zone()).toBe('Asia/Urumqi');
    expect(profiles.primaryZone).toHaveBeenCalledTimes(2);
  });
});
