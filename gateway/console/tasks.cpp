// The callback queue and task operations: /v1/callbacks/... (docs/consoles.md). Each
// handler parses the request, calls callbacks::Service and renders the task; the rules and
// the validation of what the service stores live in callbacks/.
#include "gateway/console/handlers.hpp"

namespace advieslijn::gateway::console {

namespace {

using callbacks::Errc;
using callbacks::Result;
using callbacks::Task;

using TaskOp = std::function<asio::awaitable<Result<Task>>(callbacks::Service&, const Caller&)>;
using BodyOp = std::function<asio::awaitable<Result<Task>>(callbacks::Service&, const Caller&,
                                                           const nlohmann::json&)>;

// authorize(), then `op` on the caller's tenants, then the task as the consoles see it.
asio::awaitable<Response> task_op(Context& c, RequestContext& ctx, Role need, TaskOp op) {
    Response error;
    auto caller = co_await authorize(c, ctx, need, error);
    if (!caller) co_return error;
    TenantOp<Task> on_tenant = [&](callbacks::Service& s) { return op(s, *caller); };
    std::string missing = "No such task.";
    auto task = co_await in_own_tenants(c, *caller, std::move(on_tenant), std::move(missing));
    if (!task) co_return to_response(task.error());
    co_return json_response(http::status::ok, console_task_text(*task));
}

// The same for a POST with an (optional) JSON body, which is parsed first.
asio::awaitable<Response> task_op_with_body(Context& c, RequestContext& ctx, Role need, BodyOp op) {
    Response error;
    auto body = optional_json_body(ctx.request, error);
    if (!body) co_return error;
    TaskOp with_body = [&](callbacks::Service& s, const Caller& caller) {
        return op(s, caller, *body);
    };
    co_return co_await task_op(c, ctx, need, std::move(with_body));
}

callbacks::Error bad(std::string field, std::string message) {
    return callbacks::make_error(Errc::invalid_input, std::move(message), std::move(field));
}

// {"checked_safe_time": true|false|null} of a claim or a reassignment; absent is false.
Result<bool> checked_safe_time(const nlohmann::json& body) {
    auto it = body.find("checked_safe_time");
    if (it == body.end() || it->is_null()) return false;
    if (!it->is_boolean()) return bad("checked_safe_time", "checked_safe_time must be true or false");
    return it->get<bool>();
}

}  // namespace

asio::awaitable<Response> list_tasks(Context& c, RequestContext& ctx) {
    Response error;
    auto call = co_await tenant_call(c, ctx, Role::specialist, error);
    if (!call) co_return error;
    const std::string state_text = query_param(ctx.query, "state");
    const auto state = callbacks::parse_state(state_text.empty() ? "queued" : state_text);
    if (!state)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "state must be queued, claimed, completed or cancelled.");
    const auto paging = page_params(ctx.query, call->service->settings().max_page, error);
    if (!paging) co_return error;
    callbacks::ListQuery q;
    q.state = *state;
    q.offset = paging->first;
    q.limit = paging->second;
    for (auto [name, field] : {std::pair{"lang", &q.lang}, {"topic", &q.topic}, {"holder", &q.holder}}) {
        std::string v = query_param(ctx.query, name);
        if (v.size() > 64)
            co_return json_error(http::status::bad_request, "invalid_input",
                                 std::string(name) + " is longer than 64 bytes.");
        if (v == "me" && std::string_view(name) == "holder") v = call->caller.username();
        if (!v.empty()) *field = v;
    }
    auto page = co_await call->service->list(q);
    if (!page) co_return to_response(page.error());
    // Written as text: a page is twenty tasks of thirty fields, and a tree per task cost more
    // than its text (docs/benchmarks.md, "The queue page as text").
    std::string text;
    JsonWriter w(text);
    w.begin_object().key("tasks").begin_array();
    for (const auto& t : page->tasks) callbacks::write_json(w, t, callbacks::Phones::masked);
    w.end_array();
    w.field("total", page->total).field("truncated", page->truncated);
    w.field("offset", q.offset).field("limit", q.limit);
    w.field("now", callbacks::format_rfc3339(c.clock.now())).end_object();
    co_return json_response(http::status::ok, std::move(text));
}

asio::awaitable<Response> claim_next(Context& c, RequestContext& ctx) {
    Response error;
    auto body = optional_json_body(ctx.request, error);
    if (!body) co_return error;
    auto caller = co_await authorize(c, ctx, Role::specialist, error);
    if (!caller) co_return error;
    // The tenant may come in the body as well as in the query.
    std::string tenant = optional_string(*body, "tenant");
    if (tenant.empty()) tenant = query_param(ctx.query, "tenant");
    callbacks::Service* service = tenant_service(c, *caller, std::move(tenant), "", error);
    if (!service) co_return error;
    callbacks::ClaimFilter filter;
    for (const char* name : {"languages", "topics"}) {
        if (!body->contains(name)) continue;
        const auto& list = (*body)[name];
        if (!list.is_array())
            co_return json_error(http::status::bad_request, "invalid_input",
                                 std::string(name) + " must be a list of strings.");
        for (const auto& v : list) {
            if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 50)
                co_return json_error(http::status::bad_request, "invalid_input",
                                     std::string(name) + " must be a list of short strings.");
            (std::string_view(name) == "languages" ? filter.languages : filter.topics)
                .push_back(v.get<std::string>());
        }
    }
    auto claimed = co_await service->claim_next(caller->username(), filter);
    if (!claimed) co_return to_response(claimed.error());
    std::string text;
    JsonWriter w(text);
    w.begin_object().key("task");
    if (*claimed)
        callbacks::write_json(w, **claimed, callbacks::Phones::masked);
    else
        w.null();
    w.end_object();
    co_return json_response(http::status::ok, std::move(text));
}

asio::awaitable<Response> get_task(Context& c, RequestContext& ctx) {
    // Named, not a temporary in the co_await expression: GCC 12 mishandles those.
    TaskOp op = [id = ctx.params["id"]](callbacks::Service& s, const Caller&) { return s.get(id); };
    co_return co_await task_op(c, ctx, Role::specialist, std::move(op));
}

asio::awaitable<Response> show_phone(Context& c, RequestContext& ctx) {
    Response error;
    auto caller = co_await authorize(c, ctx, Role::specialist, error);
    if (!caller) co_return error;
    const std::string id = ctx.params["id"];
    callbacks::Service* tenant = nullptr;  // the one that knows the task
    TenantOp<Task> op = [&tenant, &id](callbacks::Service& s) {
        tenant = &s;
        return s.get(id);
    };
    std::string missing = "No such task.";
    auto task = co_await in_own_tenants(c, *caller, std::move(op), std::move(missing));
    if (!task) co_return to_response(task.error());
    if (task->phone.empty())
        co_return json_error(http::status::gone, "anonymised",
                             "The number was removed after the retention period.");
    // Who saw a caller's number is on record before the number leaves the server.
    auto audited = co_await tenant->record_audit(caller->username(), "viewed_number", id, {});
    if (!audited) co_return to_response(audited.error());
    // The family's alternative number is revealed with the number, on the same audit entry.
    nlohmann::json shown{{"phone", task->phone},
                         {"alt_phone", task->terms.alt_phone.empty() ? nlohmann::json(nullptr)
                                                                     : nlohmann::json(task->terms.alt_phone)}};
    Response res = json_response(http::status::ok, json_text(shown));
    res.set(http::field::cache_control, "no-store");
    co_return res;
}

asio::awaitable<Response> claim(Context& c, RequestContext& ctx) {
    // {"checked_safe_time": true}: outside the family's safe times the specialist confirms
    // that calling now is safe (audited); without it such a claim is refused with 409.
    BodyOp op = [id = ctx.params["id"]](callbacks::Service& s, const Caller& caller,
                                        const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
        auto checked = checked_safe_time(body);
        if (!checked) co_return checked.error();
        co_return co_await s.claim(id, caller.username(), *checked);
    };
    co_return co_await task_op_with_body(c, ctx, Role::specialist, std::move(op));
}

asio::awaitable<Response> renew(Context& c, RequestContext& ctx) {
    TaskOp op = [id = ctx.params["id"]](callbacks::Service& s, const Caller& caller) {
        return s.renew(id, caller.username());
    };
    co_return co_await task_op(c, ctx, Role::specialist, std::move(op));
}

asio::awaitable<Response> release(Context& c, RequestContext& ctx) {
    BodyOp op = [id = ctx.params["id"]](callbacks::Service& s, const Caller& caller,
                                        const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
        const std::string note = optional_string(body, "note");
        auto released = co_await s.release(id, caller.username(), note);
        // A supervisor may hand back a task someone else holds.
        if (!released && released.error().code == Errc::stale_lease &&
            caller.session.user.at_least(Role::supervisor))
            released = co_await s.release_by_supervisor(id, caller.username(), note);
        co_return released;
    };
    co_return co_await task_op_with_body(c, ctx, Role::specialist, std::move(op));
}

asio::awaitable<Response> record_attempt(Context& c, RequestContext& ctx) {
    BodyOp op = [id = ctx.params["id"]](callbacks::Service& s, const Caller& caller,
                                        const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
        const auto result = callbacks::parse_attempt_result(optional_string(body, "result"));
        if (!result) co_return bad("result", "result must be no_answer, voicemail, busy or wrong_number");
        std::optional<TimePoint> not_before;
        if (body.contains("not_before") && !body["not_before"].is_null()) {
            not_before = callbacks::parse_rfc3339(optional_string(body, "not_before"));
            if (!not_before) co_return bad("not_before", "not_before must be an RFC 3339 time");
        }
        co_return co_await s.record_attempt(id, caller.username(), *result,
                                            optional_string(body, "note"), not_before);
    };
    co_return co_await task_op_with_body(c, ctx, Role::specialist, std::move(op));
}

asio::awaitable<Response> complete(Context& c, RequestContext& ctx) {
    BodyOp op = [id = ctx.params["id"]](callbacks::Service& s, const Caller& caller,
                                        const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
        const auto outcome = callbacks::parse_outcome(optional_string(body, "outcome"));
        if (!outcome)
            co_return bad("outcome", "outcome must be reached, advised, referred, unreachable or other");
        auto review = callbacks::parse_risk_review(body);
        if (!review) co_return review.error();
        co_return co_await s.complete(id, caller.username(), *outcome, optional_string(body, "note"),
                                      optional_string(body, "referral"), std::move(*review));
    };
    co_return co_await task_op_with_body(c, ctx, Role::specialist, std::move(op));
}

asio::awaitable<Response> cancel(Context& c, RequestContext& ctx) {
    BodyOp op = [id = ctx.params["id"]](callbacks::Service& s, const Caller& caller,
                                        const nlohmann::json& body) {
        return s.cancel(id, caller.username(), optional_string(body, "reason"));
    };
    co_return co_await task_op_with_body(c, ctx, Role::supervisor, std::move(op));
}

asio::awaitable<Response> add_note(Context& c, RequestContext& ctx) {
    BodyOp op = [id = ctx.params["id"]](callbacks::Service& s, const Caller& caller,
                                        const nlohmann::json& body) {
        return s.add_note(id, caller.username(), optional_string(body, "note"));
    };
    co_return co_await task_op_with_body(c, ctx, Role::specialist, std::move(op));
}

asio::awaitable<Response> reassign(Context& c, RequestContext& ctx) {
    BodyOp op = [&c, id = ctx.params["id"]](callbacks::Service& s, const Caller& caller,
                                            const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
        // Whether `to` may take the task is the accounts' word, not the callbacks'.
        const std::string to = optional_string(body, "to");
        if (to.empty()) co_return bad("to", "to: name the specialist who takes the task");
        // The task first: a supervisor of several organisations names a task of any of them,
        // and `to` is judged by the task's own (not found here: the next organisation is tried).
        if (auto task = co_await s.get(id, /*with_history=*/false); !task) co_return task.error();
        std::optional<AuthError> failure;
        auto user = co_await c.accounts.find(to, &failure);
        if (failure) co_return callbacks::make_error(Errc::unavailable, failure->message);
        if (!user || user->disabled || !user->in_tenant(s.tenant_id()))
            co_return bad("to", "to: no active specialist of this tenant is called that");
        // Outside the family's safe times the supervisor confirms, as a claimer would.
        auto checked = checked_safe_time(body);
        if (!checked) co_return checked.error();
        co_return co_await s.reassign(id, caller.username(), to, optional_string(body, "note"), *checked);
    };
    co_return co_await task_op_with_body(c, ctx, Role::supervisor, std::move(op));
}

}  // namespace advieslijn::gateway::console
