#include "gateway/kb_api.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

#include "common/config.hpp"
#include "gateway/console/common.hpp"

namespace advieslijn::gateway {

void KbApi::add_routes(Router& r) {
    r.add(http::verb::get, "/v1/kb/search", [this](RequestContext& ctx) { return search(ctx); });
    r.add(http::verb::post, "/v1/admin/kb/reload", [this](RequestContext& ctx) { return reload(ctx); });
    r.add(http::verb::get, "/v1/sla/feedback", [this](RequestContext& ctx) { return feedback(ctx); });
    r.add(http::verb::get, "/v1/kb/gaps", [this](RequestContext& ctx) { return gaps(ctx); });
}

asio::awaitable<Response> KbApi::search(RequestContext& ctx) {
    const std::string q = query_param(ctx.query, "q");
    std::string lang = query_param(ctx.query, "lang");
    if (lang.empty()) lang = "nl";
    if (q.empty()) co_return json_error(http::status::bad_request, "invalid_input", "q is required.");
    if (q.size() > 4096)
        co_return json_error(http::status::bad_request, "invalid_input", "q is longer than 4096 bytes.");
    // A site key picks that tenant's articles; without one, the shared set.
    const std::string site_key = query_param(ctx.query, "site_key");
    const Tenant* tenant = site_key.empty() ? nullptr : tenants_.by_site_key(site_key);
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

// Admin only: ADVIESLIJN_ADMIN_TOKEN as a Bearer token. The rebuild runs on the worker; this
// coroutine resumes on its own strand afterwards.
asio::awaitable<Response> KbApi::reload(RequestContext& ctx) {
    const auto token = process_env("ADVIESLIJN_ADMIN_TOKEN");
    const auto auth = ctx.request[http::field::authorization];
    if (!token || token->empty() || auth != "Bearer " + *token)
        co_return json_error(http::status::forbidden, "forbidden", "An admin token is required.");
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
        co_return json_response(http::status::unprocessable_entity, json_text(body));
    }
    nlohmann::json body = {{"status", "reloaded"},
                           {"articles", libraries_.shared().current()->articles().size()}};
    co_return json_response(http::status::ok, json_text(body));
}

asio::awaitable<Response> KbApi::feedback(RequestContext& ctx) {
    Response error;
    const auto tenant_id = co_await supervisor_(ctx, error);
    if (!tenant_id) co_return error;
    const Tenant* tenant = tenants_.by_id(*tenant_id);
    if (!tenant) co_return json_error(http::status::not_found, "not_found", "No such tenant.");
    auto articles = co_await stats_.article_feedback(*tenant);
    auto calls = co_await stats_.call_outcomes(*tenant);
    if (!articles || !calls)
        co_return json_error(http::status::service_unavailable, "unavailable",
                             "The figures cannot be read right now.");
    const auto kb = libraries_.for_tenant(*tenant).current();
    nlohmann::json a = nlohmann::json::array(), c = nlohmann::json::array();
    for (const auto& f : *articles) {
        const kb::Article* article = kb ? kb->find(f.lang, f.id) : nullptr;
        a.push_back({{"id", f.id},
                     {"lang", f.lang},
                     // null: no longer in the knowledge base
                     {"title", article ? nlohmann::json(article->title) : nlohmann::json(nullptr)},
                     {"helped", f.helped},
                     {"not_helped", f.not_helped}});
    }
    for (const auto& o : *calls)
        c.push_back({{"outcome", o.outcome}, {"with_task", o.with_task}, {"count", o.count}});
    nlohmann::json out = {{"tenant", tenant->id}, {"articles", std::move(a)}, {"calls", std::move(c)}};
    co_return json_response(http::status::ok, json_text(out));
}

// The knowledge-gap report: `weeks` (1..52, default 8: this ISO week and the ones before) or
// `since` (days, 1..366), not both; `limit` groups (1..100, default 20).
asio::awaitable<Response> KbApi::gaps(RequestContext& ctx) {
    Response error;
    const auto tenant_id = co_await supervisor_(ctx, error);
    if (!tenant_id) co_return error;
    auto bad = [](std::string message) {
        return json_error(http::status::bad_request, "invalid_input", std::move(message));
    };
    const bool by_days = !query_param(ctx.query, "since").empty();
    if (by_days && !query_param(ctx.query, "weeks").empty())
        co_return bad("Give weeks or since, not both.");
    const auto weeks = console::size_param(ctx.query, "weeks", 8, contact::max_gap_weeks);
    if (!weeks || *weeks == 0)
        co_return bad("weeks must be a whole number from 1 to " + std::to_string(contact::max_gap_weeks) + ".");
    const auto days = console::size_param(ctx.query, "since", 1, contact::max_gap_days);
    if (!days || *days == 0)
        co_return bad("since must be a number of days from 1 to " + std::to_string(contact::max_gap_days) + ".");
    const auto limit = console::size_param(ctx.query, "limit", 20, 100);
    if (!limit || *limit == 0) co_return bad("limit must be a whole number from 1 to 100.");
    const TimePoint now = gaps_.clock().now();
    contact::GapPeriod period = by_days ? contact::gap_period_days(now, static_cast<int>(*days))
                                        : contact::gap_period_weeks(now, static_cast<int>(*weeks));
    auto report = co_await gaps_.report(*tenant_id, std::move(period), *limit);
    if (!report)
        co_return json_error(http::status::service_unavailable, "unavailable",
                             "The knowledge gaps cannot be read right now.");
    nlohmann::json out = contact::to_json(*report);
    out["retention_days"] = gaps_.settings().retention_days_for(*tenant_id);
    co_return json_response(http::status::ok, json_text(out));
}

}  // namespace advieslijn::gateway
