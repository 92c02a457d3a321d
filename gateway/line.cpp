#include "gateway/line.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/bind_executor.hpp>

#include "common/log.hpp"

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

bool origin_allowed(const Request& req, const std::vector<std::string>& allowed) {
    const auto origin = req[http::field::origin];
    if (origin.empty()) return true;  // not a browser's cross-origin call
    return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
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

nlohmann::json LineResponder::reply_to_text(const Tenant&, const std::string& lang,
                                            const std::string& text, std::vector<std::string>&) {
    auto kb = library_.current();
    const bool en = lang == "en";
    if (!kb) {
        return {{"type", "handoff"},
                {"text", en ? "We cannot look this up right now. A specialist can call you back "
                              "within 24 hours."
                            : "We kunnen dit nu niet opzoeken. Een specialist kan je binnen 24 uur "
                              "terugbellen."}};
    }
    kb::SearchResult result = kb->search(lang, text, 3);
    if (result.decision == kb::Decision::answer)
        return article_reply(*result.results.front().article, lang);
    if (result.decision == kb::Decision::ambiguous) {
        nlohmann::json articles = nlohmann::json::array();
        for (const auto& hit : result.results)
            articles.push_back({{"id", hit.id}, {"title", hit.title}});
        return {{"type", "choices"},
                {"text", en ? "Which of these fits your question best?"
                            : "Welke van deze past het best bij je vraag?"},
                {"articles", articles}};
    }
    return {{"type", "handoff"},
            {"text", en ? "We don't have a ready answer for this. A specialist can call you back "
                          "within 24 hours; leave your number and we will call."
                        : "Hier hebben we geen kant-en-klaar antwoord op. Een specialist kan je "
                          "binnen 24 uur terugbellen; laat je nummer achter, dan bellen we je."}};
}

std::optional<nlohmann::json> LineResponder::reply_with_article(const Tenant&,
                                                                const std::string& lang,
                                                                const std::string& article_id) {
    auto kb = library_.current();
    const kb::Article* a = kb ? kb->find(lang, article_id) : nullptr;
    if (!a) return std::nullopt;
    return article_reply(*a, lang);
}

std::vector<std::string> LineResponder::quick_replies(const Tenant&, const std::string& lang) {
    if (lang == "en")
        return {"My baby won't sleep", "Tantrums", "Screen time", "Bullying", "Vaccinations"};
    return {"Mijn baby slaapt slecht", "Driftbuien", "Schermtijd", "Pesten", "Vaccinaties"};
}

Line::Line(App& app, Clock& clock)
    : app_(app), clock_(clock), library_(app.config().knowledge_base) {
    const Config& config = app_.config();
    // The first load happens before the server runs, so blocking here is fine.
    for (const auto& p : library_.reload())
        spdlog::error("knowledge base: {}", kb::to_string(p));
    if (auto kb = library_.current())
        spdlog::info("knowledge base: {} articles from {}", kb->articles().size(),
                     config.knowledge_base.string());
    app_.add_readiness("knowledge_base", [this] { return library_.current() != nullptr; });
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
    add_routes();
}

Line::~Line() = default;

const Tenant* Line::tenant_by_site_key(std::string_view key) const {
    for (const Tenant& t : app_.config().tenants)
        for (const auto& k : t.site_keys)
            if (k == key) return &t;
    return nullptr;
}

void Line::add_routes() {
    Router& r = app_.router();
    // Preflight for the widget's cross-origin calls: the tenant is in the body, so any
    // tenant's origin may ask; the real request is checked against its own tenant.
    auto preflight = [this](RequestContext& ctx) -> asio::awaitable<Response> {
        std::vector<std::string> origins;
        for (const Tenant& t : app_.config().tenants)
            origins.insert(origins.end(), t.allowed_origins.begin(), t.allowed_origins.end());
        if (!origin_allowed(ctx.request, origins))
            co_return json_error(http::status::forbidden, "origin_not_allowed",
                                 "This site may not use the advice line.");
        Response res{http::status::no_content, 11};
        add_cors_headers(ctx.request, res);
        res.set(http::field::access_control_allow_methods, "GET, POST, OPTIONS");
        res.set(http::field::access_control_allow_headers, "Content-Type, Idempotency-Key");
        res.set(http::field::access_control_max_age, "600");
        co_return res;
    };
    r.add(http::verb::options, "/v1/callbacks", preflight);
    r.add(http::verb::get, "/v1/kb/search",
          [this](RequestContext& ctx) { return search_kb(ctx); });
    r.add(http::verb::post, "/v1/admin/kb/reload",
          [this](RequestContext& ctx) { return reload_kb(ctx); });
    chat_ = std::make_unique<ChatService>(app_.redis(), app_.config().tenants, responder_);
    chat_->add_routes(r, app_.server());
    r.add(http::verb::post, "/v1/callbacks",
          [this](RequestContext& ctx) { return create_callback(ctx); });
}

void Line::reload_in_background() {
    asio::post(worker_, [this] {
        const auto problems = library_.reload();
        if (problems.empty()) {
            spdlog::info("knowledge base reloaded: {} articles", library_.current()->articles().size());
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
    auto kb = library_.current();
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
        [this]() -> asio::awaitable<std::vector<kb::Problem>> { co_return library_.reload(); },
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
                           {"articles", library_.current()->articles().size()}};
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
    if (!session_id.empty()) task.channel = callbacks::Channel::chat;
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
