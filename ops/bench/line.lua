-- wrk script for ops/bench/line: replays pre-built requests from a file, one per line,
-- "METHOD<TAB>PATH<TAB>CONTENT-TYPE<TAB>SIGNATURE<TAB>BODY" (SIGNATURE may be "-", or
-- "idem:KEY" for an Idempotency-Key header instead of a Twilio signature).
local requests = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    local method, path, ctype, sig, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = { ["Content-Type"] = ctype }
    if sig:sub(1, 5) == "idem:" then
      headers["Idempotency-Key"] = sig:sub(6)
    elseif sig ~= "-" then
      headers["X-Twilio-Signature"] = sig
    end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
