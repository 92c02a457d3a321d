// The municipality's reports: /v1/reports/daily, /v1/reports/monthly (docs/reports.md).
#include "callbacks/sla.hpp"
#include "contact/report.hpp"
#include "gateway/console/handlers.hpp"

namespace advieslijn::gateway::console {
namespace {

// A daily report covers at most a year, a monthly one two years: both well inside the
// three years the counters are kept (contact::statistics_keep_days).
constexpr int max_daily_days = 366;
constexpr int max_months = 24;

struct Format {
    bool csv = false;
    char separator = ',';
    bool exact = false;
};

// `Accept: text/csv` (or `?format=csv`), `?separator=;` and `?exact=true`; nullopt with
// `error` set.
std::optional<Format> read_format(const RequestContext& ctx, Response& error) {
    Format f;
    const std::string format = query_param(ctx.query, "format");
    f.csv = format == "csv" ||
            (format.empty() && std::string_view(ctx.request[http::field::accept]).find("text/csv") !=
                                   std::string_view::npos);
    if (!format.empty() && format != "csv" && format != "json") {
        error = json_error(http::status::bad_request, "invalid_input", "format must be json or csv.");
        return std::nullopt;
    }
    const std::string sep = query_param(ctx.query, "separator");
    if (sep == ";" || sep == "semicolon") f.separator = ';';
    else if (!sep.empty() && sep != "," && sep != "comma") {
        error = json_error(http::status::bad_request, "invalid_input", "separator must be , or ;.");
        return std::nullopt;
    }
    const std::string exact = query_param(ctx.query, "exact");
    if (exact == "true" || exact == "1") f.exact = true;
    else if (!exact.empty() && exact != "false" && exact != "0") {
        error = json_error(http::status::bad_request, "invalid_input", "exact must be true or false.");
        return std::nullopt;
    }
    // What leaves the line never carries small counts: a CSV is a download.
    if (f.csv && f.exact) {
        error = json_error(http::status::bad_request, "invalid_input",
                           "A CSV export always shows counts below 5 as \"<5\"; exact is for the JSON view.");
        return std::nullopt;
    }
    return f;
}

// The tenant a report is about: one of the caller's own tenants, for supervisors and
// administrators alike (one tenant never sees another's figures; an administrator who reports
// to several municipalities is given those tenants); nullptr with `error` set.
asio::awaitable<callbacks::Service*> report_tenant(Context& c, RequestContext& ctx, Response& error) {
    auto caller = co_await authorize(c, ctx, Role::supervisor, error);
    if (!caller) co_return nullptr;
    co_return tenant_service(c, *caller, query_param(ctx.query, "tenant"), " (?tenant=ID)", error);
}

// The two stores' counters of each date, in order; nullopt with `error` set.
asio::awaitable<std::optional<std::vector<contact::PeriodCounters>>> day_counters(
    Context& c, callbacks::Service& service, const std::vector<std::string>& dates, Response& error) {
    auto contacts = co_await c.statistics->day_counters(service.tenant_id(), dates);
    if (!contacts) {
        error = json_error(http::status::service_unavailable, "unavailable",
                           "The statistics store is not answering; try again.");
        co_return std::nullopt;
    }
    auto callbacks = co_await service.day_figures(dates);
    if (!callbacks) {
        error = to_response(callbacks.error());
        co_return std::nullopt;
    }
    std::vector<contact::PeriodCounters> out;
    for (std::size_t i = 0; i < dates.size(); ++i)
        out.push_back({dates[i], std::move((*contacts)[i]), std::move((*callbacks)[i])});
    co_return out;
}

Response render(const std::string& tenant, const std::string& kind, const std::string& from,
                const std::string& to, const std::vector<contact::PeriodCounters>& periods,
                const Format& f) {
    std::vector<std::pair<std::string, std::vector<contact::Cell>>> rows;
    for (const auto& p : periods) rows.emplace_back(p.period, contact::report_cells(p));
    rows.emplace_back("total", contact::report_cells(contact::summed(periods, "total")));
    if (!f.exact)
        for (auto& [name, cells] : rows) contact::suppress(cells);
    if (f.csv) {
        Response res{http::status::ok, 11};
        res.set(http::field::content_type, "text/csv; charset=utf-8");
        res.set(http::field::cache_control, "no-store");
        res.set(http::field::content_disposition,
                "attachment; filename=\"advieslijn-" + tenant + "-" + kind + "-" + from + "-" + to + ".csv\"");
        res.body() = contact::report_csv(rows, f.separator);
        res.prepare_payload();
        return res;
    }
    nlohmann::json out = {{"tenant", tenant},
                          {"period", kind},
                          {"from", from},
                          {"to", to},
                          {"small_counts", f.exact ? "exact" : "suppressed"},
                          {"periods", nlohmann::json::array()}};
    for (std::size_t i = 0; i + 1 < rows.size(); ++i)
        out["periods"].push_back(contact::period_json(rows[i].first, rows[i].second));
    out["total"] = contact::period_json("total", rows.back().second);
    return json_response(http::status::ok, json_text(out));
}

}  // namespace

asio::awaitable<Response> report_daily(Context& c, RequestContext& ctx) {
    Response error;
    callbacks::Service* service = co_await report_tenant(c, ctx, error);
    if (!service) co_return error;
    auto format = read_format(ctx, error);
    if (!format) co_return error;
    // Default: the last 7 Dutch days, today included.
    const auto week = callbacks::dates_netherlands(c.clock.now(), 7);
    std::string from = query_param(ctx.query, "from"), to = query_param(ctx.query, "to");
    if (from.empty()) from = week.front();
    if (to.empty()) to = week.back();
    const auto dates = contact::dates_between(from, to, max_daily_days);
    if (!dates)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "from and to must be dates (YYYY-MM-DD), from not after to, at most " +
                                 std::to_string(max_daily_days) + " days.");
    auto days = co_await day_counters(c, *service, *dates, error);
    if (!days) co_return error;
    co_return render(service->tenant_id(), "daily", from, to, *days, *format);
}

asio::awaitable<Response> report_monthly(Context& c, RequestContext& ctx) {
    Response error;
    callbacks::Service* service = co_await report_tenant(c, ctx, error);
    if (!service) co_return error;
    auto format = read_format(ctx, error);
    if (!format) co_return error;
    // Default: this month.
    const std::string this_month = callbacks::date_netherlands(c.clock.now()).substr(0, 7);
    std::string from = query_param(ctx.query, "from"), to = query_param(ctx.query, "to");
    if (from.empty()) from = this_month;
    if (to.empty()) to = this_month;
    const auto first = contact::month_bounds(from);
    const auto last = contact::month_bounds(to);
    const auto dates = first && last ? contact::dates_between(first->first, last->second, 31 * max_months)
                                     : std::nullopt;
    // 31 days per month lets a 25th month through: count the months themselves.
    const auto months_in = [](const std::vector<std::string>& d) {
        return (std::stoi(d.back().substr(0, 4)) - std::stoi(d.front().substr(0, 4))) * 12 +
               std::stoi(d.back().substr(5, 2)) - std::stoi(d.front().substr(5, 2)) + 1;
    };
    if (!dates || months_in(*dates) > max_months)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "from and to must be months (YYYY-MM), from not after to, at most " +
                                 std::to_string(max_months) + " months.");
    auto days = co_await day_counters(c, *service, *dates, error);
    if (!days) co_return error;
    co_return render(service->tenant_id(), "monthly", from, to, contact::by_month(*days), *format);
}

}  // namespace advieslijn::gateway::console
