#pragma once
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/log.hpp"

namespace advieslijn {

// A start-up error in one line: "FILE: FIELD: reason".
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct HostPort {
    std::string host;
    std::uint16_t port = 0;
};

struct SlaSettings {
    std::chrono::hours normal{24};
    std::chrono::minutes urgent{60};
    int at_risk_percent = 75;
    std::chrono::hours second_level_after_breach{4};
};

// A line a caller whose words carry a risk signal can be put through to (TwiML <Dial>).
struct CrisisPartner {
    std::string name;    // "113 Zelfmoordpreventie": for the task, logs and the docs
    std::map<std::string, std::string> spoken;  // by language, read out in the offer;
                                                // absent: the name
    std::string number;  // E.164, a number the line may ring (not premium-rate)
};

// Where the phone line offers to put a caller with a risk signal through to. The partner of
// the first of the call's risk categories that has one, else the on-call specialist, else no
// offer (the urgent callback task only). Keyed by the category string of routing/risk.
struct CrisisSettings {
    std::string on_call;                            // E.164; empty: none
    std::map<std::string, CrisisPartner> partners;  // by risk category
};

// How long each kind of personal data is kept (docs/privacy.md, "Retention"). Set for every
// tenant in the top-level `retention` object and per tenant in `tenants[i].retention`, field
// by field over the top level; every Tenant carries its resolved settings. The minimums keep
// the line working: no state or transcript ends inside a live conversation, no task is
// anonymised before its own deadline could pass.
struct RetentionSettings {
    std::chrono::hours voice_call{2};          // a call's state, since its last webhook
    std::chrono::hours sms_thread{24};         // a texter's thread, since the last message
    std::chrono::minutes chat_session{30};     // a chat session's state, since its last message
    std::chrono::minutes chat_transcript{30};  // its transcript, since the last message
    std::chrono::days callback_task{90};       // a closed callback task until it is anonymised
    std::chrono::days audit{365};              // an entry of the tenant's audit stream
    std::chrono::days knowledge_gap{90};       // a day's knowledge-gap questions, after the day
    std::chrono::hours idempotency{48};        // a callback request's Idempotency-Key
};

struct Tenant {
    std::string id;
    std::string name;
    std::vector<std::string> numbers;    // dialed numbers, E.164
    std::vector<std::string> site_keys;  // chat widget keys
    std::vector<std::string> languages;  // first is the default
    std::vector<std::string> allowed_origins;
    std::map<std::string, std::string> greetings;  // by language
    std::string twilio_auth_token_env;
    std::string twilio_auth_token;  // resolved from the environment at load
    SlaSettings sla;
    CrisisSettings crisis;
    // The tenant's own articles beside the shared set (they add articles and replace shared
    // ones with the same lang and id); empty: the shared set only.
    std::filesystem::path knowledge_base;
    // The tenant's digital social map (a folder, docs/social-map.md); empty: none. Loaded and
    // checked at start-up by social_map::TenantMaps.
    std::filesystem::path social_map;
    // The municipality of the map that stands in for a family's postcode; empty: the first
    // municipality of the map's areas.json.
    std::string default_area;
    RetentionSettings retention;  // resolved: the tenant's own over the top-level ones

    // Whether a browser page of `origin` may use this tenant's line; an empty origin is a
    // same-origin or non-browser call and always may.
    bool allows_origin(std::string_view origin) const {
        return origin.empty() ||
               std::find(allowed_origins.begin(), allowed_origins.end(), origin) != allowed_origins.end();
    }
};

struct Limits {
    std::size_t header_bytes = 16 * 1024;
    std::size_t body_bytes = 1024 * 1024;
    std::chrono::milliseconds header_timeout{10'000};
    std::chrono::milliseconds body_timeout{30'000};
    std::chrono::milliseconds idle_timeout{60'000};
    std::size_t max_connections = 10'000;
    // One address (not a trusted proxy) may hold at most this many connections, so one client
    // cannot fill max_connections (issue 19); a school or office behind one NAT stays well under.
    std::size_t max_connections_per_address = 256;
    // Chat WebSockets: at most this many per client (behind a trusted proxy, per forwarded
    // client), and together at most this share of max_connections, so chat can never take the
    // capacity Twilio's webhooks, health checks and the consoles need.
    std::size_t max_websockets_per_client = 16;
    std::size_t websocket_share_percent = 75;
    // A chat WebSocket whose client sends no message this long is closed (by the server's
    // deadline sweep, without keep-alive pings: a browser answers pings by itself, so pings would keep an
    // abandoned or hostile socket open for ever), and one older than `websocket_lifetime` is
    // closed after its next message. A chat session outlives its sockets: the client resumes.
    std::chrono::milliseconds websocket_idle{10 * 60'000};
    std::chrono::milliseconds websocket_lifetime{60 * 60'000};
    // When chat sockets fill their share, a new one closes the socket whose client has sent
    // nothing for longest, if that is at least this long; otherwise it is refused (503).
    std::chrono::milliseconds websocket_evict_idle{60'000};
    std::chrono::milliseconds shutdown_grace{10'000};
    // Decisions of everyday questions kept in memory (routing/answer_cache.hpp: no text, only
    // questions without any risk signal); 0 turns the cache off. A decision holds up to three
    // articles' texts: on the shipped set about 1–2 KB, at most about 5 KB (10 MB at 2048).
    std::size_t answer_cache_entries = 2048;
    // Reverse proxies (IP addresses) whose X-Forwarded-For names the client. Rate limits
    // count per client address; behind a proxy every client would otherwise share one.
    std::vector<std::string> trusted_proxies;
};

struct RedisSettings {
    std::string url = "redis://127.0.0.1:6379";
    std::chrono::milliseconds connect_timeout{2'000};
    std::chrono::milliseconds command_timeout{5'000};
    int connections = 0;  // 0: one per I/O thread
    // Sentinel: when `sentinels` (host:port) is set, the primary of `master_name` is asked of
    // them and `url` gives only the user, password and database.
    std::vector<std::string> sentinels;
    std::string master_name;
    // A callback creation is acknowledged only after WAIT saw this many replicas take it
    // (0: after the primary alone).
    int wait_replicas = 0;
    std::chrono::milliseconds wait_timeout{1'000};
};

struct LogSettings {
    LogFormat format = LogFormat::text;
    std::string level = "info";
    bool access_log = true;
};

struct CallbackSettings {
    std::chrono::minutes lease{30};
    std::chrono::minutes retry_delay{30};
    int max_attempts = 3;
    std::string escalation_webhook_url;  // empty: second-level escalations are only recorded
    std::string escalation_webhook_secret_env = "ADVIESLIJN_WEBHOOK_SECRET";
    std::string escalation_webhook_secret;  // resolved from the environment at load
    // PEM certificates an https:// webhook's certificate must chain to instead of the system's
    // trust store (a private CA); empty: the system's. Resolved against the config's folder.
    std::string escalation_webhook_ca_file;
    std::chrono::milliseconds scan_interval{1000};
};

struct ChatSettings {
    std::size_t max_text_bytes = 1000;
    int messages_per_minute_per_session = 20;
    int requests_per_minute_per_address = 120;
    // The widget's callback form is public: without a limit one address could fill the
    // specialists' queue. A family sends one, but a school network, a library or a mobile
    // carrier's shared IPv4 address (CGNAT) puts many families behind one address, so the
    // limit is generous: it stops a flood, not a busy evening.
    int callback_forms_per_hour_per_address = 60;
    std::chrono::seconds session_ttl{30 * 60};
};

// The editors' knowledge-gap report (contact/knowledge_gaps.hpp).
struct KnowledgeGapSettings {
    // A day's questions are deleted this long after the day: the tenant's own
    // (retention.knowledge_gap_days, filled in by parse_config), else the default.
    int retention_days = 90;
    std::map<std::string, int> retention_days_by_tenant;
    int max_per_day = 2000;  // questions kept per tenant and day; more are only counted

    int retention_days_for(const std::string& tenant) const {
        auto it = retention_days_by_tenant.find(tenant);
        return it == retention_days_by_tenant.end() ? retention_days : it->second;
    }
};

// Accounts and sessions of specialists and supervisors (accounts/).
struct AuthSettings {
    std::chrono::minutes session_idle{30};      // a session unused this long ends
    std::chrono::hours session_absolute{12};    // and every session ends after this
    int login_attempts_per_account = 10;        // per login window
    int login_attempts_per_address = 30;        // per login window, per client IP
    std::chrono::minutes login_window{15};
};

struct Config {
    std::string source;  // the file it came from
    HostPort listen{"127.0.0.1", 8080};
    int threads = 0;  // 0: one per core
    std::string public_url = "http://localhost:8080";
    RedisSettings redis;
    Limits limits;
    LogSettings log;
    std::filesystem::path static_dir;
    std::filesystem::path knowledge_base;
    std::filesystem::path risk_signals;  // folder of risk_<lang>.json phrase lists
    std::filesystem::path texts;         // folder of <lang>.json: what the line says and shows
    std::vector<Tenant> tenants;
    CallbackSettings callbacks;
    ChatSettings chat;
    AuthSettings auth;
    KnowledgeGapSettings knowledge_gaps;
    RetentionSettings retention;  // the top level; each tenant's resolved one is in Tenant
    std::vector<std::string> warnings;  // to log once logging is set up
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// Reads the process environment.
std::optional<std::string> process_env(const std::string& name);

// Loads, validates and applies environment overrides (ADVIESLIJN_LISTEN, REDIS_URL,
// ADVIESLIJN_PUBLIC_URL, ADVIESLIJN_THREADS, ADVIESLIJN_LOG_FORMAT, and each tenant's
// token variable). Relative paths in the file are taken relative to the file itself.
// Throws ConfigError naming file, field and reason.
Config load_config(const std::filesystem::path& file, const EnvLookup& env = process_env);

// Same as load_config, from JSON text; `source` names it in errors.
Config parse_config(const std::string& text, const std::string& source,
                    const std::filesystem::path& base_dir, const EnvLookup& env);

// "host:port" (host may be an IPv4 address, a name, or "[v6]"). Throws std::invalid_argument.
HostPort parse_host_port(const std::string& text);

}  // namespace advieslijn
