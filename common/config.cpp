#include "common/config.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/phone.hpp"
#include "common/redis_url.hpp"
#include "common/risk_categories.hpp"

namespace advieslijn {

namespace {

using nlohmann::json;

// Walks one JSON object, remembers where it is for error messages, and rejects keys that
// nobody asked for so that a typo in a config file stops start-up instead of being ignored.
class Fields {
public:
    Fields(const json& obj, std::string path, const std::string& source)
        : obj_(obj), path_(std::move(path)), source_(source) {
        if (!obj_.is_object()) fail(path_.empty() ? "(top level)" : path_, "must be an object");
    }

    [[noreturn]] void fail(const std::string& field, const std::string& reason) const {
        throw ConfigError(source_ + ": " + field + ": " + reason);
    }

    std::string field(const std::string& key) const {
        return path_.empty() ? key : path_ + "." + key;
    }

    const json* get(const std::string& key) {
        seen_.insert(key);
        auto it = obj_.find(key);
        return it == obj_.end() ? nullptr : &*it;
    }

    // The value under `key` without marking it as read; nullptr when absent.
    const json* find_unmarked(const std::string& key) const {
        auto it = obj_.find(key);
        return it == obj_.end() ? nullptr : &*it;
    }

    std::string string(const std::string& key, std::optional<std::string> fallback) {
        const json* v = get(key);
        if (!v) {
            if (!fallback) fail(field(key), "is required");
            return *fallback;
        }
        if (!v->is_string()) fail(field(key), "must be a string");
        return v->get<std::string>();
    }

    std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) {
        const json* v = get(key);
        if (!v) return fallback;
        if (!v->is_number_integer()) fail(field(key), "must be an integer");
        auto n = v->get<std::int64_t>();
        if (n < min || n > max)
            fail(field(key),
                 "must be between " + std::to_string(min) + " and " + std::to_string(max));
        return n;
    }

    bool boolean(const std::string& key, bool fallback) {
        const json* v = get(key);
        if (!v) return fallback;
        if (!v->is_boolean()) fail(field(key), "must be true or false");
        return v->get<bool>();
    }

    std::vector<std::string> strings(const std::string& key, bool required) {
        const json* v = get(key);
        if (!v) {
            if (required) fail(field(key), "is required");
            return {};
        }
        if (!v->is_array()) fail(field(key), "must be an array of strings");
        std::vector<std::string> out;
        for (std::size_t i = 0; i < v->size(); ++i) {
            if (!(*v)[i].is_string())
                fail(field(key) + "[" + std::to_string(i) + "]", "must be a string");
            out.push_back((*v)[i].get<std::string>());
        }
        return out;
    }

    void reject_unknown() const {
        for (auto it = obj_.begin(); it != obj_.end(); ++it)
            if (!seen_.count(it.key())) fail(field(it.key()), "unknown field");
    }

private:
    const json& obj_;
    std::string path_;
    const std::string& source_;
    std::set<std::string> seen_;
};

std::chrono::milliseconds millis(Fields& f, const std::string& key,
                                 std::chrono::milliseconds fallback) {
    return std::chrono::milliseconds(f.integer(key, fallback.count(), 1, 3'600'000));
}

// A language code as the texts files are named (routing/data/texts/<lang>.json): ISO 639-1.
// Whether the line has texts for it is checked at start-up, against the texts folder.
bool language_code(const std::string& s) {
    return s.size() == 2 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

SlaSettings parse_sla(Fields& parent, const std::string& source) {
    SlaSettings sla;
    const json* v = parent.get("sla");
    if (!v) return sla;
    Fields f(*v, parent.field("sla"), source);
    sla.normal = std::chrono::hours(f.integer("hours", sla.normal.count(), 1, 24 * 14));
    sla.urgent =
        std::chrono::minutes(f.integer("urgent_minutes", sla.urgent.count(), 5, 24 * 60));
    sla.at_risk_percent = static_cast<int>(f.integer("at_risk_percent", 75, 10, 99));
    sla.second_level_after_breach = std::chrono::hours(
        f.integer("second_level_hours", sla.second_level_after_breach.count(), 1, 24 * 7));
    f.reject_unknown();
    if (sla.urgent >= sla.normal)
        f.fail(f.field("urgent_minutes"), "must be shorter than the normal SLA");
    return sla;
}

// Why `number` cannot stand in the config as a number for `use`: not written in E.164, or a
// Dutch range rule of common/phone. nullopt when it can.
std::optional<std::string> config_number_problem(const std::string& number, PhoneUse use) {
    const std::string quoted = "'" + number + "'";
    const bool e164_form = is_written_in_e164(number);
    const auto parsed = parse_phone(number, use);
    if (e164_form && parsed && parsed.e164() == number) return std::nullopt;
    if (e164_form && !parsed)
        return quoted + " is not a valid number: " +
               std::string(phone_error_message(parsed.error()));
    if (e164_form) return quoted + " is not an E.164 number: write it as " + parsed.e164();
    return quoted + " is not an E.164 number (+ and 8-15 digits)";
}

// A number the line will ring (<Dial>): E.164 and callable at normal cost.
std::string dialled_number(Fields& f, const std::string& key) {
    std::string number = f.string(key, std::nullopt);
    if (auto problem = config_number_problem(number, PhoneUse::callback))
        f.fail(f.field(key), *problem);
    return number;
}

// Never a partner: 112 is not dialled through the line. A caller with a medical emergency is
// told to hang up and call 112 (the category's guidance says so), so the control room gets
// their own phone and location instead of a call from the line.
constexpr std::string_view hang_up_and_call_112 = "emergency_medical";

// `spoken`: one text for every language of the tenant, or an object by language.
std::map<std::string, std::string> spoken_names(Fields& f, const std::vector<std::string>& languages,
                                                const std::string& source) {
    std::map<std::string, std::string> out;
    const json* v = f.get("spoken");
    if (!v) return out;
    if (v->is_string()) {
        if (v->get<std::string>().empty()) f.fail(f.field("spoken"), "must not be empty");
        for (const auto& lang : languages) out[lang] = v->get<std::string>();
        return out;
    }
    if (!v->is_object()) f.fail(f.field("spoken"), "must be a string or an object by language");
    Fields sf(*v, f.field("spoken"), source);
    for (const auto& lang : languages)
        if (std::string text = sf.string(lang, ""); !text.empty()) out[lang] = std::move(text);
    sf.reject_unknown();
    return out;
}

CrisisSettings parse_crisis(Fields& parent, const std::vector<std::string>& languages,
                            const std::string& source) {
    CrisisSettings crisis;
    const json* v = parent.get("crisis");
    if (!v) return crisis;
    Fields f(*v, parent.field("crisis"), source);
    if (f.get("on_call")) crisis.on_call = dialled_number(f, "on_call");
    if (const json* partners = f.get("partners")) {
        Fields pf(*partners, f.field("partners"), source);
        for (auto it = partners->begin(); it != partners->end(); ++it) {
            const std::string& category = it.key();
            if (!find_risk_category(category))
                pf.fail(pf.field(category), "is not a risk category (common/risk_categories.hpp)");
            if (category == hang_up_and_call_112)
                pf.fail(pf.field(category),
                        "112 is never dialled through the line: for a medical emergency the "
                        "caller is told to hang up and call 112; leave this category out");
            Fields one(*pf.get(category), pf.field(category), source);
            CrisisPartner partner;
            partner.name = one.string("name", std::nullopt);
            if (partner.name.empty()) one.fail(one.field("name"), "must not be empty");
            partner.spoken = spoken_names(one, languages, source);
            partner.number = dialled_number(one, "number");
            one.reject_unknown();
            crisis.partners.emplace(category, std::move(partner));
        }
    }
    f.reject_unknown();
    return crisis;
}

// The retention fields, their units and bounds. The lower bounds that depend on other settings
// (the chat's idle time, the tenant's SLA) are checked by check_retention.
struct RetentionField {
    const char* key;
    std::int64_t min;
    std::int64_t max;
};
constexpr RetentionField voice_call_hours{"voice_call_hours", 2, 7 * 24};
constexpr RetentionField sms_thread_hours{"sms_thread_hours", 1, 30 * 24};
constexpr RetentionField chat_session_minutes{"chat_session_minutes", 1, 7 * 24 * 60};
constexpr RetentionField chat_transcript_minutes{"chat_transcript_minutes", 1, 7 * 24 * 60};
constexpr RetentionField callback_task_days{"callback_task_days", 7, 3650};
constexpr RetentionField audit_days{"audit_days", 30, 3650};
constexpr RetentionField knowledge_gap_days{"knowledge_gap_days", 1, 366};
constexpr RetentionField idempotency_hours{"idempotency_hours", 1, 30 * 24};

std::int64_t retention_value(Fields& f, const RetentionField& r, std::int64_t fallback) {
    return f.integer(r.key, fallback, r.min, r.max);
}

// `retention` in `parent` (absent: `base` unchanged), field by field over `base`.
RetentionSettings parse_retention(Fields& parent, const RetentionSettings& base,
                                  const std::string& source) {
    using std::chrono::days, std::chrono::hours, std::chrono::minutes;
    RetentionSettings r = base;
    const json* v = parent.get("retention");
    if (!v) return r;
    Fields f(*v, parent.field("retention"), source);
    r.voice_call = hours(retention_value(f, voice_call_hours, r.voice_call.count()));
    r.sms_thread = hours(retention_value(f, sms_thread_hours, r.sms_thread.count()));
    r.chat_session = minutes(retention_value(f, chat_session_minutes, r.chat_session.count()));
    r.chat_transcript =
        minutes(retention_value(f, chat_transcript_minutes, r.chat_transcript.count()));
    r.callback_task = days(retention_value(f, callback_task_days, r.callback_task.count()));
    r.audit = days(retention_value(f, audit_days, r.audit.count()));
    r.knowledge_gap = days(retention_value(f, knowledge_gap_days, r.knowledge_gap.count()));
    r.idempotency = hours(retention_value(f, idempotency_hours, r.idempotency.count()));
    f.reject_unknown();
    return r;
}

// The bounds that depend on other settings, on resolved settings; `path` is "retention" or
// "tenants[i].retention", `sla` the tenant's (none at the top level).
void check_retention(const RetentionSettings& r, const std::string& path,
                     std::chrono::seconds chat_idle, const SlaSettings* sla,
                     const std::string& source) {
    auto fail = [&](const RetentionField& field, const std::string& reason) {
        throw ConfigError(source + ": " + path + "." + field.key + ": " + reason);
    };
    const auto idle_minutes = std::chrono::ceil<std::chrono::minutes>(chat_idle).count();
    // A shorter one would drop a live chat's state or transcript before the session's idle end.
    if (r.chat_session < chat_idle)
        fail(chat_session_minutes, "must be at least the chat's idle time (chat.session_ttl_seconds: " +
                                       std::to_string(idle_minutes) + " minutes)");
    if (r.chat_transcript < chat_idle)
        fail(chat_transcript_minutes, "must be at least the chat's idle time (chat.session_ttl_seconds: " +
                                          std::to_string(idle_minutes) + " minutes)");
    // A transcript without its session could be found by nobody, not even an erasure.
    if (r.chat_transcript > r.chat_session)
        fail(chat_transcript_minutes, "must not be longer than chat_session_minutes (" +
                                          std::to_string(r.chat_session.count()) + ")");
    // A task closed at once must keep its number and question until its deadline has passed.
    if (sla && r.callback_task < sla->normal)
        fail(callback_task_days, "must be at least the tenant's SLA (" +
                                     std::to_string(sla->normal.count()) + " hours)");
}

Tenant parse_tenant(const json& j, const std::string& path, const std::string& source,
                    const EnvLookup& env, const RetentionSettings& retention,
                    std::chrono::seconds chat_idle, std::vector<std::string>& warnings) {
    Fields f(j, path, source);
    Tenant t;
    t.id = f.string("id", std::nullopt);
    if (t.id.empty() || t.id.size() > 32 ||
        t.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        f.fail(f.field("id"), "must be 1-32 characters of a-z, 0-9 and '-'");
    t.name = f.string("name", std::nullopt);
    if (t.name.empty()) f.fail(f.field("name"), "must not be empty");
    t.numbers = f.strings("numbers", false);
    for (std::size_t i = 0; i < t.numbers.size(); ++i)
        if (auto problem = config_number_problem(t.numbers[i], PhoneUse::dialed))
            f.fail(f.field("numbers") + "[" + std::to_string(i) + "]", *problem);
    t.site_keys = f.strings("site_keys", false);
    for (std::size_t i = 0; i < t.site_keys.size(); ++i)
        if (t.site_keys[i].empty())
            f.fail(f.field("site_keys") + "[" + std::to_string(i) + "]", "must not be empty");
    t.languages = f.strings("languages", true);
    if (t.languages.empty()) f.fail(f.field("languages"), "needs at least one language");
    for (std::size_t i = 0; i < t.languages.size(); ++i)
        if (!language_code(t.languages[i]))
            f.fail(f.field("languages") + "[" + std::to_string(i) + "]",
                   "'" + t.languages[i] + "' is not a language code (two lowercase letters, as nl or tr)");
    t.allowed_origins = f.strings("allowed_origins", false);
    if (const json* g = f.get("greetings")) {
        Fields gf(*g, f.field("greetings"), source);
        for (const auto& lang : t.languages) {
            std::string text = gf.string(lang, "");
            if (!text.empty()) t.greetings[lang] = text;
        }
        gf.reject_unknown();
    }
    t.twilio_auth_token_env = f.string("twilio_auth_token_env", "TWILIO_AUTH_TOKEN");
    if (auto token = env(t.twilio_auth_token_env); token && !token->empty()) {
        t.twilio_auth_token = *token;
    } else {
        t.twilio_auth_token = "test-token";
        warnings.push_back("tenant " + t.id + ": " + t.twilio_auth_token_env +
                           " is not set; using the insecure 'test-token' for Twilio signatures");
    }
    t.sla = parse_sla(f, source);
    t.crisis = parse_crisis(f, t.languages, source);
    // Kept as written here; resolved against the config's folder by the caller.
    t.knowledge_base = f.string("knowledge_base", "");
    t.social_map = f.string("social_map", "");
    t.default_area = f.string("default_area", "");
    t.retention = parse_retention(f, retention, source);
    f.reject_unknown();
    check_retention(t.retention, f.field("retention"), chat_idle, &t.sla, source);
    return t;
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& p) {
    std::filesystem::path path(p);
    return path.is_absolute() ? path : (base / path).lexically_normal();
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
}

HostPort parse_host_port(const std::string& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw std::invalid_argument("expected HOST:PORT");
    std::string host = text.substr(0, colon);
    if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port_text = text.substr(colon + 1);
    if (port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5)
        throw std::invalid_argument("port must be a number");
    const int port = std::stoi(port_text);
    if (port > 65535) throw std::invalid_argument("port must be at most 65535");
    return HostPort{host, static_cast<std::uint16_t>(port)};
}

Config parse_config(const std::string& text, const std::string& source,
                    const std::filesystem::path& base_dir, const EnvLookup& env) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        throw ConfigError(source + ": (syntax): " + e.what());
    }
    Config c;
    c.source = source;
    Fields f(root, "", source);

    auto host_port = [&](const std::string& field, const std::string& value) {
        try {
            return parse_host_port(value);
        } catch (const std::invalid_argument& e) {
            f.fail(field, "'" + value + "': " + e.what());
        }
    };
    c.listen = host_port("listen", f.string("listen", "127.0.0.1:8080"));
    c.threads = static_cast<int>(f.integer("threads", 0, 0, 256));
    c.public_url = f.string("public_url", "http://localhost:8080");

    if (const json* r = f.get("redis")) {
        Fields rf(*r, "redis", source);
        c.redis.url = rf.string("url", c.redis.url);
        c.redis.connect_timeout = millis(rf, "connect_timeout_ms", c.redis.connect_timeout);
        c.redis.command_timeout = millis(rf, "command_timeout_ms", c.redis.command_timeout);
        c.redis.connections = static_cast<int>(rf.integer("connections", 0, 0, 64));
        c.redis.sentinels = rf.strings("sentinels", false);
        for (std::size_t i = 0; i < c.redis.sentinels.size(); ++i) {
            try {
                (void)parse_redis_host_port(c.redis.sentinels[i]);
            } catch (const std::invalid_argument& e) {
                rf.fail(rf.field("sentinels") + "[" + std::to_string(i) + "]",
                        "'" + c.redis.sentinels[i] + "': " + e.what());
            }
        }
        c.redis.master_name = rf.string("master_name", "");
        if (!c.redis.sentinels.empty() && c.redis.master_name.empty())
            rf.fail(rf.field("master_name"), "is required with sentinels");
        if (c.redis.sentinels.empty() && !c.redis.master_name.empty())
            rf.fail(rf.field("sentinels"), "are required with master_name");
        c.redis.wait_replicas = static_cast<int>(rf.integer("wait_replicas", 0, 0, 16));
        // At least 1 ms (millis): WAIT with timeout 0 would block forever.
        c.redis.wait_timeout = millis(rf, "wait_timeout_ms", c.redis.wait_timeout);
        rf.reject_unknown();
    }
    if (const json* l = f.get("limits")) {
        Fields lf(*l, "limits", source);
        c.limits.header_bytes = lf.integer("header_bytes", c.limits.header_bytes, 1024, 1 << 20);
        c.limits.body_bytes = lf.integer("body_bytes", c.limits.body_bytes, 1024, 64 << 20);
        c.limits.header_timeout = millis(lf, "header_timeout_ms", c.limits.header_timeout);
        c.limits.body_timeout = millis(lf, "body_timeout_ms", c.limits.body_timeout);
        c.limits.idle_timeout = millis(lf, "idle_timeout_ms", c.limits.idle_timeout);
        c.limits.max_connections =
            lf.integer("max_connections", c.limits.max_connections, 1, 1'000'000);
        c.limits.max_connections_per_address = lf.integer(
            "max_connections_per_address", c.limits.max_connections_per_address, 1, 1'000'000);
        c.limits.max_websockets_per_client = lf.integer(
            "max_websockets_per_client", c.limits.max_websockets_per_client, 1, 1'000'000);
        c.limits.websocket_share_percent =
            lf.integer("websocket_share_percent", c.limits.websocket_share_percent, 1, 100);
        c.limits.websocket_idle = millis(lf, "websocket_idle_ms", c.limits.websocket_idle);
        c.limits.websocket_lifetime = millis(lf, "websocket_lifetime_ms", c.limits.websocket_lifetime);
        c.limits.websocket_evict_idle = millis(lf, "websocket_evict_idle_ms", c.limits.websocket_evict_idle);
        c.limits.shutdown_grace = millis(lf, "shutdown_grace_ms", c.limits.shutdown_grace);
        c.limits.answer_cache_entries =
            lf.integer("answer_cache_entries", c.limits.answer_cache_entries, 0, 1'000'000);
        c.limits.trusted_proxies = lf.strings("trusted_proxies", false);
        for (std::size_t i = 0; i < c.limits.trusted_proxies.size(); ++i) {
            boost::system::error_code ec;
            boost::asio::ip::make_address(c.limits.trusted_proxies[i], ec);
            if (ec)
                lf.fail("limits.trusted_proxies[" + std::to_string(i) + "]",
                        "'" + c.limits.trusted_proxies[i] + "' is not an IP address");
        }
        lf.reject_unknown();
    }
    if (const json* l = f.get("log")) {
        Fields lf(*l, "log", source);
        const std::string format = lf.string("format", "text");
        if (format != "text" && format != "json") lf.fail("log.format", "must be text or json");
        c.log.format = format == "json" ? LogFormat::json : LogFormat::text;
        c.log.level = lf.string("level", "info");
        static const std::set<std::string> levels = {"trace", "debug", "info",
                                                     "warn",  "error", "critical"};
        if (!levels.count(c.log.level))
            lf.fail("log.level", "must be one of trace, debug, info, warn, error, critical");
        c.log.access_log = lf.boolean("access_log", true);
        lf.reject_unknown();
    }
    // The retentions that were written under callbacks and knowledge_gaps before there was a
    // `retention` object: still read, with a warning, as the top-level value.
    std::optional<std::int64_t> legacy_task_days, legacy_gap_days;
    if (const json* cb = f.get("callbacks")) {
        Fields cf(*cb, "callbacks", source);
        auto& s = c.callbacks;
        s.lease = std::chrono::minutes(cf.integer("lease_minutes", s.lease.count(), 1, 24 * 60));
        s.retry_delay = std::chrono::minutes(
            cf.integer("retry_delay_minutes", s.retry_delay.count(), 1, 24 * 60));
        s.max_attempts = static_cast<int>(cf.integer("max_attempts", s.max_attempts, 1, 20));
        if (cf.get("retention_days"))
            legacy_task_days = retention_value(cf, {"retention_days", callback_task_days.min,
                                                    callback_task_days.max}, 0);
        s.escalation_webhook_url = cf.string("escalation_webhook_url", "");
        if (!s.escalation_webhook_url.empty() && s.escalation_webhook_url.rfind("http://", 0) != 0 &&
            s.escalation_webhook_url.rfind("https://", 0) != 0)
            cf.fail("callbacks.escalation_webhook_url", "must be an https:// (or http://) URL");
        s.escalation_webhook_ca_file = cf.string("escalation_webhook_ca_file", "");
        s.escalation_webhook_secret_env =
            cf.string("escalation_webhook_secret_env", s.escalation_webhook_secret_env);
        s.scan_interval = millis(cf, "scan_interval_ms", s.scan_interval);
        cf.reject_unknown();
    }
    if (const json* ch = f.get("chat")) {
        Fields cf(*ch, "chat", source);
        auto& s = c.chat;
        s.max_text_bytes = cf.integer("max_text_bytes", s.max_text_bytes, 10, 10000);
        s.messages_per_minute_per_session = static_cast<int>(cf.integer(
            "messages_per_minute_per_session", s.messages_per_minute_per_session, 1, 1'000'000));
        s.requests_per_minute_per_address = static_cast<int>(cf.integer(
            "requests_per_minute_per_address", s.requests_per_minute_per_address, 1, 10'000'000));
        s.callback_forms_per_hour_per_address = static_cast<int>(cf.integer(
            "callback_forms_per_hour_per_address", s.callback_forms_per_hour_per_address, 1, 1'000'000));
        s.session_ttl = std::chrono::seconds(
            cf.integer("session_ttl_seconds", s.session_ttl.count(), 60, 24 * 3600));
        cf.reject_unknown();
    }
    if (const json* au = f.get("auth")) {
        Fields af(*au, "auth", source);
        auto& s = c.auth;
        s.session_idle = std::chrono::minutes(
            af.integer("session_idle_minutes", s.session_idle.count(), 1, 24 * 60));
        s.session_absolute = std::chrono::hours(
            af.integer("session_absolute_hours", s.session_absolute.count(), 1, 7 * 24));
        s.login_attempts_per_account = static_cast<int>(
            af.integer("login_attempts_per_account", s.login_attempts_per_account, 1, 1000));
        s.login_attempts_per_address = static_cast<int>(
            af.integer("login_attempts_per_address", s.login_attempts_per_address, 1, 100000));
        s.login_window = std::chrono::minutes(
            af.integer("login_window_minutes", s.login_window.count(), 1, 24 * 60));
        af.reject_unknown();
    }
    if (const json* kg = f.get("knowledge_gaps")) {
        Fields kf(*kg, "knowledge_gaps", source);
        auto& s = c.knowledge_gaps;
        if (kf.get("retention_days"))
            legacy_gap_days = retention_value(kf, {"retention_days", knowledge_gap_days.min,
                                                   knowledge_gap_days.max}, 0);
        s.max_per_day = static_cast<int>(kf.integer("max_per_day", s.max_per_day, 1, 100000));
        kf.reject_unknown();
    }
    {
        const json* written = f.find_unmarked("retention");
        auto legacy = [&](std::optional<std::int64_t> days, const char* old_field,
                          const RetentionField& field, std::chrono::days& into) {
            if (!days) return;
            if (written && written->is_object() && written->contains(field.key))
                f.fail(old_field, std::string("is replaced by retention.") + field.key +
                                      ", which is set too: remove this one");
            into = std::chrono::days(*days);
            c.warnings.push_back(source + ": " + old_field + " is deprecated: write retention." +
                                 field.key + " instead (the value is used meanwhile)");
        };
        legacy(legacy_task_days, "callbacks.retention_days", callback_task_days,
               c.retention.callback_task);
        legacy(legacy_gap_days, "knowledge_gaps.retention_days", knowledge_gap_days,
               c.retention.knowledge_gap);
        // Unless written, a chat's state and transcript are kept at least as long as the chat
        // may idle, so a config with a longer chat.session_ttl_seconds keeps working.
        const auto idle = std::chrono::ceil<std::chrono::minutes>(c.chat.session_ttl);
        c.retention.chat_session = std::max(c.retention.chat_session, idle);
        c.retention.chat_transcript = std::max(c.retention.chat_transcript, idle);
        c.retention = parse_retention(f, c.retention, source);
        check_retention(c.retention, "retention", c.chat.session_ttl, nullptr, source);
        c.knowledge_gaps.retention_days = static_cast<int>(c.retention.knowledge_gap.count());
    }
    if (!c.callbacks.escalation_webhook_url.empty()) {
        auto secret = env(c.callbacks.escalation_webhook_secret_env);
        if (!secret || secret->empty())
            f.fail("callbacks.escalation_webhook_secret_env",
                   c.callbacks.escalation_webhook_secret_env +
                       " must be set when escalation_webhook_url is");
        c.callbacks.escalation_webhook_secret = *secret;
    }
    if (!c.callbacks.escalation_webhook_ca_file.empty()) {
        c.callbacks.escalation_webhook_ca_file =
            resolve(base_dir, c.callbacks.escalation_webhook_ca_file).string();
        std::ifstream ca(c.callbacks.escalation_webhook_ca_file);
        std::string pem((std::istreambuf_iterator<char>(ca)), std::istreambuf_iterator<char>());
        if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
            f.fail("callbacks.escalation_webhook_ca_file",
                   c.callbacks.escalation_webhook_ca_file + " holds no PEM certificate");
    }
    c.static_dir = resolve(base_dir, f.string("static_dir", "web-widget"));
    c.knowledge_base = resolve(base_dir, f.string("knowledge_base", "knowledge-base/articles"));
    c.risk_signals = resolve(base_dir, f.string("risk_signals", "routing/data"));
    c.texts = resolve(base_dir, f.string("texts", "routing/data/texts"));

    const json* tenants = f.get("tenants");
    if (!tenants || !tenants->is_array() || tenants->empty())
        f.fail("tenants", "needs an array with at least one tenant");
    std::set<std::string> ids, numbers, keys;
    for (std::size_t i = 0; i < tenants->size(); ++i) {
        const std::string path = "tenants[" + std::to_string(i) + "]";
        Tenant t = parse_tenant((*tenants)[i], path, source, env, c.retention, c.chat.session_ttl,
                                c.warnings);
        if (!t.knowledge_base.empty()) t.knowledge_base = resolve(base_dir, t.knowledge_base.string());
        if (!t.social_map.empty()) t.social_map = resolve(base_dir, t.social_map.string());
        if (!ids.insert(t.id).second) f.fail(path + ".id", "'" + t.id + "' is used twice");
        for (const auto& n : t.numbers)
            if (!numbers.insert(n).second)
                f.fail(path + ".numbers", n + " belongs to two tenants");
        for (const auto& k : t.site_keys)
            if (!keys.insert(k).second)
                f.fail(path + ".site_keys", "'" + k + "' belongs to two tenants");
        c.knowledge_gaps.retention_days_by_tenant[t.id] =
            static_cast<int>(t.retention.knowledge_gap.count());
        c.tenants.push_back(std::move(t));
    }
    f.reject_unknown();

    // Environment overrides for addresses and secrets.
    if (auto v = env("ADVIESLIJN_LISTEN"); v && !v->empty())
        c.listen = host_port("ADVIESLIJN_LISTEN", *v);
    if (auto v = env("REDIS_URL"); v && !v->empty()) c.redis.url = *v;
    if (auto v = env("ADVIESLIJN_PUBLIC_URL"); v && !v->empty()) c.public_url = *v;
    if (auto v = env("ADVIESLIJN_THREADS"); v && !v->empty()) {
        if (v->find_first_not_of("0123456789") != std::string::npos || v->size() > 3)
            f.fail("ADVIESLIJN_THREADS", "must be a number");
        c.threads = std::stoi(*v);
    }
    if (auto v = env("ADVIESLIJN_LOG_FORMAT"); v && !v->empty()) {
        if (*v != "text" && *v != "json") f.fail("ADVIESLIJN_LOG_FORMAT", "must be text or json");
        c.log.format = *v == "json" ? LogFormat::json : LogFormat::text;
    }
    try {
        (void)parse_redis_url(c.redis.url);
    } catch (const std::invalid_argument& e) {
        // The URL may hold a password (and config errors reach logs): not repeated then.
        const bool secret = c.redis.url.find('@') != std::string::npos;
        f.fail("redis.url", (secret ? std::string("(a URL with a password, not shown)")
                                    : "'" + c.redis.url + "'") +
                                ": " + e.what());
    }
    if (c.public_url.rfind("http://", 0) != 0 && c.public_url.rfind("https://", 0) != 0)
        f.fail("public_url", "must start with http:// or https://");
    while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
    return c;
}

Config load_config(const std::filesystem::path& file, const EnvLookup& env) {
    std::ifstream in(file);
    if (!in) throw ConfigError(file.string() + ": (file): cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    auto base = std::filesystem::absolute(file).parent_path();
    return parse_config(text.str(), file.string(), base, env);
}

}  // namespace advieslijn
