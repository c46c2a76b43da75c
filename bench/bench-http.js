// What the benchmarks say to the app under test: Basic credentials, set-up calls, autocannon figures.

const basic = ({ email, password }) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

/** A JSON set-up call to the app on `port`; answers the parsed body, throws unless it succeeds. */
async function http(port, method, path, authorization, body) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The figures a bench table shows, from an autocannon result. */
function summarize(name, result) {
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

module.exports = { basic, http, summarize };
