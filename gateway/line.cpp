#include "gateway/line.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "common/log.hpp"
#include "routing/text.hpp"

namespace advieslijn::gateway {

namespace {

callbacks::Settings callback_settings(const Config& c) {
    callbacks::Settings s;
    s.lease = c.callbacks.lease;
    s.retry_delay = c.callbacks.retry_delay;
    s.max_attempts = c.callbacks.max_attempts;
    s.retention = std::chrono::days(c.callbacks.retention_days);
    s.webhook_url = c.callbacks.escalation_webhook_url;
    s.webhook_secret = c.callbacks.escalation_webhook_secret;
    return s;
}

}  // namespace

namespace {
Response error_response(const callbacks::Error& e) {
    return json_error(static_cast<http::status>(callbacks::http_status(e.code)),
                      callbacks::to_string(e.code), e.message);
}

}  // namespace

std::optional<nlohmann::json> parse_json_body(const Request& req, Response& error) {
    const auto type = req[http::field::content_type];
    if (type.substr(0, type.find(';')) != "application/json") {
        error = json_error(http::status::unsupported_media_type, "unsupported_media_type",
                           "Send the body as application/json.");
        return std::nullopt;
    }
    auto body = nlohmann::json::parse(req.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        error = json_error(http::status::bad_request, "invalid_json",
                           "The body must be one JSON object.");
        return std::nullopt;
    }
    return body;
}

std::string cross_origin(const Request& req) {
    const std::string origin(req[http::field::origin]);
    const std::string host(req[http::field::host]);
    // A page served by the line itself (the demo page, the consoles) is same-origin.
    if (!host.empty() && (origin == "http://" + host || origin == "https://" + host)) return {};
    return origin;
}

bool origin_allowed(const Request& req, const std::vector<std::string>& allowed) {
    const std::string origin = cross_origin(req);
    if (origin.empty()) return true;  // not a browser's cross-origin call
    return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

Response cors_preflight(const Request& req, const std::vector<Tenant>& tenants) {
    std::vector<std::string> origins;
    for (const Tenant& t : tenants)
        origins.insert(origins.end(), t.allowed_origins.begin(), t.allowed_origins.end());
    if (!origin_allowed(req, origins))
        return json_error(http::status::forbidden, "origin_not_allowed",
                          "This site may not use the advice line.");
    Response res{http::status::no_content, 11};
    add_cors_headers(req, res);
    res.set(http::field::access_control_allow_methods, "GET, POST, OPTIONS");
    res.set(http::field::access_control_allow_headers, "Content-Type, Idempotency-Key");
    res.set(http::field::access_control_max_age, "600");
    return res;
}

void add_cors_headers(const Request& req, Response& res) {
    const auto origin = req[http::field::origin];
    if (origin.empty()) return;
    res.set(http::field::access_control_allow_origin, origin);
    res.set(http::field::vary, "Origin");
}

nlohmann::json article_reply(const kb::Article& a, const std::string& lang) {
    nlohmann::json links = nlohmann::json::array();
    for (const auto& l : a.links) links.push_back({{"title", l.title}, {"url", l.url}});
    return {{"type", "answer"},
            {"article", {{"id", a.id}, {"title", a.title}, {"text", a.answer}, {"links", links}}},
            {"prompt", lang == "en" ? "Did this help?" : "Heeft dit geholpen?"}};
}

routing::KbResult search_for_routing(const kb::Library& library, std::string_view lang,
                                     std::string_view text) {
    routing::KbResult out;
    auto kb = library.current();
    if (!kb) return out;  // none: the contact becomes a callback
    kb::SearchResult result = kb->search(lang, text, 3);
    out.decision = result.decision == kb::Decision::answer      ? routing::KbResult::Kind::answer
                   : result.decision == kb::Decision::ambiguous ? routing::KbResult::Kind::ambiguous
                                                                : routing::KbResult::Kind::none;
    for (const auto& hit : result.results) {
        routing::KbArticle a{hit.id, hit.title, hit.article->answer, hit.article->spoken, {},
                             hit.score};
        for (const auto& l : hit.article->links) a.links.push_back({l.title, l.url});
        out.articles.push_back(std::move(a));
    }
    return out;
}

namespace {
// Tap-to-call numbers for the widget, by risk category.
nlohmann::json guidance_numbers(const std::vector<std::string>& categories, bool en) {
    nlohmann::json out = nlohmann::json::array();
    auto add = [&](const char* label_nl, const char* label_en, const char* number, const char* tel) {
        for (const auto& g : out)
            if (g["tel"] == tel) return;
        out.push_back({{"label", en ? label_en : label_nl}, {"number", number}, {"tel", tel}});
    };
    // 112 always comes first: any of these situations can turn into an emergency.
    add("Spoed: bel 112", "Emergency: call 112", "112", "112");
    for (const auto& c : categories) {
        if (c == "child_abuse" || c == "domestic_violence")
            add("Veilig Thuis (gratis, dag en nacht)", "Veilig Thuis (free, day and night)",
                "0800-2000", "08002000");
        if (c == "suicide_self_harm") {
            add("113 Zelfmoordpreventie", "113 Suicide Prevention", "113", "113");
            add("113 gratis", "113 free line", "0800-0113", "08000113");
        }
    }
    add("De Kindertelefoon (gratis)", "De Kindertelefoon (free)", "0800-0432", "08000432");
    return out;
}

// The emergency part of an `urgent` reply: the guidance text and tap-to-call numbers.
nlohmann::json urgent_reply(const routing::RiskResult& risk, bool en) {
    return {{"type", "urgent"},
            {"text", risk.chat_text()},
            {"guidance", guidance_numbers(risk.categories(), en)}};
}
}  // namespace

nlohmann::json LineResponder::reply_to_text(const Tenant& tenant, const std::string& lang,
                                            const std::string& text,
                                            std::vector<std::string>& risk_flags) {
    const bool en = lang == "en";
    const routing::RiskResult risk = risk_.detect(lang, text);
    const routing::Decision d =
        routing::decide(&tenant, routing::Channel::chat, lang, text, risk,
                        risk.any() ? routing::KbResult{} : search_for_routing(libraries_.for_tenant(tenant), lang, text));
    switch (d.kind) {
        case routing::Decision::Kind::urgent: {
            risk_flags = risk.categories();
            nlohmann::json reply = urgent_reply(risk, en);
            reply["prompt"] = en ? "Leave your number and a specialist will call you back as "
                                   "soon as possible."
                                 : "Laat je nummer achter, dan belt een specialist je zo snel "
                                   "mogelijk terug.";
            return reply;
        }
        case routing::Decision::Kind::answer: {
            const auto& a = d.articles.front();
            if (auto kb = libraries_.for_tenant(tenant).current())
                if (const kb::Article* article = kb->find(lang, a.id)) return article_reply(*article, lang);
            break;
        }
        case routing::Decision::Kind::choose: {
            nlohmann::json articles = nlohmann::json::array();
            for (const auto& a : d.articles) articles.push_back({{"id", a.id}, {"title", a.title}});
            return {{"type", "choices"},
                    {"text", en ? "Which of these fits your question best?"
                                : "Welke van deze past het best bij je vraag?"},
                    {"articles", articles}};
        }
        default: break;
    }
    return {{"type", "handoff"},
            {"text", en ? "We don't have a ready answer for this. A specialist can call you back "
                          "within 24 hours; leave your number and we will call."
                        : "Hier hebben we geen kant-en-klaar antwoord op. Een specialist kan je "
                          "binnen 24 uur terugbellen; laat je nummer achter, dan bellen we je."}};
}

std::optional<nlohmann::json> LineResponder::reply_with_article(const Tenant& tenant,
                                                                const std::string& lang,
                                                                const std::string& article_id) {
    auto kb = libraries_.for_tenant(tenant).current();
    const kb::Article* a = kb ? kb->find(lang, article_id) : nullptr;
    if (!a) return std::nullopt;
    return article_reply(*a, lang);
}

std::optional<nlohmann::json> LineResponder::guidance_without_session(const std::string& text) {
    // The session (and so its language) is what cannot be read: every language a tenant
    // offers, in the order tenants list them.
    std::vector<std::string> languages;
    for (const Tenant& t : tenants_.tenants())
        for (const auto& l : t.languages)
            if (std::find(languages.begin(), languages.end(), l) == languages.end())
                languages.push_back(l);
    const std::string capped = routing::utf8_prefix(text, routing::max_question_bytes);
    for (const auto& lang : languages) {
        const routing::RiskResult risk = risk_.detect(lang, capped);
        if (risk.any()) return urgent_reply(risk, lang == "en");
    }
    return std::nullopt;
}

std::vector<std::string> LineResponder::quick_replies(const Tenant&, const std::string& lang) {
    if (lang == "en")
        return {"My baby won't sleep", "Tantrums", "Screen time", "Bullying", "Vaccinations"};
    return {"Mijn baby slaapt slecht", "Driftbuien", "Schermtijd", "Pesten", "Vaccinaties"};
}

Libraries::Libraries(const Config& config) : shared_(config.knowledge_base) {
    for (const Tenant& t : config.tenants)
        if (!t.knowledge_base.empty())
            tenants_.emplace(t.id, std::make_unique<kb::Library>(config.knowledge_base, t.knowledge_base));
}

const kb::Library& Libraries::for_tenant(const Tenant& tenant) const {
    auto it = tenants_.find(tenant.id);
    return it == tenants_.end() ? shared_ : *it->second;
}

std::vector<kb::Problem> Libraries::reload() {
    std::vector<kb::Problem> problems = shared_.reload();
    for (auto& [id, library] : tenants_) {
        auto more = library->reload();
        problems.insert(problems.end(), more.begin(), more.end());
    }
    return problems;
}

bool Libraries::loaded() const {
    if (!shared_.current()) return false;
    for (const auto& [id, library] : tenants_)
        if (!library->current()) return false;
    return true;
}

Line::Line(App& app, Clock& clock, Clock& session_clock)
    : app_(app),
      clock_(clock),
      libraries_(app.config()),
      tenants_(app.config().tenants),
      risk_(routing::RiskDetector::load(app.config().risk_signals)) {
    const Config& config = app_.config();
    // The first load happens before the server runs, so blocking here is fine.
    for (const auto& p : libraries_.reload())
        spdlog::error("knowledge base: {}", kb::to_string(p));
    if (auto kb = libraries_.shared().current())
        spdlog::info("knowledge base: {} articles from {}", kb->articles().size(),
                     config.knowledge_base.string());
    app_.add_readiness("knowledge_base", [this] { return libraries_.loaded(); });
    app_.on_reload([this] { reload_in_background(); });
    app_.on_shutdown([this] { worker_.stop(); });
    for (const Tenant& t : config.tenants)
        services_.emplace(t.id, std::make_unique<callbacks::Service>(app_.redis(), clock_, t,
                                                                     callback_settings(config)));
    std::vector<callbacks::Service*> all;
    for (auto& [id, s] : services_) all.push_back(s.get());
    scanner_ = std::make_unique<callbacks::Scanner>(app_.io_context().get_executor(), all,
                                                    &webhook_sender_,
                                                    config.callbacks.scan_interval);
    asio::co_spawn(app_.io_context(), scanner_->run(), asio::detached);
    app_.on_shutdown([this] { scanner_->stop(); });
    app_.metrics().add_gauge(
        "advieslijn_sla_scanner_seconds_since_clean_pass",
        "Seconds since the SLA scanner last ticked every tenant without an error; while it "
        "grows, no task is marked at risk, breached or escalated.",
        [this] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                 scanner_->last_clean_pass())
                .count();
        });
    app_.on_scrape([this] { return task_metrics(); });
    add_routes();
    console_ = std::make_unique<ConsoleApi>(app_, services_, clock_, session_clock);
}

Line::~Line() = default;

namespace {
// A counter hash (HGETALL) as field -> count; a value that is not a count (never written by
// us) counts as 0.
std::map<std::string, long long> counters(const RedisReply& hash) {
    std::map<std::string, long long> out;
    for (const auto& [field, v] : hash_fields(hash)) {
        long long n = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        out.emplace(field, ec == std::errc{} && end == v.data() + v.size() && n > 0 ? n : 0);
    }
    return out;
}

long long count_of(const nlohmann::json& j, const char* field) { return j[field].get<long long>(); }
}  // namespace

asio::awaitable<std::optional<nlohmann::json>> Line::article_feedback(const Tenant& tenant) {
    const auto kb = libraries_.for_tenant(tenant).current();
    nlohmann::json articles = nlohmann::json::array();
    for (const auto& lang : tenant.languages) {
        // "<article>:helped" / "<article>:not_helped" -> count, from chat, SMS and voice.
        std::vector<std::string> cmd{"HGETALL", "kb:{" + tenant.id + "}:feedback:" + lang};
        RedisResult r = co_await app_.redis().command(std::move(cmd));
        if (!r.ok()) co_return std::nullopt;
        std::map<std::string, std::pair<long long, long long>> by_article;  // helped, not
        for (const auto& [field, n] : counters(r.reply)) {
            const auto colon = field.rfind(':');
            if (colon == std::string::npos) continue;
            auto& c = by_article[field.substr(0, colon)];
            if (field.ends_with(":helped")) c.first += n;
            else if (field.ends_with(":not_helped")) c.second += n;
        }
        for (const auto& [id, c] : by_article) {
            const kb::Article* a = kb ? kb->find(lang, id) : nullptr;
            articles.push_back({{"id", id},
                                {"lang", lang},
                                // null: no longer in the knowledge base
                                {"title", a ? nlohmann::json(a->title) : nlohmann::json(nullptr)},
                                {"helped", c.first},
                                {"not_helped", c.second}});
        }
    }
    // What most needs a look first: the articles that most often did not help.
    std::stable_sort(articles.begin(), articles.end(), [](const auto& x, const auto& y) {
        if (count_of(x, "not_helped") != count_of(y, "not_helped"))
            return count_of(x, "not_helped") > count_of(y, "not_helped");
        return count_of(x, "helped") > count_of(y, "helped");
    });
    co_return articles;
}

asio::awaitable<std::optional<nlohmann::json>> Line::call_outcomes(const Tenant& tenant) {
    // "<outcome>" or "<outcome>:with_task" -> count, from the voice status webhooks.
    std::vector<std::string> cmd{"HGETALL", "stats:{" + tenant.id + "}:calls"};
    RedisResult r = co_await app_.redis().command(std::move(cmd));
    if (!r.ok()) co_return std::nullopt;
    nlohmann::json calls = nlohmann::json::array();
    constexpr std::string_view with_task = ":with_task";
    for (const auto& [field, n] : counters(r.reply)) {
        const bool task = field.ends_with(with_task);
        calls.push_back({{"outcome", task ? field.substr(0, field.size() - with_task.size()) : field},
                         {"with_task", task},
                         {"count", n}});
    }
    std::stable_sort(calls.begin(), calls.end(), [](const auto& x, const auto& y) {
        return count_of(x, "count") > count_of(y, "count");
    });
    co_return calls;
}

asio::awaitable<Response> Line::feedback(RequestContext& ctx) {
    Response error;
    const auto tenant_id = co_await console_->supervisor_tenant(ctx, error);
    if (!tenant_id) co_return error;
    const Tenant* tenant = tenants_.by_id(*tenant_id);
    if (!tenant) co_return json_error(http::status::not_found, "not_found", "No such tenant.");
    auto articles = co_await article_feedback(*tenant);
    auto calls = co_await call_outcomes(*tenant);
    if (!articles || !calls)
        co_return json_error(http::status::service_unavailable, "unavailable",
                             "The figures cannot be read right now.");
    nlohmann::json out = {{"tenant", tenant->id}, {"articles", std::move(*articles)},
                          {"calls", std::move(*calls)}};
    co_return json_response(http::status::ok, out.dump());
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
    out += "# HELP advieslijn_callbacks_figures_up 1 when the tenant's figures above could be "
           "read at this scrape.\n# TYPE advieslijn_callbacks_figures_up gauge\n";
    for (const auto& t : tenants)
        out += fmt::format("advieslijn_callbacks_figures_up{{tenant=\"{}\"}} {}\n", t.tenant,
                           t.summary ? 1 : 0);
    co_return out;
}

void Line::add_routes() {
    Router& r = app_.router();
    // Preflight for the widget's cross-origin calls: the tenant is in the body, so any
    // tenant's origin may ask; the real request is checked against its own tenant.
    auto preflight = [this](RequestContext& ctx) -> asio::awaitable<Response> {
        co_return cors_preflight(ctx.request, app_.config().tenants);
    };
    r.add(http::verb::options, "/v1/callbacks", preflight);
    r.add(http::verb::get, "/v1/kb/search",
          [this](RequestContext& ctx) { return search_kb(ctx); });
    r.add(http::verb::post, "/v1/admin/kb/reload",
          [this](RequestContext& ctx) { return reload_kb(ctx); });
    r.add(http::verb::get, "/v1/sla/feedback",
          [this](RequestContext& ctx) { return feedback(ctx); });
    const ChatSettings& cs = app_.config().chat;
    ChatLimits chat_limits;
    chat_limits.max_text_bytes = cs.max_text_bytes;
    chat_limits.messages_per_minute_per_session = cs.messages_per_minute_per_session;
    chat_limits.requests_per_minute_per_address = cs.requests_per_minute_per_address;
    chat_limits.session_ttl = cs.session_ttl;
    chat_limits.trusted_proxies = app_.config().limits.trusted_proxies;
    chat_ = std::make_unique<ChatService>(app_.redis(), app_.config().tenants, responder_,
                                          std::move(chat_limits));
    chat_->add_routes(r, app_.server());
    // Speech recognition hints per language: the knowledge base's keywords.
    std::map<std::string, std::string> hints;
    if (auto kb = libraries_.shared().current()) {
        std::map<std::string, std::set<std::string>> words;
        for (const auto& a : kb->articles())
            for (const auto& k : a.keywords)
                if (words[a.lang].size() < 100) words[a.lang].insert(k);
        for (const auto& [lang, set] : words)
            for (const auto& w : set) hints[lang] += (hints[lang].empty() ? "" : ",") + w;
    }
    twilio_ = std::make_unique<TwilioChannel>(
        app_, tenants_, risk_,
        [this](const Tenant& tenant, std::string_view lang, std::string_view text) {
            return search_for_routing(libraries_.for_tenant(tenant), lang, text);
        },
        std::move(hints), services_);
    twilio_->add_routes(r);
    r.add(http::verb::post, "/v1/callbacks",
          [this](RequestContext& ctx) { return create_callback(ctx); });
}

void Line::reload_in_background() {
    asio::post(worker_, [this] {
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

asio::awaitable<Response> Line::search_kb(RequestContext& ctx) {
    const std::string q = query_param(ctx.query, "q");
    std::string lang = query_param(ctx.query, "lang");
    if (lang.empty()) lang = "nl";
    if (q.empty())
        co_return json_error(http::status::bad_request, "invalid_input", "q is required.");
    if (q.size() > 4096)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "q is longer than 4096 bytes.");
    // A site key picks that tenant's articles; without one, the shared set.
    const std::string site_key = query_param(ctx.query, "site_key");
    const Tenant* tenant = site_key.empty() ? nullptr : tenant_by_site_key(site_key);
    if (!site_key.empty() && !tenant)
        co_return json_error(http::status::bad_request, "invalid_input", "site_key: unknown site key.");
    auto kb = tenant ? libraries_.for_tenant(*tenant).current() : libraries_.shared().current();
    if (!kb)
        co_return json_error(http::status::service_unavailable, "unavailable",
                             "The knowledge base is not loaded.");
    const auto langs = kb->languages();
    if (std::find(langs.begin(), langs.end(), lang) == langs.end())
        co_return json_error(http::status::bad_request, "invalid_input",
                             "lang must be one of the knowledge base's languages.");
    co_return json_response(http::status::ok, kb::to_json(kb->search(lang, q)));
}

// Admin only: ADVIESLIJN_ADMIN_TOKEN as a Bearer token (until accounts exist). The rebuild
// runs on the worker; the answer says it was started, and the log says how it went.
asio::awaitable<Response> Line::reload_kb(RequestContext& ctx) {
    const auto token = process_env("ADVIESLIJN_ADMIN_TOKEN");
    const auto auth = ctx.request[http::field::authorization];
    if (!token || token->empty() || auth != "Bearer " + *token)
        co_return json_error(http::status::forbidden, "forbidden",
                             "An admin token is required.");
    // The rebuild runs on the worker; this coroutine resumes on its own strand afterwards.
    const auto problems = co_await asio::co_spawn(
        worker_,
        [this]() -> asio::awaitable<std::vector<kb::Problem>> { co_return libraries_.reload(); },
        asio::use_awaitable);
    if (!problems.empty()) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& p : problems) list.push_back(kb::to_string(p));
        nlohmann::json body = {{"error", {{"code", "invalid_articles"},
                                          {"message", "The article set was refused; the previous set keeps serving."},
                                          {"problems", list}}}};
        co_return json_response(http::status::unprocessable_entity, body.dump());
    }
    nlohmann::json body = {{"status", "reloaded"},
                           {"articles", libraries_.shared().current()->articles().size()}};
    co_return json_response(http::status::ok, body.dump());
}

asio::awaitable<Response> Line::create_callback(RequestContext& ctx) {
    Response error;
    auto body = parse_json_body(ctx.request, error);
    if (!body) co_return error;
    const auto site_key = body->value("site_key", std::string());
    const Tenant* tenant = tenant_by_site_key(site_key);
    if (!tenant)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "site_key: unknown site key.");
    if (!origin_allowed(ctx.request, tenant->allowed_origins))
        co_return json_error(http::status::forbidden, "origin_not_allowed",
                             "This site may not use this tenant's advice line.");
    // The gateway's own fields; the rest is the task as the callbacks library reads it.
    body->erase("site_key");
    std::string session_id = body->value("session_id", std::string());
    body->erase("session_id");
    const std::string key(ctx.request["Idempotency-Key"]);
    auto parsed = callbacks::parse_create_request(*body, key);
    if (!parsed) {
        Response res = error_response(parsed.error());
        add_cors_headers(ctx.request, res);
        co_return res;
    }
    callbacks::NewTask task = std::move(parsed.value());
    if (!session_id.empty()) {
        // The chat this request came from: what was tried, and whether it showed risk.
        auto info = co_await chat_->session_info(session_id);
        if (info && info->tenant == tenant->id) {
            task.channel = callbacks::Channel::chat;
            task.articles = info->articles;
            task.risk_flags = info->risk_flags;
            if (!task.risk_flags.empty()) task.priority = callbacks::Priority::urgent;
        }
    }
    auto created = co_await callbacks_for(*tenant).create(std::move(task));
    if (!created) {
        if (created.error().code == callbacks::Errc::unavailable)
            spdlog::error("callback request for tenant {} refused: {}", tenant->id,
                          created.error().message);
        Response res = error_response(created.error());
        add_cors_headers(ctx.request, res);
        co_return res;
    }
    const callbacks::Task& t = created->task;
    nlohmann::json out = {{"id", t.id},
                          {"reference", t.reference},
                          {"state", callbacks::to_string(t.state)},
                          {"due_at", callbacks::format_rfc3339(t.due_at)}};
    const bool is_new = created->status == callbacks::CreateStatus::created;
    spdlog::info("callback {} for tenant {} from {} ({})", t.reference, tenant->id,
                 mask_phone(t.phone), is_new ? "new" : "existing");
    Response res = json_response(is_new ? http::status::created : http::status::ok, out.dump());
    add_cors_headers(ctx.request, res);
    co_return res;
}

}  // namespace advieslijn::gateway
