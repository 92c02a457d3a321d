#include "gateway/line.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include <set>

#include "gateway/callback_form.hpp"

namespace advieslijn::gateway {

callbacks::Settings callback_settings(const Config& c, const Tenant& tenant) {
    callbacks::Settings s;
    s.lease = c.callbacks.lease;
    s.retry_delay = c.callbacks.retry_delay;
    s.max_attempts = c.callbacks.max_attempts;
    s.retention = tenant.retention.callback_task;
    s.idempotency_ttl = tenant.retention.idempotency;
    s.audit_retention = tenant.retention.audit;
    s.webhook_url = c.callbacks.escalation_webhook_url;
    s.webhook_secret = c.callbacks.escalation_webhook_secret;
    s.wait_replicas = c.redis.wait_replicas;
    s.wait_timeout = c.redis.wait_timeout;
    return s;
}

contact::ChatStoreLimits chat_store_limits(const ChatSettings& cs) {
    contact::ChatStoreLimits limits;
    limits.session_ttl = cs.session_ttl;
    return limits;
}

std::map<std::string, contact::ConversationTtls> conversation_ttls(const Config& c) {
    std::map<std::string, contact::ConversationTtls> out;
    for (const Tenant& t : c.tenants) out.emplace(t.id, contact::conversation_ttls(t.retention));
    return out;
}

// The languages whose risk triage (phrase lists and classifier) was measured on a blind
// held-out set (docs/routing.md): Dutch and English. Any other language gets a warning at
// start-up, even when the classifier reads it.
static bool triage_measured_safe(std::string_view lang) { return lang == "nl" || lang == "en"; }

// The texts of every tenant language, and its crisis guidance: a family must never hear a
// Dutch fallback, nor write in a language whose risk words the line does not know.
routing::Prompts line_texts(const Config& c, const routing::RiskDetector& risk) {
    routing::Prompts prompts = routing::Prompts::load(c.texts);
    prompts.require(c.tenants);
    for (const Tenant& t : c.tenants)
        for (const auto& lang : t.languages)
            if (!risk.has_language(lang))
                throw ConfigError(t.id + ": language '" + lang + "' has no risk signals (risk_" + lang +
                                  ".json in " + c.risk_signals.string() + ")");
            else if (!risk.has_model() || !risk.model_reads(lang))
                spdlog::warn("tenant {} offers '{}': its risk triage is phrase lists only and not yet safe "
                             "(README, Languages)",
                             t.id, lang);
            else if (!triage_measured_safe(lang))
                spdlog::warn("tenant {} offers '{}': its risk triage has not met its targets on a blind "
                             "held-out set and is not yet shown to be safe (README, Languages)",
                             t.id, lang);
    return prompts;
}

Line::Line(App& app, Clock& clock, Clock& session_clock)
    : app_(app),
      clock_(clock),
      libraries_(app.config()),
      tenants_(app.config().tenants),
      maps_(app.config()),
      risk_(routing::RiskDetector::load(app.config().risk_signals)),
      prompts_(line_texts(app.config(), risk_)),
      answers_(app.config().limits.answer_cache_entries),
      store_(app.redis(), chat_store_limits(app.config().chat),
             contact::conversation_ttls(app.config().retention), conversation_ttls(app.config())),
      stats_(app.redis(), clock),
      gaps_(app.redis(), clock, app.config().knowledge_gaps),
      webhook_sender_(std::chrono::seconds(5), app.config().callbacks.escalation_webhook_ca_file) {
    const Config& config = app_.config();
    // The first load happens before the server runs, so blocking here is fine.
    for (const auto& p : libraries_.reload())
        spdlog::error("knowledge base: {}", kb::to_string(p));
    if (auto kb = libraries_.shared().current())
        spdlog::info("knowledge base: {} articles from {}", kb->articles().size(),
                     config.knowledge_base.string());
    app_.add_readiness("knowledge_base", [this] { return libraries_.loaded(); });
    log_social_maps();
    app_.on_reload([this] { reload_in_background(); });
    // SIGHUP and POST /v1/admin/kb/reload alike: no decision made against the old articles
    // is given again.
    libraries_.after_reload([this] { answers_.clear(); });
    app_.on_shutdown([this] { worker_.stop(); });
    for (const Tenant& t : config.tenants)
        services_.emplace(t.id, std::make_unique<callbacks::Service>(app_.redis(), clock_, t,
                                                                     callback_settings(config, t)));
    std::vector<callbacks::Service*> all;
    for (auto& [id, s] : services_) all.push_back(s.get());
    scanner_ = std::make_unique<callbacks::Scanner>(app_.io_context().get_executor(), all,
                                                    &webhook_sender_,
                                                    config.callbacks.scan_interval);
    asio::co_spawn(app_.io_context(), scanner_->run(), asio::detached);
    app_.on_shutdown([this] { scanner_->stop(); });
    app_.metrics().add_gauge(
        "advieslijn_scanner_last_pass_timestamp_seconds",
        "When the SLA scanner last ticked every tenant without an error (unix seconds; the "
        "start until the first pass). While time() runs away from it, no task is marked at "
        "risk, breached or escalated.",
        [this] { return scanner_->last_clean_pass_unix_seconds(); });
    app_.on_scrape([this] { return task_metrics(); });
    app_.metrics().add_counter(
        "advieslijn_answer_cache_hits_total",
        "Questions given the decision kept from the same question before (no risk signal then), "
        "without triage and search, since start.",
        [this] { return static_cast<double>(answers_.figures().hits); });
    app_.metrics().add_counter(
        "advieslijn_answer_cache_misses_total",
        "Questions triaged and searched because no decision was kept for them, since start.",
        [this] { return static_cast<double>(answers_.figures().misses); });
    app_.metrics().add_gauge("advieslijn_answer_cache_entries",
                             "Decisions kept in the answer cache (limits.answer_cache_entries at most).",
                             [this] { return static_cast<double>(answers_.figures().entries); });
    add_routes();
    console_ = std::make_unique<ConsoleApi>(app_, services_, clock_, session_clock, &privacy_, &stats_);
}

Line::~Line() = default;

// A topic no article has is logged, not refused: removing an article must not stop the line.
void Line::log_social_maps() {
    for (const Tenant& t : app_.config().tenants) {
        const auto map = maps_.for_tenant(t.id);
        if (!map) continue;
        spdlog::info("social map of {}: {} services from {}, default area {}", t.id,
                     map->map->services().size(), t.social_map.string(), map->default_area);
        const auto kb = libraries_.for_tenant(t).current();
        if (!kb) continue;
        std::set<std::string> topics;
        for (const auto& a : kb->articles()) topics.insert(a.topic);
        for (const auto& p : social_map::unknown_topics(*map->map, topics))
            spdlog::warn("social map of {}: {}", t.id, social_map::to_string(p));
    }
}

void Line::add_routes() {
    Router& r = app_.router();
    const Config& config = app_.config();
    routing::VoiceContext voice{tenants_, risk_, prompts_, libraries_.search(), {}};
    voice.answers = &answers_;
    voice.config.hints = routing::speech_hints(risk_, libraries_.speech_hints());
    calls_ = std::make_unique<contact::VoiceCalls>(app_.redis(), store_, tasks_, stats_, gaps_, std::move(voice));
    routing::MessagingContext sms{tenants_, risk_, prompts_, libraries_.search()};
    sms.answers = &answers_;
    threads_ = std::make_unique<contact::SmsThreads>(store_, tasks_, stats_, gaps_, clock_, std::move(sms));
    routing::ChatContext chat{tenants_, risk_, prompts_, libraries_.search(), libraries_.lookup()};
    chat.answers = &answers_;
    chats_ = std::make_unique<contact::ChatConversations>(
        store_, stats_, gaps_, std::move(chat),
        contact::ChatLimits{config.chat.messages_per_minute_per_session,
                            config.chat.requests_per_minute_per_address});
    twilio_ = std::make_unique<TwilioChannel>(app_, tenants_, *calls_, *threads_);
    twilio_->add_routes(r);
    chat_api_ = std::make_unique<ChatApi>(
        *chats_, tenants_, prompts_, ChatWire{config.chat.max_text_bytes, config.limits.trusted_proxies,
                                             config.limits.websocket_idle, config.limits.websocket_lifetime});
    chat_api_->add_routes(r, app_.server());
    kb_api_ = std::make_unique<KbApi>(
        libraries_, tenants_, stats_, gaps_, worker_,
        [this](RequestContext& ctx, Response& error) { return console_->supervisor_tenant(ctx, error); });
    kb_api_->add_routes(r);
    map_api_ = std::make_unique<MapApi>(maps_, tenants_, [this](RequestContext& ctx, Response& error) {
        return console_->staff_tenant(ctx, Role::specialist, error);
    });
    map_api_->add_routes(r);
    add_callback_form_routes(r, tenants_, tasks_);
}

void Line::reload_in_background() {
    asio::post(worker_, [this] {
        // The social maps first: a refused article set must not keep them from reloading.
        for (const auto& refused : maps_.reload())
            spdlog::error("social map reload refused; the previous map keeps serving: {}", refused);
        log_social_maps();
        const auto problems = libraries_.reload();
        if (problems.empty()) {
            spdlog::info("knowledge base reloaded: {} shared articles",
                         libraries_.shared().current()->articles().size());
            return;
        }
        spdlog::error("knowledge base reload refused ({} problems); the previous set keeps serving",
                      problems.size());
        for (const auto& p : problems) spdlog::error("knowledge base: {}", kb::to_string(p));
    });
}

asio::awaitable<std::string> Line::task_metrics() {
    struct Figures {
        std::string tenant;
        std::optional<callbacks::SlaSummary> summary;  // none: Redis did not answer
    };
    std::vector<Figures> tenants;
    for (auto& [id, service] : services_) {
        auto summary = co_await service->sla_summary();
        tenants.push_back({prometheus_label(id), summary ? std::optional(*summary) : std::nullopt});
    }
    std::string out;
    auto family = [&](std::string_view name, std::string_view help, auto value) {
        out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
        for (const auto& t : tenants)
            if (t.summary) out += fmt::format("{}{{tenant=\"{}\"}} {}\n", name, t.tenant, value(*t.summary));
    };
    using S = callbacks::SlaSummary;
    family("advieslijn_callbacks_queued", "Callback tasks waiting in the queue (read from Redis "
           "at the scrape: the same in every instance).", [](const S& s) { return s.queued; });
    family("advieslijn_callbacks_claimed", "Callback tasks a specialist is working on.",
           [](const S& s) { return s.claimed; });
    family("advieslijn_callbacks_urgent_open", "Open callback tasks with priority urgent.",
           [](const S& s) { return s.urgent; });
    family("advieslijn_callbacks_at_risk", "Open tasks past the at-risk point of their deadline.",
           [](const S& s) { return s.at_risk; });
    family("advieslijn_callbacks_breached", "Open tasks past their deadline: promised callbacks "
           "that are late.", [](const S& s) { return s.breached; });
    family("advieslijn_callbacks_escalations_open", "Escalations no supervisor has acknowledged.",
           [](const S& s) { return s.open_escalations; });
    // An age rather than a count, so "unclaimed for 10 minutes" is one comparison and does
    // not mistake a stream of different urgent tasks, each claimed at once, for one waiting.
    const auto now = clock_.now();
    family("advieslijn_callbacks_urgent_unclaimed_oldest_seconds",
           "Age of the oldest urgent task no specialist has claimed yet; 0 when none waits.",
           [&](const S& s) {
               return s.oldest_unclaimed_urgent
                          ? std::max(0.0, std::chrono::duration<double>(now - *s.oldest_unclaimed_urgent).count())
                          : 0.0;
           });
    family("advieslijn_webhook_outbox_depth",
           "Urgent and escalation notifications waiting for delivery to the tenant's webhook "
           "(new or retrying).",
           [](const S& s) { return s.outbox; });
    out += "# HELP advieslijn_callbacks_figures_up 1 when the tenant's figures above could be "
           "read at this scrape.\n# TYPE advieslijn_callbacks_figures_up gauge\n";
    for (const auto& t : tenants)
        out += fmt::format("advieslijn_callbacks_figures_up{{tenant=\"{}\"}} {}\n", t.tenant,
                           t.summary ? 1 : 0);
    // Counted in this process: sum over the instances in a query.
    auto counters = [&](std::string_view name, std::string_view help, auto value) {
        out += fmt::format("# HELP {} {}\n# TYPE {} counter\n", name, help, name);
        for (auto& [id, service] : services_)
            out += fmt::format("{}{{tenant=\"{}\"}} {}\n", name, prometheus_label(id), value(*service));
    };
    counters("advieslijn_webhook_deliveries_total",
             "Webhook notifications the receiver accepted (2xx) since start.",
             [](const callbacks::Service& s) { return s.webhooks_delivered(); });
    counters("advieslijn_webhook_failures_total",
             "Webhook posts that failed (refused, unreachable, timed out, non-2xx) since start; "
             "each retry counts again.",
             [](const callbacks::Service& s) { return s.webhooks_failed(); });
    const auto tallies = stats_.tallies();
    out += "# HELP advieslijn_contacts_total Contacts started since start, by tenant and "
           "channel.\n# TYPE advieslijn_contacts_total counter\n";
    for (const auto& t : tallies)
        if (t.decision.empty())
            out += fmt::format("advieslijn_contacts_total{{tenant=\"{}\",channel=\"{}\"}} {}\n",
                               prometheus_label(t.tenant), prometheus_label(t.channel), t.count);
    out += "# HELP advieslijn_questions_total Questions routed since start, by tenant, channel "
           "and decision (answered, choices, handoff, urgent).\n"
           "# TYPE advieslijn_questions_total counter\n";
    for (const auto& t : tallies)
        if (!t.decision.empty())
            out += fmt::format(
                "advieslijn_questions_total{{tenant=\"{}\",channel=\"{}\",decision=\"{}\"}} {}\n",
                prometheus_label(t.tenant), prometheus_label(t.channel), prometheus_label(t.decision), t.count);
    co_return out;
}

}  // namespace advieslijn::gateway
