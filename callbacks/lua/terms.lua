-- The family changes its terms after the task exists (callbacks/terms.hpp). The SMS flow
-- confirms a new task at once, with the cautious defaults, and only then asks about voicemail,
-- the announcement and a note, so a family that stops answering still has its callback; each
-- answer arrives here. Not a transition: the task stays queued or claimed. Refused once the
-- task is closed or anonymised. Hours, weekend and the alternative number are not changed here.
-- ARGV[4] task id   ARGV[5] open states ("queued,claimed")
-- ARGV[6] voicemail   ARGV[7] announce_cjg ('1', '0', or '' to leave it)
-- ARGV[8] the whole note ('' to leave it; the caller sends what it had plus the new words)
local id, open, voicemail, announce, note = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local t = load_meta(id)
if not t then return { 'not_found' } end
if t.anonymised_at then return { 'conflict', 'anonymised' } end
if not listed(t.state, open) then return { 'conflict', t.state } end
local changed = {}
if voicemail ~= '' then
  redis.call('HSET', tkey(id), 'voicemail', voicemail)
  changed[#changed + 1] = 'voicemail=' .. voicemail
end
if announce ~= '' then
  redis.call('HSET', tkey(id), 'announce_cjg', announce)
  changed[#changed + 1] = 'announce_cjg=' .. announce
end
if note ~= '' then
  redis.call('HSET', tkey(id), 'terms_note', note)
  changed[#changed + 1] = 'note'
end
local detail = table.concat(changed, ' ')
-- The note is personal: it goes in the task's history, never in the audit stream.
history(id, 'terms', '', '', detail, note)
publish('terms', id, t.state)
audit('terms', id, t.ref, detail)
return { 'ok', flat(id) }
