import { boundingBox, distanceMeters } from './geo-distance';

describe('geo distance', () => {
  it('measures great-circle distances', () => {
    const paris = { latitude: 48.8566, longitude: 2.3522 };
    const london = { latitude: 51.5074, longitude: -0.1278 };
    expect(distanceMeters(paris, london) / 1000).toBeCloseTo(343.5, 0);
    expect(distanceMeters(paris, paris)).toBe(0);
    // One degree of latitude: ~111.2 km anywhere.
    expect(distanceMeters({ latitude: 0, longitude: 10 }, { latitude: 1, longitude: 10 })).toBeCloseTo(
      111_195,
      -1,
    );
    // Across the antimeridian it is the short way round.
    expect(
      distanceMeters({ latitude: 0, longitude: 179.999 }, { latitude: 0, longitude: -179.999 }),
    ).toBeCloseTo(222.4, 0);
  });

  it('bounds every point within the distance, and not much more', () => {
    const center = { latitude: 49.1885, longitude: -122.9922 };
    const box = boundingBox(center, 1000);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      // A point 999 m away on this bearing (small-distance approximation is enough for the check).
      const rad = (bearing * Math.PI) / 180;
      const point = {
        latitude: center.latitude + (999 / 111_195) * Math.cos(rad),
        longitude:
          center.longitude + (999 / (111_195 * Math.cos((center.latitude * Math.PI) / 180))) * Math.sin(rad),
      };
      expect(distanceMeters(center, point)).toBeLessThan(1000);
      expect(point.latitude).toBeGreaterThanOrEqual(box.minLatitude);
      expect(point.latitude).toBeLessThanOrEqual(box.maxLatitude);
      expect(point.longitude).toBeGreaterThanOrEqual(box.minLongitude);
      expect(point.longitude).toBeLessThanOrEqual(box.maxLongitude);
    }
    expect(box.maxLatitude - box.minLatitude).toBeCloseTo(2000 / 111_195, 4);
  });

  it('wraps at the antimeridian and opens all longitudes near a pole', () => {
    const wrapped = boundingBox({ latitude: 0, longitude: 179.9995 }, 1000);
    expect(wrapped.minLongitude).toBeGreaterThan(wrapped.maxLongitude);
    expect(wrapped.maxLongitude).toBeCloseTo(-179.9915, 3);
    expect(boundingBox({ latitude: 89.999, longitude: 10 }, 1000)).toMatchObject({
      minLongitude: -180,
      maxLongitude: 180,
    });
  });
});
