-- The family changes its terms after the task exists (callbacks/terms.hpp). The SMS flow
-- confirms a new task at once, with the cautious defaults, and only then asks about voicemail,
-- the announcement, safe times, another number and a note, so a family that stops answering
-- still has its callback; each answer arrives here. Not a transition: the task stays queued or
-- claimed. Refused once the task is closed or anonymised. The hours stay as the request set them.
-- ARGV[4] task id   ARGV[5] open states ("queued,claimed")
-- ARGV[6] voicemail   ARGV[7] announce_cjg ('1', '0', or '' to leave it)
-- ARGV[8] the whole note ('' to leave it; the caller sends what it had plus the new words)
-- ARGV[9] alternative number, E.164 ('' to leave it)
-- ARGV[10] the window the service read   ARGV[11] the new window ('' : the safe times stay)
-- ARGV[12] no_weekend   ARGV[13] safe_minutes   ARGV[14] safe_days (as terms.hpp computes them)
local id, open, voicemail, announce, note = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local alt_phone, window_read, window = ARGV[9], ARGV[10], ARGV[11]
local no_weekend, minutes, days = ARGV[12], ARGV[13], ARGV[14]
local t = load_meta(id)
if not t then return { 'not_found' } end
if t.anonymised_at then return { 'conflict', 'anonymised' } end
if not listed(t.state, open) then return { 'conflict', t.state } end
local changed = {}
local function set(field, value, name)
  redis.call('HSET', tkey(id), field, value)
  changed[#changed + 1] = name or (field .. '=' .. value)
end
if voicemail ~= '' then set('voicemail', voicemail) end
if announce ~= '' then set('announce_cjg', announce) end
if alt_phone ~= '' then set('alt_phone', alt_phone, 'alt_phone') end
if window ~= '' then
  -- The safe times were computed from the window read; another change in between wins.
  local current = redis.call('HGET', tkey(id), 'window') or 'any'
  if current ~= window_read then return { 'conflict', 'terms changed meanwhile' } end
  set('window', window)
  set('no_weekend', no_weekend)
  for field, value in pairs({ safe_minutes = minutes, safe_days = days }) do
    if value == '' then redis.call('HDEL', tkey(id), field)
    else redis.call('HSET', tkey(id), field, value) end
  end
  -- The first safe moment an at-risk warning noted was for the old times.
  redis.call('HDEL', tkey(id), 'safe_from')
end
if note ~= '' then set('terms_note', note, 'note') end
local detail = table.concat(changed, ' ')
-- The note and the number are personal: the note goes in the task's history, never in the
-- audit stream; the number in neither.
history(id, 'terms', '', '', detail, note)
publish('terms', id, t.state)
audit('terms', id, t.ref, detail)
return { 'ok', flat(id) }
