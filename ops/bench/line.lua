-- wrk script for ops/bench/line: replays pre-built requests from a file, one per line,
-- "METHOD<TAB>PATH<TAB>CONTENT-TYPE<TAB>SIGNATURE<TAB>BODY" (SIGNATURE may be "-", "idem:KEY"
-- for an Idempotency-Key header or "bearer:TOKEN" for a staff token instead of a Twilio
-- signature; CONTENT-TYPE "-" and an empty BODY for a GET).
local requests = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    local method, path, ctype, sig, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = {}
    if ctype ~= "-" then headers["Content-Type"] = ctype end
    if sig:sub(1, 5) == "idem:" then
      headers["Idempotency-Key"] = sig:sub(6)
    elseif sig:sub(1, 7) == "bearer:" then
      headers["Authorization"] = "Bearer " .. sig:sub(8)
    elseif sig ~= "-" then
      headers["X-Twilio-Signature"] = sig
    end
    if body == "" then body = nil end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
