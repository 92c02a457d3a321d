#pragma once
// The console endpoints, one file per resource; console_api.cpp lists their routes once.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "gateway/console/common.hpp"

namespace advieslijn::gateway::console {

// session.cpp: /v1/auth/...
asio::awaitable<Response> login(Context& c, RequestContext& ctx);
asio::awaitable<Response> logout(Context& c, RequestContext& ctx);
asio::awaitable<Response> me(Context& c, RequestContext& ctx);

// tasks.cpp: /v1/callbacks/...
asio::awaitable<Response> list_tasks(Context& c, RequestContext& ctx);
asio::awaitable<Response> claim_next(Context& c, RequestContext& ctx);
asio::awaitable<Response> get_task(Context& c, RequestContext& ctx);
asio::awaitable<Response> show_phone(Context& c, RequestContext& ctx);
asio::awaitable<Response> claim(Context& c, RequestContext& ctx);
asio::awaitable<Response> renew(Context& c, RequestContext& ctx);
asio::awaitable<Response> release(Context& c, RequestContext& ctx);
asio::awaitable<Response> record_attempt(Context& c, RequestContext& ctx);
asio::awaitable<Response> complete(Context& c, RequestContext& ctx);
asio::awaitable<Response> cancel(Context& c, RequestContext& ctx);
asio::awaitable<Response> add_note(Context& c, RequestContext& ctx);
asio::awaitable<Response> reassign(Context& c, RequestContext& ctx);

// sla.cpp: /v1/sla, /v1/sla/daily, /v1/sla/workload
asio::awaitable<Response> sla(Context& c, RequestContext& ctx);
asio::awaitable<Response> sla_daily(Context& c, RequestContext& ctx);
asio::awaitable<Response> workload(Context& c, RequestContext& ctx);

// risk.cpp: /v1/sla/risk, /v1/sla/risk/missed
asio::awaitable<Response> risk_weeks(Context& c, RequestContext& ctx);
asio::awaitable<Response> risk_missed(Context& c, RequestContext& ctx);

// escalations.cpp: /v1/sla/escalations/...
asio::awaitable<Response> escalations(Context& c, RequestContext& ctx);
asio::awaitable<Response> acknowledge(Context& c, RequestContext& ctx);

// audit.cpp: /v1/audit, /v1/users
asio::awaitable<Response> audit(Context& c, RequestContext& ctx);
asio::awaitable<Response> users(Context& c, RequestContext& ctx);

// privacy.cpp: /v1/admin/privacy/erase, /v1/admin/privacy/export (admins)
asio::awaitable<Response> privacy_erase(Context& c, RequestContext& ctx);
asio::awaitable<Response> privacy_export(Context& c, RequestContext& ctx);

// reports.cpp: /v1/reports/daily, /v1/reports/monthly (supervisors)
asio::awaitable<Response> report_daily(Context& c, RequestContext& ctx);
asio::awaitable<Response> report_monthly(Context& c, RequestContext& ctx);

// events.cpp: GET /v1/events, Server-Sent Events on a connection the HTTP loop hands over.
asio::awaitable<void> event_stream(Context& c, boost::asio::ip::tcp::socket socket, Request request);

}  // namespace advieslijn::gateway::console
