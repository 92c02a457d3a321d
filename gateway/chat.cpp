#include "gateway/chat.hpp"

#include "gateway/auth.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>
#include <span>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include "gateway/line.hpp"

namespace advieslijn::gateway {

namespace {

using nlohmann::json;
namespace websocket = beast::websocket;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

const std::string session_prefix = "chat:session:";

// Rate counters are per minute; each lives a little longer than its minute.
const std::string rate_counter_ttl_ms = "70000";

// Lua for one counter per window: the first hit of a window sets its expiry (ARGV[1], ms).
constexpr std::string_view hit_lua = R"(
local function hit(key)
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  return n
end
)";

const RedisScript& count_script() {
    static const RedisScript script(std::string(hit_lua) + "return hit(KEYS[1])");
    return script;
}

// KEYS: the session hash, then rate counter keys. ARGV[1]: the counters' expiry in ms.
// Returns {0} when there is no session (nothing is counted), else {1, tenant, lang,
// risk_flags, articles, hit counts...}.
const RedisScript& load_count_script() {
    static const RedisScript script(std::string(hit_lua) + R"(
local f = redis.call('HMGET', KEYS[1], 'tenant', 'lang', 'risk_flags', 'articles')
if not f[1] then return { 0 } end
local out = { 1, f[1], f[2] or '', f[3] or '', f[4] or '' }
for i = 2, #KEYS do out[#out + 1] = hit(KEYS[i]) end
return out)");
    return script;
}

// KEYS: the session hash, its message list. ARGV: ttl seconds, messages kept, risk flags and
// articles to merge (comma lists), how many articles to remember, then the messages (JSON).
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
merge('risk_flags', ARGV[3], 50)
merge('articles', ARGV[4], tonumber(ARGV[5]))
for i = 6, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return 1)");
    return script;
}

// KEYS: the session hash, its message list. ARGV: ttl seconds, tenant, lang, first message.
const RedisScript& create_script() {
    static const RedisScript script(R"(
redis.call('HSET', KEYS[1], 'tenant', ARGV[2], 'lang', ARGV[3], 'risk_flags', '', 'articles', '')
redis.call('RPUSH', KEYS[2], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return 1)");
    return script;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
    return out;
}

ChatService::Outcome fail(http::status status, std::string_view code, std::string_view message) {
    return {status, {{"error", {{"code", code}, {"message", message}}}}, 0};
}

ChatService::Outcome unavailable() {
    return fail(http::status::service_unavailable, "unavailable",
                "The chat is unavailable right now. Please call the advice line.");
}

// RFC 3629 well-formedness, so invalid bytes never reach matching or storage.
bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        if (len == 2 && c < 0xC2) return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
        if (len == 3) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return false;
        }
        if (len == 4) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return false;
        }
        i += len;
    }
    return true;
}

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

long long minute_now() {
    return std::chrono::duration_cast<std::chrono::minutes>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int seconds_to_next_minute() {
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    return static_cast<int>(60 - secs % 60);
}

const std::map<std::string, std::string> default_greeting = {
    {"nl", "Hallo! Stel hier je vraag over opvoeden en opgroeien. We geven meteen antwoord "
           "als dat kan; anders belt een specialist je binnen 24 uur terug."},
    {"en", "Hello! Ask your question about raising children and growing up. We answer "
           "straight away when we can; otherwise a specialist calls you back within 24 hours."}};

const std::map<std::string, std::string> privacy_note = {
    {"nl", "Je vraag wordt alleen gebruikt om je te helpen. Laat je een nummer achter, dan "
           "bewaren we dat tot je bent teruggebeld en daarna niet langer dan nodig."},
    {"en", "Your question is only used to help you. If you leave a number, we keep it until "
           "we have called you back and no longer than needed after that."}};

}  // namespace

std::string random_id() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += hex[b >> 4];
        out += hex[b & 0xf];
    }
    return out;
}

ChatService::ChatService(RedisClient& redis, const std::vector<Tenant>& tenants,
                         ChatResponder& responder, ChatLimits limits)
    : redis_(redis), tenants_(tenants), responder_(responder), limits_(limits) {}

bool ChatService::allows(const Tenant& tenant, const std::string& origin) {
    return origin.empty() || std::find(tenant.allowed_origins.begin(), tenant.allowed_origins.end(),
                                       origin) != tenant.allowed_origins.end();
}

const Tenant* ChatService::tenant_by_id(const std::string& id) const {
    for (const auto& t : tenants_)
        if (t.id == id) return &t;
    return nullptr;
}

const Tenant* ChatService::tenant_by_site_key(const std::string& key) const {
    for (const auto& t : tenants_)
        for (const auto& k : t.site_keys)
            if (k == key) return &t;
    return nullptr;
}

asio::awaitable<std::pair<ChatService::Found, ChatService::SessionInfo>> ChatService::load(
    const std::string& id, std::vector<std::string> rate_keys, std::vector<long long>* hits) {
    SessionInfo info;
    if (id.size() != 32 || id.find_first_not_of("0123456789abcdef") != std::string::npos)
        co_return std::pair{Found::no, info};  // cannot exist
    RedisResult r;
    if (rate_keys.empty()) {
        // Arguments as named vectors: GCC 12 miscompiles braced lists inside co_await.
        std::vector<std::string> cmd{"HMGET", session_prefix + id, "tenant", "lang", "risk_flags", "articles"};
        r = co_await redis_.command(std::move(cmd));
    } else {
        std::vector<std::string> keys{session_prefix + id};
        keys.insert(keys.end(), std::make_move_iterator(rate_keys.begin()),
                    std::make_move_iterator(rate_keys.end()));
        std::vector<std::string> args{rate_counter_ttl_ms};
        r = co_await redis_.eval(load_count_script(), std::move(keys), std::move(args));
    }
    if (r.ec) co_return std::pair{Found::unavailable, info};
    // An error reply (another type under the key) counts as no session.
    if (r.reply.is_error()) co_return std::pair{Found::no, info};
    auto fields = std::span<const RedisReply>(r.reply.elements);
    if (!rate_keys.empty()) {
        if (fields.empty() || fields[0].integer != 1) co_return std::pair{Found::no, info};
        fields = fields.subspan(1);
        if (fields.size() != 4 + rate_keys.size()) co_return std::pair{Found::no, info};
        for (const auto& n : fields.subspan(4)) hits->push_back(n.integer);
    }
    if (fields.size() < 4 || fields[0].is_nil()) co_return std::pair{Found::no, info};
    info.tenant = fields[0].str;
    info.lang = fields[1].str;
    info.risk_flags = split_list(fields[2].str);
    info.articles = split_list(fields[3].str);
    co_return std::pair{Found::yes, info};
}

asio::awaitable<ChatService::OpenSession> ChatService::open_session(
    const std::string& id, const std::string& origin, std::vector<std::string> rate_keys) {
    OpenSession out;
    auto loaded = co_await load(id, std::move(rate_keys), &out.hits);
    if (loaded.first == Found::unavailable) {
        out.refused = unavailable();
        co_return out;
    }
    out.info = std::move(loaded.second);
    out.tenant = loaded.first == Found::yes ? tenant_by_id(out.info.tenant) : nullptr;
    // Another site's session is treated as one that does not exist.
    if (!out.tenant || !allows(*out.tenant, origin))
        out.refused = fail(http::status::not_found, "session_expired",
                           "This conversation has ended. Please start a new one.");
    co_return out;
}

asio::awaitable<std::optional<json>> ChatService::load_messages(const std::string& id) {
    std::vector<std::string> cmd{"LRANGE", session_prefix + id + ":messages", "0", "-1"};
    RedisResult r = co_await redis_.command(std::move(cmd));
    if (!r.ok()) co_return std::nullopt;
    json messages = json::array();
    for (const auto& e : r.reply.elements) {
        auto m = json::parse(e.str, nullptr, false);
        if (!m.is_discarded()) messages.push_back(std::move(m));
    }
    co_return messages;
}

asio::awaitable<bool> ChatService::create(const std::string& id, const SessionInfo& info,
                                          const json& first) {
    std::vector<std::string> keys{session_prefix + id, session_prefix + id + ":messages"};
    std::vector<std::string> args{std::to_string(limits_.session_ttl.count()), info.tenant, info.lang,
                                  first.dump()};
    RedisResult r = co_await redis_.eval(create_script(), std::move(keys), std::move(args));
    co_return r.ok();
}

asio::awaitable<bool> ChatService::append(const std::string& id, std::vector<std::string> messages,
                                          const std::vector<std::string>& risk_flags,
                                          const std::vector<std::string>& articles) {
    std::vector<std::string> keys{session_prefix + id, session_prefix + id + ":messages"};
    std::vector<std::string> args{std::to_string(limits_.session_ttl.count()),
                                  std::to_string(limits_.max_messages_kept), join(risk_flags),
                                  join(articles), std::to_string(limits_.max_articles_kept)};
    for (auto& m : messages) args.push_back(std::move(m));
    RedisResult r = co_await redis_.eval(append_script(), std::move(keys), std::move(args));
    co_return r.ok() && r.reply.integer == 1;
}

asio::awaitable<std::optional<long long>> ChatService::count_hit(std::string key) {
    std::vector<std::string> keys{std::move(key)}, args{rate_counter_ttl_ms};
    RedisResult r = co_await redis_.eval(count_script(), std::move(keys), std::move(args));
    if (!r.ok()) co_return std::nullopt;
    co_return r.reply.integer;
}

asio::awaitable<std::optional<ChatService::SessionInfo>> ChatService::session_info(
    std::string session_id) {
    auto loaded_session = co_await load(session_id);
    const Found found = loaded_session.first;
    const SessionInfo& info = loaded_session.second;
    if (found != Found::yes) co_return std::nullopt;
    co_return info;
}

asio::awaitable<ChatService::Outcome> ChatService::handle(json op, std::string remote,
                                                          std::string origin) {
    const std::string kind = op.value("op", "");
    if (kind == "start") co_return co_await start(op, remote, origin);
    if (kind == "resume") co_return co_await resume(op, origin);
    if (kind == "message") co_return co_await message(op, remote, origin);
    if (kind == "feedback") co_return co_await feedback(op, origin);
    co_return fail(http::status::bad_request, "invalid_input",
                   "op must be one of start, resume, message, feedback.");
}

asio::awaitable<ChatService::Outcome> ChatService::start(const json& op,
                                                         const std::string& remote,
                                                         const std::string& origin) {
    if (!op.contains("site_key") || !op["site_key"].is_string())
        co_return fail(http::status::bad_request, "invalid_input", "site_key is required.");
    const Tenant* tenant = tenant_by_site_key(op["site_key"].get<std::string>());
    if (!tenant) co_return fail(http::status::not_found, "unknown_site_key", "Unknown site key.");
    if (!allows(*tenant, origin))
        co_return fail(http::status::forbidden, "origin_not_allowed",
                       "This site may not use this advice line.");
    std::string lang = op.contains("lang") && op["lang"].is_string() ? op["lang"].get<std::string>() : "";
    if (std::find(tenant->languages.begin(), tenant->languages.end(), lang) == tenant->languages.end())
        lang = tenant->languages.front();

    std::string counter = "rl:chat:addr:" + remote + ":" + std::to_string(minute_now());
    const auto hits = co_await count_hit(std::move(counter));
    if (!hits) co_return unavailable();
    if (*hits > limits_.requests_per_minute_per_address) {
        Outcome o = fail(http::status::too_many_requests, "rate_limited",
                         "Too many requests; please wait a moment.");
        o.retry_after = seconds_to_next_minute();
        co_return o;
    }

    const std::string id = random_id();
    auto greeting_it = tenant->greetings.find(lang);
    const std::string greeting =
        greeting_it != tenant->greetings.end() ? greeting_it->second : default_greeting.at(lang);
    SessionInfo info{tenant->id, lang, {}, {}};
    const json first = {{"from", "line"}, {"text", greeting}};
    if (!co_await create(id, info, first)) co_return unavailable();
    json body = {{"session_id", id},
                 {"lang", lang},
                 {"greeting", greeting},
                 {"tenant", {{"name", tenant->name},
                             {"phone", tenant->numbers.empty() ? "" : tenant->numbers.front()}}},
                 {"quick_replies", responder_.quick_replies(*tenant, lang)},
                 {"privacy", privacy_note.at(lang)}};
    co_return Outcome{http::status::created, body, 0};
}

asio::awaitable<ChatService::Outcome> ChatService::resume(const json& op,
                                                          const std::string& origin) {
    const std::string id = op.value("session_id", "");
    auto open = co_await open_session(id, origin);
    if (open.refused) co_return std::move(*open.refused);
    const Tenant* tenant = open.tenant;
    const SessionInfo& info = open.info;
    auto loaded = co_await load_messages(id);
    if (!loaded) co_return unavailable();
    json messages = std::move(*loaded);
    const std::string session_lang = info.lang.empty() ? tenant->languages.front() : info.lang;
    for (auto& m : messages) {
        if (!m.contains("reply") || !m["reply"].contains("article")) continue;
        auto full = responder_.reply_with_article(*tenant, session_lang,
                                                  m["reply"]["article"].value("id", ""));
        if (full) m["reply"] = std::move(*full);
    }
    json body = {{"session_id", id},
                 {"lang", session_lang},
                 {"messages", std::move(messages)},
                 {"tenant", {{"name", tenant->name},
                             {"phone", tenant->numbers.empty() ? "" : tenant->numbers.front()}}},
                 {"quick_replies", responder_.quick_replies(*tenant, session_lang)},
                 {"privacy", privacy_note.at(session_lang == "en" ? "en" : "nl")}};
    co_return Outcome{http::status::ok, body, 0};
}

asio::awaitable<ChatService::Outcome> ChatService::message(const json& op,
                                                           const std::string& remote,
                                                           const std::string& origin) {
    std::string text, article_id;
    if (op.contains("text")) {
        if (!op["text"].is_string())
            co_return fail(http::status::bad_request, "invalid_input", "text must be a string.");
        text = trim(op["text"].get<std::string>());
        if (text.empty())
            co_return fail(http::status::bad_request, "invalid_input", "text is empty.");
        if (text.size() > limits_.max_text_bytes)
            co_return fail(http::status::bad_request, "invalid_input",
                           "text is longer than " + std::to_string(limits_.max_text_bytes) +
                               " bytes; please keep your question short.");
        if (!valid_utf8(text))
            co_return fail(http::status::bad_request, "invalid_input", "text is not valid UTF-8.");
    } else if (op.contains("article_id") && op["article_id"].is_string()) {
        article_id = op["article_id"].get<std::string>();
    } else {
        co_return fail(http::status::bad_request, "invalid_input",
                       "Send either text or article_id.");
    }
    const std::string id = op.value("session_id", "");
    // The session and both rate counters in one round trip; nothing is counted for a
    // session that does not exist.
    const std::string minute = std::to_string(minute_now());
    std::vector<std::string> counters{"rl:chat:session:" + id + ":" + minute,
                                      "rl:chat:addr:" + remote + ":" + minute};
    auto open = co_await open_session(id, origin, std::move(counters));
    if (open.refused) {
        // Redis is down, but the risk check needs none: someone in danger still reads where
        // to find help, next to the error.
        if (open.refused->status == http::status::service_unavailable && !text.empty())
            if (auto guidance = responder_.guidance_without_session(text))
                open.refused->body["urgent"] = std::move(*guidance);
        co_return std::move(*open.refused);
    }
    const Tenant* tenant = open.tenant;
    const SessionInfo& info = open.info;
    const std::vector<long long>& hits = open.hits;
    if (hits.size() != 2) co_return unavailable();
    if (hits[0] > limits_.messages_per_minute_per_session ||
        hits[1] > limits_.requests_per_minute_per_address) {
        Outcome o = fail(http::status::too_many_requests, "rate_limited",
                         "You are sending messages very quickly; please wait a moment.");
        o.retry_after = seconds_to_next_minute();
        co_return o;
    }

    const std::string lang = info.lang.empty() ? tenant->languages.front() : info.lang;
    json reply;
    std::vector<std::string> risk;
    json visitor;
    if (!article_id.empty()) {
        auto answer = responder_.reply_with_article(*tenant, lang, article_id);
        if (!answer)
            co_return fail(http::status::bad_request, "invalid_input", "Unknown article_id.");
        reply = std::move(*answer);
        visitor = {{"from", "visitor"}, {"article_id", article_id}};
    } else {
        reply = responder_.reply_to_text(*tenant, lang, text, risk);
        visitor = {{"from", "visitor"}, {"text", text}};
    }
    // Answers are stored as a reference: an article's text would make the conversation
    // kilobytes long. resume() expands them again.
    json stored = json::object();
    for (const auto& [field, value] : reply.items()) {
        if (field == "article")
            stored["article"] = {{"id", value["id"]}, {"title", value["title"]}};
        else
            stored[field] = value;
    }
    std::vector<std::string> articles;
    if (reply.contains("article")) articles.push_back(reply["article"]["id"]);
    if (reply.contains("articles"))
        for (const auto& a : reply["articles"]) articles.push_back(a["id"]);
    std::vector<std::string> messages{visitor.dump(), json{{"from", "line"}, {"reply", std::move(stored)}}.dump()};
    if (!co_await append(id, std::move(messages), risk, articles)) co_return unavailable();
    co_return Outcome{http::status::ok, reply, 0};
}

asio::awaitable<ChatService::Outcome> ChatService::feedback(const json& op,
                                                            const std::string& origin) {
    if (!op.contains("article_id") || !op["article_id"].is_string() || !op.contains("helped") ||
        !op["helped"].is_boolean())
        co_return fail(http::status::bad_request, "invalid_input",
                       "article_id (string) and helped (true or false) are required.");
    auto open = co_await open_session(op.value("session_id", ""), origin);
    if (open.refused) co_return std::move(*open.refused);
    const Tenant* tenant = open.tenant;
    const SessionInfo& info = open.info;
    const std::string article = op["article_id"].get<std::string>();
    const auto& offered = info.articles;
    if (std::find(offered.begin(), offered.end(), article) == offered.end())
        co_return fail(http::status::bad_request, "invalid_input",
                       "Feedback is only for an article this conversation showed.");
    const bool helped = op["helped"].get<bool>();
    std::vector<std::string> cmd{
        "HINCRBY", "kb:{" + tenant->id + "}:feedback:" + (info.lang.empty() ? "nl" : info.lang),
        article + (helped ? ":helped" : ":not_helped"), "1"};
    RedisResult r = co_await redis_.command(std::move(cmd));
    if (!r.ok()) co_return unavailable();
    co_return Outcome{http::status::no_content, json(), 0};
}

void ChatService::add_routes(Router& router, HttpServer& server) {
    auto respond = [](const Outcome& o, const Request& req) {
        Response res = o.status == http::status::no_content
                           ? Response{http::status::no_content, 11}
                           : json_response(o.status, o.body.dump());
        if (o.retry_after > 0) res.set(http::field::retry_after, std::to_string(o.retry_after));
        add_cors_headers(req, res);
        return res;
    };
    auto run = [this, respond](RequestContext& ctx, json op) -> asio::awaitable<Response> {
        Outcome o = co_await handle(std::move(op), ctx.remote, cross_origin(ctx.request));
        co_return respond(o, ctx.request);
    };
    router.add(http::verb::post, "/v1/chat/sessions",
               [run](RequestContext& ctx) -> asio::awaitable<Response> {
                   Response error;
                   auto body = parse_json_body(ctx.request, error);
                   if (!body) co_return error;
                   (*body)["op"] = "start";
                   co_return co_await run(ctx, std::move(*body));
               });
    router.add(http::verb::get, "/v1/chat/sessions/{id}",
               [run](RequestContext& ctx) -> asio::awaitable<Response> {
                   json op = json::object();
                   op["op"] = "resume";
                   op["session_id"] = ctx.params["id"];
                   co_return co_await run(ctx, std::move(op));
               });
    auto with_body = [run](const char* op) {
        return [run, op](RequestContext& ctx) -> asio::awaitable<Response> {
            Response error;
            auto body = parse_json_body(ctx.request, error);
            if (!body) co_return error;
            (*body)["op"] = op;
            (*body)["session_id"] = ctx.params["id"];
            co_return co_await run(ctx, std::move(*body));
        };
    };
    router.add(http::verb::post, "/v1/chat/sessions/{id}/messages", with_body("message"));
    router.add(http::verb::post, "/v1/chat/sessions/{id}/feedback", with_body("feedback"));
    auto preflight = [this](RequestContext& ctx) -> asio::awaitable<Response> {
        co_return cors_preflight(ctx.request, tenants_);
    };
    router.add(http::verb::options, "/v1/chat/sessions", preflight);
    router.add(http::verb::options, "/v1/chat/sessions/{id}", preflight);
    router.add(http::verb::options, "/v1/chat/sessions/{id}/messages", preflight);
    router.add(http::verb::options, "/v1/chat/sessions/{id}/feedback", preflight);
    server.on_upgrade("/v1/chat/ws", [this](beast::tcp_stream stream, Request req) {
        return websocket(std::move(stream), std::move(req));
    });
}

// One session per socket: the first op starts or resumes it, later ops may leave out the
// session id. Beast sends pings when the peer is quiet and closes a dead connection.
asio::awaitable<void> ChatService::websocket(beast::tcp_stream stream, Request req) {
    websocket::stream<beast::tcp_stream> ws(std::move(stream));
    websocket::stream_base::timeout timeouts;
    timeouts.handshake_timeout = std::chrono::seconds(10);
    timeouts.idle_timeout = std::chrono::seconds(60);
    timeouts.keep_alive_pings = true;
    ws.set_option(timeouts);
    ws.read_message_max(16 * 1024);
    boost::system::error_code ec;
    std::string remote = "?";
    if (auto ep = ws.next_layer().socket().remote_endpoint(ec); !ec) remote = ep.address().to_string();
    remote = client_address(remote, req["X-Forwarded-For"], limits_.trusted_proxies);
    const std::string origin = cross_origin(req);
    std::vector<std::string> origins;
    for (const Tenant& t : tenants_)
        origins.insert(origins.end(), t.allowed_origins.begin(), t.allowed_origins.end());
    if (!origin_allowed(req, origins)) {
        Response res = json_error(http::status::forbidden, "origin_not_allowed",
                                  "This site may not use the advice line.");
        res.prepare_payload();
        co_await http::async_write(ws.next_layer(), res, use_tuple);
        co_return;
    }
    auto [aec] = co_await ws.async_accept(req, use_tuple);
    if (aec) co_return;
    std::string session_id;
    beast::flat_buffer buffer;
    for (;;) {
        auto [rec, n] = co_await ws.async_read(buffer, use_tuple);
        if (rec) break;
        json op = json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
        buffer.consume(buffer.size());
        Outcome out;
        json request_id;
        if (op.is_discarded() || !op.is_object()) {
            out = fail(http::status::bad_request, "invalid_json", "Each message must be one JSON object.");
        } else {
            request_id = op.value("id", json());
            if (!session_id.empty() && !op.contains("session_id")) op["session_id"] = session_id;
            out = co_await handle(op, remote, origin);
            if (out.body.contains("session_id")) session_id = out.body["session_id"];
        }
        json reply = out.body.is_null() ? json::object() : out.body;
        reply["status"] = static_cast<int>(out.status);
        if (out.retry_after > 0) reply["retry_after"] = out.retry_after;
        if (!request_id.is_null()) reply["id"] = request_id;
        ws.text(true);
        const std::string text = reply.dump();
        auto [wec, wn] = co_await ws.async_write(asio::buffer(text), use_tuple);
        if (wec) break;
    }
    if (ws.is_open()) co_await ws.async_close(websocket::close_code::normal, use_tuple);
}

}  // namespace advieslijn::gateway
