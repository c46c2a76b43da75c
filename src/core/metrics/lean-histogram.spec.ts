import { Histogram, Registry } from 'prom-client';
import { LeanHistogram } from './lean-histogram';

describe('LeanHistogram', () => {
  it("is written out exactly as prom-client's own Histogram given the same observations", async () => {
    const bounds = [0.005, 0.01, 0.1, 1];
    const [ours, theirs] = [new Registry(), new Registry()];
    const lean = new LeanHistogram('req_seconds', 'Requests', bounds, ours);
    const reference = new Histogram({
      name: 'req_seconds',
      help: 'Requests',
      labelNames: ['method', 'route', 'status_code'],
      buckets: bounds,
      registers: [theirs],
    });
    const observations: [string, string, number, number][] = [
      ['GET', '/a', 200, 0.004],
      ['GET', '/a', 200, 0.005], // on a bound: counted in it, as prom-client does
      ['GET', '/a', 200, 0.3],
      ['POST', '/b/:id', 422, 7], // past every bound
      ['GET', '/a', 200, 0.02],
    ];
    for (const [method, route, status, seconds] of observations) {
      lean.observe(`${method} ${status} ${route}`, () => ({ method, route, status_code: status }), seconds);
      reference.observe({ method, route, status_code: status }, seconds);
    }

    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('req_seconds_bucket{le="0.01",method="GET",route="/a",status_code="200"} 2');
    lean.reset();
    expect(await ours.metrics()).not.toContain('req_seconds_count');
  });
});
