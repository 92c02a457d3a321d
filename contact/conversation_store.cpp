#include "contact/conversation_store.hpp"

#include "common/encoding.hpp"
#include "common/json_text.hpp"
#include "common/tenant_key.hpp"

#include <span>

namespace advieslijn::contact {
namespace {

using nlohmann::json;

// Every key of a conversation carries its tenant's hash tag (common/tenant_key.hpp).
const auto tagged = tenant_key;
std::string voice_prefix(const std::string& tenant) { return tagged("voice", tenant) + "call:"; }
std::string chat_prefix(const std::string& tenant) { return tagged("chat", tenant) + "session:"; }
std::string sms_key(const std::string& tenant, const std::string& from) {
    return tagged("sms", tenant) + from;
}
std::string rate_key(const std::string& tenant, std::string_view what, const std::string& who) {
    return tagged("rl", tenant) + std::string(what) + who;
}

// A chat session id is "<tenant>.<32 hex digits>": the tenant names the keys' hash tag, the
// random part makes the id unguessable.
struct ChatId {
    std::string tenant;
    std::string token;
};
std::optional<ChatId> parse_chat_id(const std::string& id) {
    const auto dot = id.find('.');
    if (dot == std::string::npos || dot == 0 || dot > 32) return std::nullopt;
    ChatId out{id.substr(0, dot), id.substr(dot + 1)};
    if (out.tenant.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        return std::nullopt;
    if (out.token.size() != 32 || out.token.find_first_not_of("0123456789abcdef") != std::string::npos)
        return std::nullopt;
    return out;
}
std::string chat_key(const ChatId& id) { return chat_prefix(id.tenant) + id.token; }
std::string messages_key(const ChatId& id) { return chat_key(id) + ":messages"; }

// Rate counters are per minute; each lives a little longer than its minute.
const RateWindow minute{std::chrono::minutes(1), std::chrono::seconds(70)};
const RateWindow hour{std::chrono::hours(1), std::chrono::seconds(3700)};

// KEYS: the session hash, then rate counter keys. ARGV[1]: the counters' expiry in ms.
// Returns {0} when there is no session (nothing is counted), else {1, tenant, lang,
// risk_flags, articles, last, hit counts...}.
const RedisScript& load_count_script() {
    static const RedisScript script(std::string(rate_counter_lua()) + R"(
local f = redis.call('HMGET', KEYS[1], 'tenant', 'lang', 'risk_flags', 'articles', 'last')
if not f[1] then return { 0 } end
local out = { 1, f[1], f[2] or '', f[3] or '', f[4] or '', f[5] or '' }
for _, n in ipairs(count_hits({ unpack(KEYS, 2) }, ARGV[1])) do out[#out + 1] = n end
return out)");
    return script;
}

// KEYS: the session hash, its message list. ARGV: the session's and the transcript's ttl
// seconds, now (ms), messages kept, risk flags and articles to merge (comma lists), how many
// articles to remember, the language the session switches to ('' keeps it), then the
// messages (JSON).
// Returns 0 when the session is gone (expired), so nothing is written for it.
const RedisScript& append_script() {
    static const RedisScript script(R"(
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local function merge(field, add, cap)
  if add == '' then return end
  local seen, list = {}, {}
  local function take(text)
    for item in string.gmatch(text, '[^,]+') do
      if not seen[item] then seen[item] = true; list[#list + 1] = item end
    end
  end
  take(redis.call('HGET', KEYS[1], field) or '')
  take(add)
  while #list > cap do table.remove(list, 1) end
  redis.call('HSET', KEYS[1], field, table.concat(list, ','))
end
merge('risk_flags', ARGV[5], 50)
merge('articles', ARGV[6], tonumber(ARGV[7]))
if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'lang', ARGV[8]) end
redis.call('HSET', KEYS[1], 'last', ARGV[3])
for i = 9, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[4]), -1)
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1)");
    return script;
}

// KEYS: the session hash, its message list. ARGV: the session's and the transcript's ttl
// seconds, now (ms), tenant, lang, first message.
const RedisScript& create_script() {
    static const RedisScript script(R"(
redis.call('HSET', KEYS[1], 'tenant', ARGV[4], 'lang', ARGV[5], 'risk_flags', '', 'articles', '',
           'last', ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1)");
    return script;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
    return out;
}

std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> out;
    for (std::size_t start = 0; start < list.size();) {
        const auto comma = std::min(list.find(',', start), list.size());
        if (comma > start) out.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

std::string now_ms() {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count());
}

}  // namespace

ConversationTtls conversation_ttls(const RetentionSettings& r) {
    return {r.voice_call, r.sms_thread, r.chat_session, r.chat_transcript};
}

const RateWindow& ConversationStore::chat_rate_window() {
    return minute;
}

ConversationStore::ConversationStore(RedisClient& redis, ChatStoreLimits chat,
                                     ConversationTtls defaults,
                                     std::map<std::string, ConversationTtls> by_tenant)
    : redis_(redis), chat_(chat), defaults_(defaults), by_tenant_(std::move(by_tenant)) {}

const ConversationTtls& ConversationStore::ttls(const std::string& tenant) const {
    auto it = by_tenant_.find(tenant);
    return it == by_tenant_.end() ? defaults_ : it->second;
}

asio::awaitable<RedisResult> ConversationStore::voice_start(const std::string& tenant,
                                                            const std::string& call_sid,
                                                            std::string state) {
    std::vector<std::string> cmd{"SET", voice_prefix(tenant) + call_sid, std::move(state), "NX", "GET",
                                 "EX", std::to_string(ttls(tenant).voice.count())};
    co_return co_await redis_.command(std::move(cmd));
}

asio::awaitable<RedisResult> ConversationStore::voice_load(const std::string& tenant,
                                                           const std::string& call_sid) {
    // Arguments as named vectors: GCC 12 miscompiles braced lists inside co_await.
    std::vector<std::string> cmd{"GET", voice_prefix(tenant) + call_sid};
    co_return co_await redis_.command(std::move(cmd));
}

RedisCall ConversationStore::voice_save_call(const std::string& tenant, const std::string& call_sid,
                                             std::string state) const {
    return RedisCall{{"SET", voice_prefix(tenant) + call_sid, std::move(state), "EX",
                      std::to_string(ttls(tenant).voice.count())}};
}

asio::awaitable<RedisResult> ConversationStore::voice_save(const std::string& tenant,
                                                           const std::string& call_sid,
                                                           std::string state) {
    RedisCall call = voice_save_call(tenant, call_sid, std::move(state));
    co_return co_await redis_.command(std::move(call.command));
}

asio::awaitable<RedisResult> ConversationStore::sms_load(const std::string& tenant,
                                                         const std::string& from) {
    std::vector<std::string> cmd{"GET", sms_key(tenant, from)};
    co_return co_await redis_.command(std::move(cmd));
}

RedisCall ConversationStore::sms_save_call(const std::string& tenant, const std::string& from,
                                           std::string state) const {
    return RedisCall{{"SET", sms_key(tenant, from), std::move(state), "EX",
                      std::to_string(ttls(tenant).sms.count())}};
}

asio::awaitable<RedisResult> ConversationStore::sms_save(const std::string& tenant,
                                                         const std::string& from,
                                                         std::string state) {
    RedisCall call = sms_save_call(tenant, from, std::move(state));
    co_return co_await redis_.command(std::move(call.command));
}

asio::awaitable<std::vector<RedisResult>> ConversationStore::write(std::vector<RedisCall> calls) {
    co_return co_await redis_.batch(std::move(calls));
}

bool ConversationStore::valid_chat_id(const std::string& id) {
    return parse_chat_id(id).has_value();
}

std::string ConversationStore::new_chat_id(const std::string& tenant) {
    return tenant + "." + random_hex_id();
}

asio::awaitable<ConversationStore::Loaded> ConversationStore::chat_load(const std::string& id,
                                                                        const std::string* remote) {
    Loaded out;
    const auto parsed = parse_chat_id(id);
    if (!parsed) co_return out;  // cannot exist
    RedisResult r;
    if (!remote) {
        std::vector<std::string> cmd{"HMGET", chat_key(*parsed), "tenant", "lang", "risk_flags",
                                     "articles", "last"};
        r = co_await redis_.command(std::move(cmd));
    } else {
        const auto now = std::chrono::system_clock::now();
        std::vector<std::string> keys{
            chat_key(*parsed), minute.key(rate_key(parsed->tenant, "chat:session:", parsed->token), now),
            minute.key(rate_key(parsed->tenant, "chat:addr:", *remote), now)};
        std::vector<std::string> args{std::to_string(minute.ttl.count())};
        r = co_await redis_.eval(load_count_script(), std::move(keys), std::move(args));
    }
    if (r.ec) {
        out.found = Found::unavailable;
        co_return out;
    }
    // An error reply (another type under the key) counts as no session.
    if (r.reply.is_error()) co_return out;
    auto fields = std::span<const RedisReply>(r.reply.elements);
    if (remote) {
        if (fields.empty() || fields[0].integer != 1) co_return out;
        fields = fields.subspan(1);
        if (fields.size() != 7) co_return out;
        for (const auto& n : fields.subspan(5)) out.hits.push_back(n.integer);
    }
    if (fields.size() < 5 || fields[0].is_nil()) co_return out;
    out.found = Found::yes;
    out.session = {fields[0].str, fields[1].str, split(fields[2].str), split(fields[3].str)};
    // No `last`: a session written before it was kept, whose TTL is its idle time.
    const std::string& last = fields[4].str;
    if (!last.empty() && last.find_first_not_of("0123456789") == std::string::npos) {
        const auto idle = std::chrono::system_clock::now() -
                          std::chrono::system_clock::time_point(std::chrono::milliseconds(std::stoll(last)));
        out.ended = idle > chat_.session_ttl;
    }
    co_return out;
}

asio::awaitable<std::optional<json>> ConversationStore::chat_messages(const std::string& id) {
    const auto parsed = parse_chat_id(id);
    if (!parsed) co_return json::array();
    std::vector<std::string> cmd{"LRANGE", messages_key(*parsed), "0", "-1"};
    RedisResult r = co_await redis_.command(std::move(cmd));
    if (!r.ok()) co_return std::nullopt;
    json messages = json::array();
    for (const auto& e : r.reply.elements) {
        auto m = json::parse(e.str, nullptr, false);
        if (!m.is_discarded()) messages.push_back(std::move(m));
    }
    co_return messages;
}

asio::awaitable<bool> ConversationStore::chat_end(const std::string& id) {
    const auto parsed = parse_chat_id(id);
    if (!parsed) co_return true;  // nothing can be stored under it
    std::vector<std::string> cmd{"DEL", chat_key(*parsed), messages_key(*parsed)};
    co_return (co_await redis_.command(std::move(cmd))).ok();
}

asio::awaitable<bool> ConversationStore::chat_create(const std::string& id,
                                                     const ChatSession& session,
                                                     const json& first) {
    const auto parsed = parse_chat_id(id);
    if (!parsed || parsed->tenant != session.tenant) co_return false;
    std::vector<std::string> keys{chat_key(*parsed), messages_key(*parsed)};
    const ConversationTtls& t = ttls(session.tenant);
    std::vector<std::string> args{std::to_string(t.chat_session.count()),
                                  std::to_string(t.chat_transcript.count()),
                                  now_ms(),
                                  session.tenant,
                                  session.lang,
                                  json_text(first)};
    RedisResult r = co_await redis_.eval(create_script(), std::move(keys), std::move(args));
    co_return r.ok();
}

asio::awaitable<bool> ConversationStore::chat_append(const std::string& tenant,
                                                     const std::string& id,
                                                     const std::vector<std::string>& messages,
                                                     const std::vector<std::string>& risk_flags,
                                                     const std::vector<std::string>& articles,
                                                     const std::string& lang,
                                                     std::vector<RedisCall> then) {
    const auto parsed = parse_chat_id(id);
    if (!parsed || parsed->tenant != tenant) co_return false;
    std::vector<std::string> keys{chat_key(*parsed), messages_key(*parsed)};
    const ConversationTtls& t = ttls(tenant);
    std::vector<std::string> args{std::to_string(t.chat_session.count()),
                                  std::to_string(t.chat_transcript.count()),
                                  now_ms(),
                                  std::to_string(chat_.max_messages_kept), join(risk_flags),
                                  join(articles), std::to_string(chat_.max_articles_kept), lang};
    for (const auto& m : messages) args.push_back(m);
    // The append first; a batch of one is a plain script call.
    std::vector<RedisCall> calls;
    calls.reserve(then.size() + 1);
    calls.push_back(RedisCall::eval(append_script(), std::move(keys), std::move(args)));
    for (auto& c : then) calls.push_back(std::move(c));
    const std::vector<RedisResult> written = co_await redis_.batch(std::move(calls));
    co_return written.front().ok() && written.front().reply.integer == 1;
}

asio::awaitable<std::optional<long long>> ConversationStore::count_chat_start(
    const std::string& tenant, const std::string& remote) {
    co_return co_await count_hit(
        redis_, minute.key(rate_key(tenant, "chat:addr:", remote), std::chrono::system_clock::now()),
        minute.ttl);
}

callbacks::CreateLimit ConversationStore::form_limit(const std::string& tenant,
                                                    const std::string& remote, long long max) {
    return {hour.key(rate_key(tenant, "form:addr:", remote), std::chrono::system_clock::now()), max,
            hour.ttl};
}

const RateWindow& ConversationStore::form_rate_window() {
    return hour;
}

asio::awaitable<std::optional<std::vector<std::string>>> ConversationStore::keys_under(
    const std::string& prefix) {
    std::string pattern;
    for (char c : prefix) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') pattern += '\\';
        pattern += c;
    }
    pattern += '*';
    std::vector<std::string> out;
    std::string cursor = "0";
    do {
        std::vector<std::string> cmd{"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"};
        RedisResult r = co_await redis_.command(std::move(cmd));
        if (!r.ok() || r.reply.elements.size() != 2) co_return std::nullopt;
        cursor = r.reply.elements[0].str;
        for (const auto& k : r.reply.elements[1].elements) out.push_back(k.str);
    } while (cursor != "0");
    co_return out;
}

asio::awaitable<std::optional<std::vector<ConversationStore::Stored>>> ConversationStore::values_under(
    const std::string& prefix) {
    auto keys = co_await keys_under(prefix);
    if (!keys) co_return std::nullopt;
    std::vector<Stored> out;
    for (const auto& key : *keys) {
        std::vector<std::string> cmd{"GET", key};
        RedisResult r = co_await redis_.command(std::move(cmd));
        if (r.ec) co_return std::nullopt;
        // Gone since the scan, or another type under the key: not a conversation of ours.
        if (!r.ok() || r.reply.is_nil()) continue;
        out.push_back({key.substr(prefix.size()), r.reply.str});
    }
    co_return out;
}

asio::awaitable<std::optional<std::vector<ConversationStore::Stored>>> ConversationStore::sms_threads(
    const std::string& tenant) {
    const std::string prefix = sms_key(tenant, "");
    co_return co_await values_under(prefix);
}

asio::awaitable<std::optional<std::vector<ConversationStore::Stored>>> ConversationStore::voice_calls(
    const std::string& tenant) {
    co_return co_await values_under(voice_prefix(tenant));
}

asio::awaitable<std::optional<std::vector<std::string>>> ConversationStore::chat_ids(
    const std::string& tenant) {
    const std::string prefix = chat_prefix(tenant);
    auto keys = co_await keys_under(prefix);
    if (!keys) co_return std::nullopt;
    std::vector<std::string> out;
    for (const auto& key : *keys) {
        std::string id = tenant + "." + key.substr(prefix.size());
        if (valid_chat_id(id)) out.push_back(std::move(id));  // not the ":messages" lists
    }
    co_return out;
}

asio::awaitable<bool> ConversationStore::sms_erase(const std::string& tenant, const std::string& from) {
    std::vector<std::string> cmd{"DEL", sms_key(tenant, from)};
    co_return (co_await redis_.command(std::move(cmd))).ok();
}

asio::awaitable<bool> ConversationStore::voice_erase(const std::string& tenant,
                                                     const std::string& call_sid) {
    std::vector<std::string> cmd{"DEL", voice_prefix(tenant) + call_sid};
    co_return (co_await redis_.command(std::move(cmd))).ok();
}

}  // namespace advieslijn::contact
