-- wrk script for B1: one alert per POST, unique fingerprint and instance per request, spread over 20
-- groups so it looks like a storm rather than one duplicate.
--   BENCH_PAYLOAD=webhook (default): Alertmanager webhook v4 body, for Watchkeeper /hooks/alertmanager
--   BENCH_PAYLOAD=am-api: a one-alert array, for Prometheus Alertmanager /api/v2/alerts
-- done() prints one line "BENCH_JSON {...}" that bench/wrk.ts parses.

local payload = os.getenv("BENCH_PAYLOAD") or "webhook"
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local names = { "HighErrorRate", "HighLatency", "PodCrashLooping", "DiskFillingUp", "CertExpiring" }
local severities = { "critical", "warning", "info", "warning" }
local headers = { ["Content-Type"] = "application/json" }
local starts_at = os.date("!%Y-%m-%dT%H:%M:%SZ")
local counter = 0

local function alert_json(n)
  local g = n % 20
  local name = names[g % 5 + 1]
  local service = "svc-" .. g
  local severity = severities[g % 4 + 1]
  local fingerprint = string.format("%04x%012x", tid, n)
  local instance = string.format("host-%d-%d:9100", tid, n)
  local labels = string.format(
    '{"alertname":"%s","service":"%s","severity":"%s","instance":"%s","job":"bench"}',
    name, service, severity, instance)
  local annotations = string.format('{"summary":"%s on %s (%s)"}', name, service, instance)
  return g, name, service, fingerprint, labels, annotations
end

function request()
  counter = counter + 1
  local g, name, service, fingerprint, labels, annotations = alert_json(counter)
  local body
  if payload == "am-api" then
    body = string.format('[{"labels":%s,"annotations":%s,"startsAt":"%s"}]', labels, annotations, starts_at)
  else
    body = string.format(
      '{"version":"4","groupKey":"{}:{alertname=\\"%s\\",service=\\"%s\\"}","truncatedAlerts":0,' ..
      '"status":"firing","receiver":"watchkeeper","groupLabels":{"alertname":"%s","service":"%s"},' ..
      '"commonLabels":%s,"commonAnnotations":%s,"externalURL":"http://alertmanager.bench:9093",' ..
      '"alerts":[{"status":"firing","labels":%s,"annotations":%s,"startsAt":"%s",' ..
      '"endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.bench:9090/graph?g=%d",' ..
      '"fingerprint":"%s"}]}',
      name, service, name, service, labels, annotations, labels, annotations, starts_at, g, fingerprint)
  end
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(90)),
    math.floor(latency:percentile(99)), math.floor(latency.max), math.floor(latency.mean)))
end
