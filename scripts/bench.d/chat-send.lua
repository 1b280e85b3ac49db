-- wrk script for `scripts/bench chat` (run by ChatBench, generator=wrk): POST
-- /api/v1/rooms/{id}/messages. wrk keeps one request in flight per connection and sends the next
-- one when the answer has come back, so this is the same closed loop as ChatBench's own client,
-- at a few microseconds of CPU per request instead of about 40. Each thread takes the rooms in
-- turn from its own starting point, and the senders' tokens in turn (wrk's request hook does not
-- know the connection, so a connection does not keep one sender; all of them are members of every
-- room); each message has a clientId of its own.
-- Arguments: the input file (lines "token <access token>" and "room <room id>") and a run name
-- that makes the clientIds unique. Prints one "wrk-result" line for ChatBench to read; any answer
-- other than 201 is counted there and fails the run.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

-- Each request is made of pieces built once (wrk.format would rebuild the headers every time).
local heads, authorizations = {}, {}
local room, sender, sent = 0, 0, 0
local prefix
failed = 0

function init(args)
  local host = wrk.headers["Host"]
  for line in io.lines(args[1]) do
    local kind, value = line:match("^(%a+) (%S+)$")
    if kind == "token" then
      table.insert(authorizations, "Authorization: Bearer " .. value .. "\r\n")
    elseif kind == "room" then
      table.insert(heads, "POST /api/v1/rooms/" .. value .. "/messages HTTP/1.1\r\nHost: " .. host
        .. "\r\nContent-Type: application/json\r\n")
    end
  end
  room = (id - 1) * 7919 % #heads
  sender = (id - 1) * 31 % #authorizations
  prefix = '","clientId":"' .. args[2] .. "-" .. id .. "-"
end

function request()
  room = room % #heads + 1
  sender = sender % #authorizations + 1
  sent = sent + 1
  local body = '{"text":"benchmark message ' .. sent .. prefix .. sent .. '"}'
  return heads[room] .. authorizations[sender] .. "Content-Length: " .. #body .. "\r\n\r\n" .. body
end

function response(status, headers, body)
  if status ~= 201 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local notCreated = 0
  for _, thread in ipairs(threads) do
    notCreated = notCreated + thread:get("failed")
  end
  local e = summary.errors
  io.write(string.format("wrk-result requests=%d notCreated=%d socketErrors=%d durationUs=%d p50Us=%d p99Us=%d p999Us=%d\n",
    summary.requests, notCreated, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
