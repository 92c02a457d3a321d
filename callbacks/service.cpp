#include "callbacks/service.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <spdlog/spdlog.h>

#include "callbacks/rules.hpp"
#include "callbacks/scripts.hpp"
#include "callbacks/service_detail.hpp"
#include "callbacks/scrub.hpp"
#include "callbacks/sla.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "common/log_context.hpp"
#include "common/tenant_key.hpp"

namespace advieslijn::callbacks {

namespace detail {

// Redis said no, or never answered. Transport failures and Redis being busy or loading are
// "try again later" (503); anything else is a bug on our side.
Error redis_error(const RedisResult& r, const char* what) {
    if (r.ec) return make_error(Errc::unavailable, "task store unavailable");
    static constexpr const char* transient[] = {"LOADING", "BUSY",     "MASTERDOWN", "READONLY",
                                                "OOM",     "TRYAGAIN", "CLUSTERDOWN"};
    for (const char* p : transient)
        if (r.reply.str.rfind(p, 0) == 0) return make_error(Errc::unavailable, "task store busy");
    spdlog::error("callbacks: {} failed: {}", what, r.error_message());
    return make_error(Errc::internal, "task store error");
}

const std::string& status_of(const RedisReply& r) {
    static const std::string none;
    return r.type == RedisReply::Type::array && !r.elements.empty() ? r.elements[0].str : none;
}

}  // namespace detail

using detail::redis_error;
using detail::status_of;

namespace {

// The callbacks library; each script became the function named by lua::<script>
// (cmake/embed_lua.cmake).
const RedisLibrary& library() {
    static const RedisLibrary l{std::string(lua::library)};
    return l;
}

std::string ms(TimePoint t) {
    return std::to_string(to_ms(t));
}
template <typename Rep, typename Period>
std::string ms(std::chrono::duration<Rep, Period> d) {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

// Ids come from URLs: anything that is not one of ours cannot name a task.
bool plausible_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_';
    });
}

std::optional<Error> check_actor(const std::string& actor, const char* field) {
    const bool ok = !actor.empty() && actor.size() <= 100 &&
                    std::none_of(actor.begin(), actor.end(),
                                 [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    if (ok) return std::nullopt;
    return make_error(Errc::invalid_input, std::string(field) + " must be a short name", field);
}

// The checks of every call on one task by one actor.
std::optional<Error> check_task_call(const std::string& id, const std::string& actor) {
    if (!plausible_id(id)) return make_error(Errc::not_found, "no such task");
    return check_actor(actor, "actor");
}

std::optional<Error> check_risk_review(const std::optional<RiskReview>& review) {
    if (!review) return std::nullopt;
    const bool confirmed = review->verdict == RiskVerdict::confirmed;
    if (confirmed && !find_risk_category(review->category))
        return make_error(Errc::invalid_input, "risk_review.category: name a risk category",
                          "risk_review.category");
    if (!confirmed && !review->category.empty())
        return make_error(Errc::invalid_input,
                          "risk_review.category goes only with the verdict confirmed",
                          "risk_review.category");
    return std::nullopt;
}

// The questions of a task as kept for editors: each scrubbed, joined by a space.
std::string scrubbed_questions(const Task& t) {
    std::string out;
    for (const auto& q : t.questions) {
        if (!out.empty()) out += ' ';
        out += scrub_personal_data(q.text, t.name);
    }
    return out;
}

std::optional<Error> check_note(const std::string& note, const char* field) {
    if (utf8_characters(note) > max_note_characters)
        return make_error(Errc::invalid_input, std::string(field) + " is too long", field);
    // Line breaks and tabs are a note's own; other control characters are no text a person
    // typed, and they would reach the history, the exports and the pages (a tester's finding).
    if (std::any_of(note.begin(), note.end(), [](unsigned char c) {
            return (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f;
        }))
        return make_error(Errc::invalid_input, std::string(field) + " holds control characters", field);
    return std::nullopt;
}

// A note or reason that must say something: not empty, not only spaces and line breaks.
bool blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

// A list filter value: unset or empty matches everything; no commas or control characters.
std::optional<Error> check_filter(const std::optional<std::string>& v, const char* field) {
    if (!v || v->empty()) return std::nullopt;
    const bool ok = v->size() <= 100 && std::none_of(v->begin(), v->end(), [](unsigned char c) {
                        return c < 0x20 || c == 0x7f || c == ',';
                    });
    if (ok) return std::nullopt;
    return make_error(Errc::invalid_input, std::string("bad ") + field + " filter", field);
}

std::optional<Error> check_limit(std::size_t limit, std::size_t max) {
    if (limit > 0 && limit <= max) return std::nullopt;
    return make_error(Errc::invalid_input, "limit must be 1.." + std::to_string(max), "limit");
}

// A count a script answered as an integer or as a string (hash counters).
std::size_t count(const std::string& s) {
    try {
        return s.empty() ? 0 : static_cast<std::size_t>(std::stoull(s));
    } catch (const std::exception&) {
        return 0;
    }
}
std::size_t count(const RedisReply& r) {
    if (r.type == RedisReply::Type::integer) return static_cast<std::size_t>(r.integer);
    return count(r.str);
}

// Maps the status replies every task script shares.
Result<Task> task_reply(const RedisReply& r) {
    const std::string& status = status_of(r);
    if (status == "ok" && r.elements.size() >= 2) return task_from_fields(FieldView::of_reply(r.elements[1]));
    const std::string state = r.elements.size() >= 2 ? r.elements[1].str : "";
    if (status == "not_found") return make_error(Errc::not_found, "no such task");
    if (status == "stale_lease")
        return make_error(Errc::stale_lease, "you do not hold the current lease on this task");
    if (status == "conflict") return make_error(Errc::conflict, "the task is " + state);
    if (status == "outside_safe_time")
        return make_error(Errc::outside_safe_time,
                          "it is outside the times the family said are safe for a call; check "
                          "that calling now is safe, then send checked_safe_time");
    if (status == "voicemail_not_allowed")
        return make_error(Errc::conflict,
                          "the family did not allow a voicemail: do not leave one (record "
                          "no_answer instead)");
    return make_error(Errc::internal, "unexpected reply from task store");
}

std::optional<TimePoint> opt_ms(const Fields& f, const char* name) {
    auto it = f.find(name);
    if (it == f.end() || it->second.empty()) return std::nullopt;
    return from_ms(std::stoll(it->second));
}

std::string field(const Fields& f, const char* name) {
    auto it = f.find(name);
    return it == f.end() ? std::string() : it->second;
}

Escalation escalation_from(const Fields& f) {
    Escalation e;
    auto get = [&](const char* n) { return field(f, n); };
    e.task_id = get("task");
    e.reference = get("ref");
    e.level = get("level") == "2" ? 2 : 1;
    e.created_at = opt_ms(f, "created_at").value_or(TimePoint{});
    e.due_at = opt_ms(f, "due_at").value_or(TimePoint{});
    e.second_level_at = opt_ms(f, "second_level_at");
    e.acknowledged_by = get("acked_by");
    e.acknowledged_at = opt_ms(f, "acked_at");
    e.webhook_sent_at = opt_ms(f, "webhook_sent_at");
    e.priority = parse_priority(get("priority")).value_or(Priority::normal);
    e.lang = get("lang");
    e.topic = get("topic");
    e.state = parse_state(get("state")).value_or(State::queued);
    return e;
}

// Builds a vector outside the coroutine body: GCC 12 miscompiles braced initializer lists
// inside co_await expressions ("array used as initializer").
template <typename... T>
std::vector<std::string> strings(T&&... items) {
    std::vector<std::string> v;
    v.reserve(sizeof...(items));
    (v.emplace_back(std::forward<T>(items)), ...);
    return v;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += ',';
        out += s;
    }
    return out;
}

nlohmann::json opt_json(const std::optional<TimePoint>& t) {
    return t ? nlohmann::json(format_rfc3339(*t)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json to_json(const Escalation& e) {
    return {{"task_id", e.task_id},
            {"reference", e.reference},
            {"level", e.level},
            {"created_at", format_rfc3339(e.created_at)},
            {"due_at", format_rfc3339(e.due_at)},
            {"second_level_at", opt_json(e.second_level_at)},
            {"acknowledged_by", e.acknowledged_by.empty() ? nlohmann::json(nullptr)
                                                          : nlohmann::json(e.acknowledged_by)},
            {"acknowledged_at", opt_json(e.acknowledged_at)},
            {"webhook_sent_at", opt_json(e.webhook_sent_at)},
            {"priority", to_string(e.priority)},
            {"lang", e.lang},
            {"topic", e.topic},
            {"state", to_string(e.state)}};
}

nlohmann::json to_json(const SlaSummary& s) {
    return {{"queued", s.queued},
            {"claimed", s.claimed},
            {"at_risk", s.at_risk},
            {"breached", s.breached},
            {"completed_today", s.completed_today},
            {"open_escalations", s.open_escalations},
            {"claimable", s.claimable},
            {"urgent", s.urgent}};
}

nlohmann::json to_json(const SlaStats& s) {
    nlohmann::json completed = nlohmann::json::object();
    nlohmann::json within = nlohmann::json::object();
    nlohmann::json median = nlohmann::json::object();
    auto opt = [](const std::optional<double>& v) {
        return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    for (const auto& w : s.windows) {
        completed[w.name] = w.completed;
        within[w.name] = opt(w.share);
        median[w.name] = opt(w.median_minutes);
    }
    return {{"completed", completed},
            {"within_sla", within},
            {"median_minutes_to_callback", median}};
}

nlohmann::json to_json(const DayStats& d) {
    return {{"date", d.date},
            {"created", d.created},
            {"completed", d.completed},
            {"within_sla", d.within_sla}};
}

nlohmann::json to_json(const SpecialistLoad& w) {
    return {{"username", w.username},
            {"claimed", w.claimed},
            {"completed_today", w.completed_today},
            {"attempts_today", w.attempts_today}};
}

nlohmann::json to_json(const AuditEntry& e) {
    return {{"id", e.id},
            {"at", format_rfc3339(e.at)},
            {"actor", e.actor},
            {"action", e.action},
            {"task", e.task_id},
            {"reference", e.reference},
            {"detail", e.detail}};
}

Service::Service(RedisClient& redis, Clock& clock, const Tenant& tenant, Settings settings)
    : redis_(redis),
      clock_(clock),
      tenant_id_(tenant.id),
      sla_(tenant.sla),
      settings_(std::move(settings)),
      prefix_(tenant_key(settings_.key_kind, tenant.id)) {}

std::vector<std::string> Service::script_args(const std::string& actor,
                                              std::vector<std::string> args,
                                              TimePoint now) const {
    std::vector<std::string> argv;
    argv.reserve(args.size() + 3);
    argv.push_back(ms(now));
    argv.push_back(actor);
    // The request this call serves, if any (set by the gateway; see common/log_context.hpp):
    // its id goes into the history entries and events the script writes.
    std::string maxlen = std::to_string(settings_.events_maxlen);
    if (const std::string* rid = current_request_id(); rid && !rid->empty()) maxlen += ";" + *rid;
    argv.push_back(std::move(maxlen));
    for (auto& a : args) argv.push_back(std::move(a));
    return argv;
}

asio::awaitable<RedisResult> Service::run(const char* function, const std::string& actor,
                                          std::vector<std::string> args,
                                          std::optional<TimePoint> now,
                                          std::vector<std::string> more_keys) {
    std::vector<std::string> keys(1, prefix_);
    for (auto& k : more_keys) keys.push_back(std::move(k));
    std::string name(function);
    co_return co_await redis_.fcall(library(), std::move(name), std::move(keys),
                                    script_args(actor, std::move(args), now.value_or(clock_.now())));
}

asio::awaitable<std::pair<RedisResult, RedisResult>> Service::run_and_wait(
    const char* function, const std::string& actor, std::vector<std::string> args,
    TimePoint now, std::vector<std::string> more_keys) {
    std::vector<std::string> keys(1, prefix_);
    for (auto& k : more_keys) keys.push_back(std::move(k));
    std::string name(function);
    co_return co_await redis_.fcall_and_wait(library(), std::move(name), std::move(keys),
                                             script_args(actor, std::move(args), now),
                                             settings_.wait_replicas, settings_.wait_timeout);
}

asio::awaitable<Result<Task>> Service::task_op(const char* function, std::string id,
                                               std::string actor, std::vector<std::string> args) {
    if (auto e = check_task_call(id, actor)) co_return *e;
    RedisResult r = co_await run(function, actor, std::move(args));
    if (!r.ok()) co_return redis_error(r, "task operation");
    co_return task_reply(r.reply);
}

asio::awaitable<Result<Created>> Service::create(NewTask input, std::string actor,
                                                std::optional<CreateLimit> limit,
                                                std::optional<CreateCount> count) {
    auto valid = validate(std::move(input));
    if (!valid) co_return valid.error();
    if (auto e = check_actor(actor, "actor")) co_return *e;
    const NewTask& n = valid.value();
    const TimePoint now = clock_.now();
    const SlaTimes sla = sla_times(now, n.priority, sla_);

    Task t;
    t.id = random_hex_id();
    t.tenant = tenant_id_;
    t.channel = n.channel;
    t.phone = n.phone;
    t.name = n.name;
    t.lang = n.lang;
    t.questions = {{n.question, now, n.channel}};
    t.topic = n.topic;
    t.articles = n.articles;
    t.risk_flags = n.risk_flags;
    t.risk_words = n.risk_words;
    t.priority = n.priority;
    t.window = n.window;
    t.terms = n.terms;
    t.consent = n.consent;
    t.created_at = now;
    t.due_at = sla.due;
    t.state = State::queued;

    const nlohmann::json question{
        {"text", n.question}, {"at", to_ms(now)}, {"channel", to_string(n.channel)}};
    std::vector<std::string> args{n.source_key,
                                  ms(settings_.idempotency_ttl),
                                  t.id,
                                  n.phone,
                                  question.dump(),
                                  to_string(n.priority),
                                  ms(sla.due),
                                  ms(sla.at_risk),
                                  ms(sla.breach),
                                  ms(sla.second_level),
                                  nlohmann::json(n.risk_flags).dump(),
                                  date_netherlands(now),
                                  settings_.webhook_url.empty() ? "0" : "1",
                                  limit ? std::to_string(limit->max) : std::string(),
                                  limit ? ms(limit->ttl) : std::string(),
                                  count ? ms(count->ttl) : std::string(),
                                  count ? count->if_urgent : std::string(),
                                  count ? count->otherwise : std::string(),
                                  std::to_string(count ? count->fields.size() : 0)};
    if (count)
        for (auto& f : count->fields) args.push_back(std::move(f));
    for (auto& [field, value] : to_fields(t)) {
        args.push_back(field);
        args.push_back(std::move(value));
    }
    // KEYS[2] the limit's counter, then the counter hash last (create.lua).
    std::vector<std::string> more_keys;
    if (limit) more_keys.push_back(std::move(limit->key));
    if (count) more_keys.push_back(std::move(count->key));
    RedisResult r, waited;
    if (settings_.wait_replicas > 0)
        std::tie(r, waited) = co_await run_and_wait(lua::create, actor, std::move(args), now,
                                                    std::move(more_keys));
    else
        r = co_await run(lua::create, actor, std::move(args), now, std::move(more_keys));
    if (!r.ok()) {
        // A lost connection may have lost the reply, not the write: retrying with the same
        // source key is safe either way.
        spdlog::warn("callbacks: create for {} failed: {}", mask_phone(n.phone), r.error_message());
        co_return redis_error(r, "create");
    }
    const std::string& status = status_of(r.reply);
    if (r.reply.elements.size() < 2) co_return make_error(Errc::internal, "bad create reply");
    if (status == "limited") co_return make_error(Errc::rate_limited, "too many requests from this caller");
    Created c;
    if (status == "created") {
        // The script answers with the reference only; the rest is what we sent.
        t.reference = r.reply.elements[1].str;
        c.task = std::move(t);
    } else if (status == "merged" || status == "existing") {
        auto task = task_from_fields(FieldView::of_reply(r.reply.elements[1]));
        if (!task) co_return task.error();
        c.task = std::move(task.value());
        c.status = status == "merged" ? CreateStatus::merged : CreateStatus::existing;
    } else {
        co_return make_error(Errc::internal, "bad create reply");
    }
    if (settings_.wait_replicas > 0) {
        // The task is on the primary but a failover now could lose it: no 2xx yet. The
        // caller's retry with the same source key finds it (status "existing") and waits
        // again, so nothing is created twice.
        const long long replicas = waited.ok() && waited.reply.type == RedisReply::Type::integer
                                       ? waited.reply.integer
                                       : -1;
        if (replicas < settings_.wait_replicas) {
            spdlog::warn("callbacks: task {} stored but {} of {} replicas confirmed it{}",
                         c.task.id, std::max(0LL, replicas), settings_.wait_replicas,
                         waited.ok() ? "" : " (" + waited.error_message() + ")");
            co_return make_error(Errc::unavailable,
                                 "the task is not yet safely replicated; retry with the same "
                                 "idempotency key");
        }
    }
    spdlog::debug("callbacks: {} task {} for {}", status, c.task.id, mask_phone(n.phone));
    co_return c;
}

asio::awaitable<Result<Task>> Service::get(std::string id, bool with_history) {
    if (!plausible_id(id)) co_return make_error(Errc::not_found, "no such task");
    std::vector<std::string> args = strings(id, with_history ? "1" : "0");
    RedisResult r = co_await run(lua::get, "reader", std::move(args));
    if (!r.ok()) co_return redis_error(r, "get");
    auto task = task_reply(r.reply);
    if (!task || r.reply.elements.size() < 3) co_return task;
    for (const auto& line : r.reply.elements[2].elements) {
        auto h = history_from_json_text(line.str);
        if (h) task->history.push_back(std::move(h.value()));
    }
    co_return task;
}

asio::awaitable<Result<Page>> Service::list(State state, std::size_t offset, std::size_t limit) {
    ListQuery q;
    q.state = state;
    q.offset = offset;
    q.limit = limit;
    co_return co_await list(std::move(q));
}

asio::awaitable<Result<Page>> Service::list(ListQuery q) {
    if (auto e = check_limit(q.limit, settings_.max_page)) co_return *e;
    if (auto e = check_filter(q.lang, "lang")) co_return *e;
    if (auto e = check_filter(q.topic, "topic")) co_return *e;
    if (auto e = check_filter(q.holder, "holder")) co_return *e;
    const bool newest_first = !is_open(q.state);
    RedisResult r = co_await run(
        lua::list, "reader",
        strings(to_string(q.state), std::to_string(q.offset), std::to_string(q.limit),
                newest_first ? "1" : "0", q.lang.value_or(""), q.topic.value_or(""),
                q.holder.value_or(""), std::to_string(settings_.list_scan_limit)));
    if (!r.ok()) co_return redis_error(r, "list");
    if (r.reply.elements.size() < 3) co_return make_error(Errc::internal, "bad list reply");
    Page page;
    page.total = count(r.reply.elements[0]);
    page.truncated = r.reply.elements[2].integer != 0;
    for (const auto& flat : r.reply.elements[1].elements) {
        auto t = task_from_fields(FieldView::of_reply(flat));
        if (t) page.tasks.push_back(std::move(t.value()));
    }
    co_return page;
}

asio::awaitable<Result<std::optional<Task>>> Service::claim_next(std::string specialist,
                                                                 ClaimFilter filter) {
    if (auto e = check_actor(specialist, "specialist")) co_return *e;
    for (const auto* list : {&filter.languages, &filter.topics})
        for (const auto& s : *list)
            if (s.empty() || s.find(',') != std::string::npos)
                co_return make_error(Errc::invalid_input, "bad skill filter", "filter");
    const TimePoint now = clock_.now();
    const std::string lease_until = ms(now + settings_.lease);
    // Lua has no time-zone rules: the Dutch clock comes from here (the family's safe times).
    const DutchClock local = clock_netherlands(now);
    std::vector<std::string> args =
        strings(lease_until, join(filter.languages), join(filter.topics),
                std::to_string(settings_.claim_scan_limit), from_list(Action::claim),
                to_string(rule(Action::claim).to), std::to_string(local.minute),
                std::to_string(local.weekday));
    RedisResult r = co_await run(lua::claim_next, specialist, std::move(args), now);
    if (!r.ok()) co_return redis_error(r, "claim_next");
    if (status_of(r.reply) == "empty") co_return std::optional<Task>{};
    auto t = task_reply(r.reply);
    if (!t) co_return t.error();
    co_return std::optional<Task>(std::move(t.value()));
}

asio::awaitable<Result<Task>> Service::claim(std::string id, std::string specialist,
                                             bool checked_safe_time) {
    const TimePoint now = clock_.now();
    const std::string lease_until = ms(now + settings_.lease);
    const DutchClock local = clock_netherlands(now);
    std::vector<std::string> args =
        strings(lease_until, id, from_list(Action::claim), to_string(rule(Action::claim).to),
                std::to_string(local.minute), std::to_string(local.weekday),
                checked_safe_time ? "1" : "0");
    co_return co_await task_op(lua::claim, std::move(id), std::move(specialist), std::move(args));
}

asio::awaitable<Result<Task>> Service::renew(std::string id, std::string specialist) {
    const std::string lease_until = ms(clock_.now() + settings_.lease);
    co_return co_await task_op(lua::renew, id, specialist,
                               strings(lease_until, id, from_list(Action::renew)));
}

asio::awaitable<Result<Task>> Service::release(std::string id, std::string specialist,
                                               std::string note) {
    if (auto e = check_note(note, "note")) co_return *e;
    co_return co_await task_op(
        lua::release, id, specialist,
        strings(id, from_list(Action::release), to_string(rule(Action::release).to), note));
}

asio::awaitable<Result<Task>> Service::release_by_supervisor(std::string id,
                                                             std::string supervisor,
                                                             std::string note) {
    if (auto e = check_note(note, "note")) co_return *e;
    const Rule& r = rule(Action::supervisor_release);
    co_return co_await task_op(lua::release, id, supervisor,
                               strings(id, from_list(Action::supervisor_release),
                                       to_string(r.to), note, "1"));
}

asio::awaitable<Result<Task>> Service::reassign(std::string id, std::string supervisor,
                                                std::string to_user, std::string note,
                                                bool checked_safe_time) {
    if (auto e = check_actor(to_user, "to")) co_return *e;
    if (auto e = check_note(note, "note")) co_return *e;
    const TimePoint now = clock_.now();
    const std::string lease_until = ms(now + settings_.lease);
    const DutchClock local = clock_netherlands(now);
    co_return co_await task_op(lua::reassign, id, supervisor,
                               strings(id, to_user, lease_until, from_list(Action::reassign),
                                       to_string(rule(Action::reassign).to), note,
                                       std::to_string(local.minute), std::to_string(local.weekday),
                                       checked_safe_time ? "1" : "0"));
}

asio::awaitable<Result<Task>> Service::add_note(std::string id, std::string actor,
                                                std::string note) {
    if (blank(note)) co_return make_error(Errc::invalid_input, "note must not be empty", "note");
    if (auto e = check_note(note, "note")) co_return *e;
    co_return co_await task_op(lua::note, id, actor, strings(id, note));
}

asio::awaitable<Result<Task>> Service::update_terms(std::string id, std::string actor,
                                                    TermsChange change) {
    if (change.note && change.note->empty())
        co_return make_error(Errc::invalid_input, "terms.note must not be empty", "terms.note");
    if (change.alt_phone && change.alt_phone->empty())
        co_return make_error(Errc::invalid_input, "terms.alt_phone must not be empty",
                             "terms.alt_phone");
    const bool times = change.window || change.no_weekend;
    if (!change.voicemail && !change.announce_cjg && !change.note && !change.alt_phone && !times)
        co_return make_error(Errc::invalid_input, "no term to change", "terms");
    // The note and number are checked as at creation. New safe times need the task's hours
    // and window: read first, and the script refuses when the window changed in between.
    CallbackTerms terms;
    terms.note = change.note.value_or("");
    terms.alt_phone = change.alt_phone.value_or("");
    Window window = Window::any;
    std::string window_read;
    if (times) {
        auto task = co_await get(id, false);  // only its window and hours
        if (!task) co_return task.error();
        window_read = to_string(task->window);
        window = change.window.value_or(task->window);
        terms.hours = task->terms.hours;
        terms.no_weekend = change.no_weekend.value_or(task->terms.no_weekend);
    }
    auto valid = validate_terms(std::move(terms), window);
    if (!valid) co_return valid.error();
    const auto flag = [](const std::optional<bool>& b) { return b ? (*b ? "1" : "0") : ""; };
    std::string open;
    for (State s : {State::queued, State::claimed, State::completed, State::cancelled})
        if (is_open(s)) open += (open.empty() ? "" : ",") + std::string(to_string(s));
    // Named, not built in the co_await expression: GCC 12 destroys temporaries there twice.
    std::vector<std::string> args = strings(
        id, open, flag(change.voicemail), flag(change.announce_cjg), change.note.value_or(""),
        change.alt_phone ? valid->alt_phone : std::string(), window_read,
        times ? std::string(to_string(window)) : std::string(),
        times ? flag(valid->no_weekend) : "", safe_minutes(window, *valid), safe_days(*valid));
    co_return co_await task_op(lua::terms, id, actor, std::move(args));
}

asio::awaitable<Result<Task>> Service::record_attempt(std::string id, std::string specialist,
                                                      AttemptResult result, std::string note,
                                                      std::optional<TimePoint> not_before) {
    if (auto e = check_note(note, "note")) co_return *e;
    const TimePoint nb = not_before.value_or(clock_.now() + settings_.retry_delay);
    co_return co_await task_op(
        lua::attempt, id, specialist,
        strings(id, from_list(Action::attempt), to_string(rule(Action::attempt).to),
                to_string(result), note, ms(nb),
                std::to_string(std::max(1, settings_.max_attempts)),
                to_string(rule(Action::complete).to), ms(settings_.retention),
                date_netherlands(clock_.now()), ms(settings_.retry_delay)));
}

asio::awaitable<Result<Task>> Service::complete(std::string id, std::string specialist,
                                                Outcome outcome, std::string note,
                                                std::string referral,
                                                std::optional<RiskReview> review) {
    if (outcome == Outcome::referred && referral.empty())
        co_return make_error(Errc::invalid_input,
                             "referral: name the partner the family was referred to", "referral");
    if (utf8_characters(referral) > max_referral_characters)
        co_return make_error(Errc::invalid_input,
                             "referral is longer than " + std::to_string(max_referral_characters) +
                                 " characters",
                             "referral");
    if (auto e = check_note(note, "note")) co_return *e;
    if (std::any_of(referral.begin(), referral.end(),
                    [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
        co_return make_error(Errc::invalid_input, "referral must be a short name", "referral");
    if (auto e = check_risk_review(review)) co_return *e;
    if (auto e = check_task_call(id, specialist)) co_return *e;
    const TimePoint now = clock_.now();
    const bool confirmed = review && review->verdict == RiskVerdict::confirmed;
    // Named, not conditional temporaries in the co_await below: GCC 12 miscompiles those.
    const std::string verdict = review ? to_string(review->verdict) : "";
    const std::string category = review ? review->category : "";
    const std::string week = iso_week_netherlands(now).name;
    // A confirmed case that triage had not flagged keeps its questions, scrubbed here (Lua
    // has no business with personal data rules). The script checks that they are still the
    // task's questions; a repeat contact in between means reading them again.
    for (int round = 0; round < 3; ++round) {
        std::string missed_entry;
        std::string missed_from = "-1";
        if (confirmed) {
            auto task = co_await get(id);
            if (!task) co_return task.error();
            if (task->risk_flags.empty()) {
                const MissedText m{task->id, now, task->lang, review->category,
                                   scrubbed_questions(*task)};
                missed_entry = missed_text_json(m);
                missed_from = std::to_string(task->questions.size());
            }
        }
        std::vector<std::string> args =
            strings(id, from_list(Action::complete), to_string(rule(Action::complete).to),
                    to_string(outcome), note, ms(settings_.retention), referral,
                    date_netherlands(now), verdict, category, week, std::move(missed_entry),
                    std::move(missed_from), std::to_string(settings_.missed_texts_kept));
        RedisResult r = co_await run(lua::complete, specialist, std::move(args), now);
        if (!r.ok()) co_return redis_error(r, "complete");
        if (status_of(r.reply) != "changed") co_return task_reply(r.reply);
    }
    co_return make_error(Errc::conflict, "the task keeps changing; try again");
}

asio::awaitable<Result<Task>> Service::cancel(std::string id, std::string supervisor,
                                              std::string reason) {
    if (blank(reason))
        co_return make_error(Errc::invalid_input, "reason: say why the task is cancelled", "reason");
    if (auto e = check_note(reason, "reason")) co_return *e;
    co_return co_await task_op(
        lua::cancel, id, supervisor,
        strings(id, from_list(Action::cancel), to_string(rule(Action::cancel).to), reason,
                ms(settings_.retention), date_netherlands(clock_.now())));
}

asio::awaitable<Result<Escalation>> Service::acknowledge_escalation(std::string task_id,
                                                                    std::string supervisor) {
    if (!plausible_id(task_id)) co_return make_error(Errc::not_found, "no such escalation");
    if (auto e = check_actor(supervisor, "supervisor")) co_return *e;
    RedisResult r = co_await run(lua::ack_escalation, supervisor, strings(task_id));
    if (!r.ok()) co_return redis_error(r, "acknowledge_escalation");
    const std::string& status = status_of(r.reply);
    if (status == "not_found") co_return make_error(Errc::not_found, "no such escalation");
    if (status == "conflict")
        co_return make_error(Errc::conflict, "the escalation is already acknowledged");
    if (status != "ok" || r.reply.elements.size() < 2)
        co_return make_error(Errc::internal, "bad acknowledge reply");
    co_return escalation_from(hash_fields(r.reply.elements[1]));
}

asio::awaitable<Result<EscalationPage>> Service::list_escalations(bool open_only,
                                                                  std::size_t offset,
                                                                  std::size_t limit) {
    if (limit == 0 || limit > settings_.max_page)
        co_return make_error(Errc::invalid_input,
                             "limit must be 1.." + std::to_string(settings_.max_page), "limit");
    RedisResult r =
        co_await run(lua::escalations, "reader",
                     strings(open_only ? "1" : "0", std::to_string(offset), std::to_string(limit)));
    if (!r.ok()) co_return redis_error(r, "list_escalations");
    if (r.reply.elements.size() < 2) co_return make_error(Errc::internal, "bad reply");
    EscalationPage page;
    page.total = static_cast<std::size_t>(r.reply.elements[0].integer);
    for (const auto& flat : r.reply.elements[1].elements)
        page.escalations.push_back(escalation_from(hash_fields(flat)));
    co_return page;
}

asio::awaitable<Result<SlaSummary>> Service::sla_summary() {
    RedisResult r = co_await run(lua::summary, "reader",
                                 strings(ms(start_of_day_netherlands(clock_.now()))));
    if (!r.ok()) co_return redis_error(r, "sla_summary");
    const auto& e = r.reply.elements;
    if (e.size() < 10) co_return make_error(Errc::internal, "bad summary reply");
    auto n = [&](std::size_t i) { return static_cast<std::size_t>(e[i].integer); };
    SlaSummary s;
    s.queued = n(0);
    s.claimed = n(1);
    s.at_risk = n(2);
    s.breached = n(3);
    s.completed_today = n(4);
    s.open_escalations = n(5);
    s.claimable = n(6);
    s.urgent = n(7);
    if (e[8].integer > 0) s.oldest_unclaimed_urgent = TimePoint(std::chrono::milliseconds(e[8].integer));
    s.outbox = n(9);
    co_return s;
}

asio::awaitable<Result<SlaStats>> Service::sla_stats() {
    using namespace std::chrono_literals;
    SlaStats stats;
    std::vector<std::string> lengths;
    for (auto [name, length] : {std::pair{"24h", 24h}, {"7d", 7 * 24h}, {"30d", 30 * 24h}}) {
        SlaWindow w;
        w.name = name;
        w.length = length;
        stats.windows.push_back(std::move(w));
        lengths.push_back(ms(length));
    }
    RedisResult r = co_await run(lua::sla_stats, "reader", std::move(lengths));
    if (!r.ok()) co_return redis_error(r, "sla_stats");
    if (r.reply.elements.size() != stats.windows.size())
        co_return make_error(Errc::internal, "bad stats reply");
    for (std::size_t i = 0; i < stats.windows.size(); ++i) {
        SlaWindow& w = stats.windows[i];
        const auto& e = r.reply.elements[i].elements;
        if (e.size() < 3) co_return make_error(Errc::internal, "bad stats reply");
        w.completed = count(e[0]);
        w.within_sla = count(e[1]);
        if (w.completed > 0)
            w.share = static_cast<double>(w.within_sla) / static_cast<double>(w.completed);
        const auto& middle = e[2].elements;
        if (middle.size() == 2)
            w.median_minutes =
                (static_cast<double>(count(middle[0])) + static_cast<double>(count(middle[1]))) /
                2.0 / 60'000.0;
    }
    co_return stats;
}

asio::awaitable<Result<std::vector<DayStats>>> Service::daily(int days) {
    if (days < 1 || days > max_daily_days)
        co_return make_error(Errc::invalid_input,
                             "days must be 1.." + std::to_string(max_daily_days), "days");
    std::vector<std::string> dates = dates_netherlands(clock_.now(), days);
    RedisResult r = co_await run(lua::daily, "reader", dates);
    if (!r.ok()) co_return redis_error(r, "daily");
    if (r.reply.elements.size() != dates.size())
        co_return make_error(Errc::internal, "bad daily reply");
    std::vector<DayStats> out;
    for (std::size_t i = 0; i < dates.size(); ++i) {
        const auto& e = r.reply.elements[i].elements;
        if (e.size() < 3) co_return make_error(Errc::internal, "bad daily reply");
        out.push_back({dates[i], count(e[0]), count(e[1]), count(e[2])});
    }
    co_return out;
}

asio::awaitable<Result<std::vector<std::map<std::string, long long>>>> Service::day_figures(
    std::vector<std::string> dates) {
    const std::size_t n = dates.size();
    RedisResult r = co_await run(lua::day_figures, "reader", std::move(dates));
    if (!r.ok()) co_return redis_error(r, "day_figures");
    if (r.reply.elements.size() != n) co_return make_error(Errc::internal, "bad day_figures reply");
    std::vector<std::map<std::string, long long>> out;
    for (const auto& day : r.reply.elements) {
        auto& counters = out.emplace_back();
        for (const auto& [field, value] : hash_fields(day)) counters[field] = count(value);
    }
    co_return out;
}

asio::awaitable<Result<std::vector<RiskWeek>>> Service::risk_weeks(int weeks) {
    if (weeks < 1 || weeks > max_risk_weeks)
        co_return make_error(Errc::invalid_input,
                             "weeks must be 1.." + std::to_string(max_risk_weeks), "weeks");
    const std::vector<IsoWeek> list = iso_weeks_netherlands(clock_.now(), weeks);
    std::vector<std::string> names;
    for (const auto& w : list) names.push_back(w.name);
    RedisResult r = co_await run(lua::risk_weeks, "reader", std::move(names));
    if (!r.ok()) co_return redis_error(r, "risk_weeks");
    if (r.reply.elements.size() != list.size())
        co_return make_error(Errc::internal, "bad risk weeks reply");
    std::vector<RiskWeek> out;
    for (std::size_t i = 0; i < list.size(); ++i)
        out.push_back(
            risk_week_from_fields(list[i].name, list[i].monday, hash_fields(r.reply.elements[i])));
    co_return out;
}

asio::awaitable<Result<std::vector<MissedText>>> Service::missed_texts() {
    RedisResult r =
        co_await run(lua::risk_missed, "reader",
                     strings(ms(settings_.retention), std::to_string(settings_.missed_texts_kept)));
    if (!r.ok()) co_return redis_error(r, "missed_texts");
    std::vector<MissedText> out;
    for (const auto& item : r.reply.elements)
        if (auto m = missed_text_from_json(item.str)) out.push_back(std::move(*m));
    co_return out;
}

asio::awaitable<Result<std::vector<SpecialistLoad>>> Service::workload() {
    RedisResult r =
        co_await run(lua::workload, "reader",
                     strings(date_netherlands(clock_.now()),
                             std::to_string(settings_.workload_scan_limit)));
    if (!r.ok()) co_return redis_error(r, "workload");
    if (r.reply.elements.size() < 2) co_return make_error(Errc::internal, "bad workload reply");
    std::map<std::string, SpecialistLoad> by_user;
    auto entry = [&](const std::string& user) -> SpecialistLoad& {
        SpecialistLoad& w = by_user[user];
        w.username = user;
        return w;
    };
    for (const auto& holder : r.reply.elements[0].elements) ++entry(holder.str).claimed;
    // Fields "<user>:completed" and "<user>:attempts"; a username may itself hold a colon.
    for (const auto& [field, value] : hash_fields(r.reply.elements[1])) {
        const auto colon = field.rfind(':');
        if (colon == std::string::npos || colon == 0) continue;
        const std::string kind = field.substr(colon + 1);
        SpecialistLoad& w = entry(field.substr(0, colon));
        if (kind == "completed") w.completed_today = count(value);
        if (kind == "attempts") w.attempts_today = count(value);
    }
    std::vector<SpecialistLoad> out;
    for (auto& [user, w] : by_user) out.push_back(std::move(w));
    co_return out;
}

asio::awaitable<Result<Ok>> Service::record_audit(std::string actor, std::string action,
                                                  std::string task_id, std::string detail) {
    if (auto e = check_actor(actor, "actor")) co_return *e;
    const bool action_ok =
        !action.empty() && action.size() <= 50 &&
        std::all_of(action.begin(), action.end(),
                    [](unsigned char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    if (!action_ok)
        co_return make_error(Errc::invalid_input, "action must be a lower-case word", "action");
    if (detail.size() > max_audit_detail_bytes)
        co_return make_error(Errc::invalid_input, "detail is too long", "detail");
    if (!task_id.empty() && !plausible_id(task_id))
        co_return make_error(Errc::not_found, "no such task");
    RedisResult r = co_await run(lua::audit, actor, strings(action, task_id, detail));
    if (!r.ok()) co_return redis_error(r, "record_audit");
    if (status_of(r.reply) == "not_found") co_return make_error(Errc::not_found, "no such task");
    if (status_of(r.reply) != "ok") co_return make_error(Errc::internal, "bad audit reply");
    co_return Ok{};
}

asio::awaitable<Result<AuditPage>> Service::audit_log(std::string before_id, std::size_t limit) {
    if (auto e = check_limit(limit, settings_.max_page)) co_return *e;
    // A stream id "<ms>-<seq>", as handed out in AuditPage::next.
    const auto dash = before_id.find('-');
    const auto digits = [](std::string_view s) {
        return !s.empty() && s.size() <= 20 &&
               std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
    };
    if (!before_id.empty() &&
        (dash == std::string::npos || !digits(std::string_view(before_id).substr(0, dash)) ||
         !digits(std::string_view(before_id).substr(dash + 1))))
        co_return make_error(Errc::invalid_input, "before must be a cursor from next", "before");
    RedisResult r = co_await run(lua::audit_log, "reader",
                                 strings(before_id, std::to_string(limit)));
    if (!r.ok()) co_return redis_error(r, "audit_log");
    AuditPage page;
    for (const auto& item : r.reply.elements) {
        if (page.entries.size() == limit) {
            page.next = page.entries.back().id;
            break;
        }
        if (item.elements.size() < 2) continue;
        const Fields f = hash_fields(item.elements[1]);
        page.entries.push_back({item.elements[0].str, opt_ms(f, "at").value_or(TimePoint{}),
                                field(f, "actor"), field(f, "action"), field(f, "task"),
                                field(f, "ref"), field(f, "detail")});
    }
    co_return page;
}

asio::awaitable<Result<TickStats>> Service::tick(WebhookSender* sender) {
    TickStats stats;
    const bool webhook = !settings_.webhook_url.empty();
    for (std::size_t batch = 0; batch < settings_.tick_max_batches; ++batch) {
        const TimePoint now = clock_.now();
        const DutchClock local = clock_netherlands(now);  // for the family's safe times
        RedisResult r =
            co_await run(lua::tick, "system",
                         strings(std::to_string(settings_.tick_batch), from_list(Action::expire),
                                 to_string(rule(Action::expire).to), webhook ? "1" : "0",
                                 ms(settings_.retention), ms(settings_.audit_retention),
                                 std::to_string(local.minute), std::to_string(local.weekday)),
                         now);
        if (!r.ok()) co_return redis_error(r, "tick");
        const auto& e = r.reply.elements;
        if (e.size() < 4) co_return make_error(Errc::internal, "bad tick reply");
        stats.leases_expired += static_cast<std::size_t>(e[0].integer);
        stats.timers_fired += static_cast<std::size_t>(e[1].integer);
        stats.audit_entries_removed += static_cast<std::size_t>(e[3].integer);
        if (e[2].integer == 0) break;
    }
    if (!webhook || !sender) co_return stats;

    RedisResult taken =
        co_await run(lua::outbox_take, "system",
                     strings(std::to_string(settings_.tick_batch), ms(settings_.webhook_retry)));
    if (!taken.ok()) co_return redis_error(taken, "outbox_take");
    for (const auto& item : taken.reply.elements) {
        if (item.elements.size() < 4) continue;
        const std::string& member = item.elements[0].str;
        const bool urgent = item.elements[1].str == "urgent";
        auto task = task_from_fields(FieldView::of_reply(item.elements[2]));
        if (task) {
            // No phone number or question: the supervisor opens the task in the console.
            nlohmann::json body{{"event", urgent ? "callback.urgent" : "callback.escalation"},
                                {"tenant", tenant_id_},
                                {"task_id", task->id},
                                {"reference", task->reference},
                                {"state", to_string(task->state)},
                                {"priority", to_string(task->priority)},
                                {"lang", task->lang},
                                {"topic", task->topic},
                                {"created_at", format_rfc3339(task->created_at)},
                                {"due_at", format_rfc3339(task->due_at)}};
            if (urgent) {
                // What the caller's words pointed to (categories such as child_abuse).
                body["risk_flags"] = task->risk_flags;
            } else {
                const Escalation esc = escalation_from(hash_fields(item.elements[3]));
                body["level"] = 2;
                body["breached_at"] = format_rfc3339(esc.created_at);
                body["acknowledged_by"] = esc.acknowledged_by.empty()
                                              ? nlohmann::json(nullptr)
                                              : nlohmann::json(esc.acknowledged_by);
            }
            auto ec = co_await sender->post(make_signed_request(
                settings_.webhook_url, settings_.webhook_secret, body.dump(), clock_.now()));
            if (ec) {
                ++stats.webhooks_failed;
                ++webhooks_failed_;
                spdlog::warn("callbacks: {} webhook for task {} failed: {}; retrying in {} s",
                             urgent ? "urgent" : "escalation", task->id, ec.message(),
                             settings_.webhook_retry.count());
                continue;
            }
            ++stats.webhooks_sent;
            ++webhooks_delivered_;
        } else {
            spdlog::warn("callbacks: outbox entry {} names no readable task; dropped", member);
        }
        // Sent, or its task is gone: either way off the outbox.
        RedisResult done = co_await run(lua::outbox_done, "system", strings(member));
        if (!done.ok()) co_return redis_error(done, "outbox_done");
    }
    co_return stats;
}

}  // namespace advieslijn::callbacks
