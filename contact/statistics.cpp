#include "contact/statistics.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "callbacks/sla.hpp"
#include "common/tenant_key.hpp"
#include "contact/report.hpp"

namespace advieslijn::contact {
namespace {

std::string feedback_key(const std::string& tenant, const std::string& lang) {
    return tenant_key("kb", tenant) + "feedback:" + lang;
}

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

// How long a day's hash is kept after its last count.
constexpr std::chrono::milliseconds keep_ms{statistics_keep_days * 86'400'000LL};

std::string day_key(const std::string& tenant, const std::string& date) {
    return tenant_key("stats", tenant) + "day:" + date;
}

// KEYS[1] the day's hash. ARGV[1] how long it is kept (ms), ARGV[2..] the fields, each +1.
const RedisScript& count_script() {
    static const RedisScript script(R"(
for i = 2, #ARGV do redis.call('HINCRBY', KEYS[1], ARGV[i], 1) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
)");
    return script;
}

// KEYS: the days' hashes. Returns one HGETALL list per key, in order.
const RedisScript& read_days_script() {
    static const RedisScript script(R"(
local out = {}
for i, k in ipairs(KEYS) do out[i] = redis.call('HGETALL', k) end
return out
)");
    return script;
}

}  // namespace

RedisCall Statistics::count_today(const std::string& tenant_id, std::vector<std::string> fields) const {
    fields.insert(fields.begin(), std::to_string(keep_ms.count()));
    std::vector<std::string> keys{day_key(tenant_id, callbacks::date_netherlands(clock_.now()))};
    return RedisCall::eval(count_script(), std::move(keys), std::move(fields));
}

std::vector<std::string> Statistics::fields_of(const routing::ContactCount& c) const {
    if (c.kind == routing::ContactCount::Kind::contact)
        return {"contact:" + c.channel + ":" + hour_key(callbacks::hour_netherlands(clock_.now()))};
    std::vector<std::string> fields{"question:" + c.channel + ":" + c.decision};
    if (!c.lang.empty()) fields.push_back("lang:" + c.lang);
    if (!c.topic.empty()) fields.push_back("topic:" + c.topic);
    for (const auto& r : c.risk_categories) fields.push_back("risk:" + r);
    return fields;
}

void Statistics::tally(const std::vector<routing::ContactCount>& counts) {
    std::lock_guard lock(tally_mu_);
    for (const auto& c : counts)
        if (!c.tenant_id.empty())
            ++tallies_[{c.tenant_id, c.channel,
                        c.kind == routing::ContactCount::Kind::contact ? std::string() : c.decision}];
}

namespace {

// A form on its own: the contact and its question, as Tasks::create_from_form counts them.
// Its risk flags counted as a routed question's are (the municipality's report counts them).
std::vector<routing::ContactCount> form_counts(const std::string& tenant_id, const std::string& lang,
                                               bool urgent, std::vector<std::string> risk_flags = {}) {
    return {routing::contact_started(tenant_id, "form", lang),
            {routing::ContactCount::Kind::question, tenant_id, "form", lang, urgent ? "urgent" : "handoff", {},
             std::move(risk_flags)}};
}

}  // namespace

callbacks::CreateCount Statistics::form_count(const std::string& tenant_id, const std::string& lang,
                                              const std::vector<std::string>& risk_flags) const {
    callbacks::CreateCount out;
    out.key = day_key(tenant_id, callbacks::date_netherlands(clock_.now()));
    out.ttl = keep_ms;
    const auto calm = form_counts(tenant_id, lang, false, risk_flags), urgent = form_counts(tenant_id, lang, true);
    for (const auto& c : calm) {
        auto fields = fields_of(c);
        if (c.kind == routing::ContactCount::Kind::question) {
            // The decision (first) is the create's to choose.
            out.otherwise = fields.front();
            fields.erase(fields.begin());
        }
        out.fields.insert(out.fields.end(), fields.begin(), fields.end());
    }
    out.if_urgent = fields_of(urgent.back()).front();
    return out;
}

void Statistics::tally_form(const std::string& tenant_id, const std::string& lang, bool urgent) {
    tally(form_counts(tenant_id, lang, urgent));
}

asio::awaitable<bool> Statistics::send(std::vector<RedisCall> calls) {
    const auto results = co_await redis_.batch(std::move(calls));
    co_return std::all_of(results.begin(), results.end(), [](const RedisResult& r) { return r.ok(); });
}

std::vector<RedisCall> Statistics::writes(const std::vector<routing::FeedbackEvent>& events) const {
    std::vector<RedisCall> out;
    for (const auto& e : events) {
        const std::string verdict = e.helped ? ":helped" : ":not_helped";
        out.push_back(RedisCall{{"HINCRBY", feedback_key(e.tenant_id, e.lang), e.article_id + verdict, "1"}});
        out.push_back(count_today(e.tenant_id, {"feedback:" + e.lang + ":" + e.article_id + verdict}));
    }
    return out;
}

asio::awaitable<bool> Statistics::record_feedback(const routing::FeedbackEvent& e) {
    std::vector<routing::FeedbackEvent> events{e};
    co_return co_await send(writes(events));
}

std::vector<RedisCall> Statistics::writes(const std::vector<routing::ContactCount>& counts) {
    // One call per tenant for all of a step's counts (a new call and its first question).
    std::map<std::string, std::vector<std::string>> by_tenant;
    // Counted before the Redis write: a contact happened even when Redis is down.
    tally(counts);
    for (const auto& c : counts) {
        if (c.tenant_id.empty()) continue;
        auto& fields = by_tenant[c.tenant_id];
        for (auto& f : fields_of(c)) fields.push_back(std::move(f));
    }
    std::vector<RedisCall> out;
    for (auto& [tenant, fields] : by_tenant) out.push_back(count_today(tenant, std::move(fields)));
    return out;
}

asio::awaitable<void> Statistics::record(const std::vector<routing::ContactCount>& counts) {
    co_await send(writes(counts));
}

std::vector<ContactTally> Statistics::tallies() const {
    std::lock_guard lock(tally_mu_);
    std::vector<ContactTally> out;
    for (const auto& [key, n] : tallies_)
        out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
    return out;
}

asio::awaitable<std::optional<std::vector<DayCounters>>> Statistics::day_counters(
    const std::string& tenant_id, const std::vector<std::string>& dates) {
    std::vector<std::string> keys;
    for (const auto& d : dates) keys.push_back(day_key(tenant_id, d));
    std::vector<std::string> args;
    RedisResult r = co_await redis_.eval(read_days_script(), std::move(keys), std::move(args));
    if (!r.ok() || r.reply.type != RedisReply::Type::array || r.reply.elements.size() != dates.size())
        co_return std::nullopt;
    std::vector<DayCounters> out;
    for (const auto& day : r.reply.elements) out.push_back(counters(day));
    co_return out;
}

asio::awaitable<void> Statistics::record(const std::vector<routing::FeedbackEvent>& events) {
    co_await send(writes(events));
}

RedisCall Statistics::write(const routing::CallOutcome& o) const {
    return RedisCall{{"HINCRBY", tenant_key("stats", o.tenant_id) + "calls",
                      o.outcome + (o.task_created ? ":with_task" : ""), "1"}};
}

asio::awaitable<void> Statistics::record(const routing::CallOutcome& o) {
    std::vector<RedisCall> calls{write(o)};
    co_await send(std::move(calls));
}

asio::awaitable<std::optional<std::vector<ArticleFeedback>>> Statistics::article_feedback(
    const Tenant& tenant) {
    std::vector<ArticleFeedback> out;
    for (const auto& lang : tenant.languages) {
        std::vector<std::string> cmd{"HGETALL", feedback_key(tenant.id, lang)};
        RedisResult r = co_await redis_.command(std::move(cmd));
        if (!r.ok()) co_return std::nullopt;
        std::map<std::string, ArticleFeedback> by_article;
        for (const auto& [field, n] : counters(r.reply)) {
            const auto colon = field.rfind(':');
            if (colon == std::string::npos) continue;
            auto& a = by_article[field.substr(0, colon)];
            if (field.ends_with(":helped")) a.helped += n;
            else if (field.ends_with(":not_helped")) a.not_helped += n;
        }
        for (auto& [id, a] : by_article) {
            a.id = id;
            a.lang = lang;
            out.push_back(std::move(a));
        }
    }
    // What most needs a look first: the articles that most often did not help.
    std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
        if (x.not_helped != y.not_helped) return x.not_helped > y.not_helped;
        return x.helped > y.helped;
    });
    co_return out;
}

asio::awaitable<std::optional<std::vector<CallOutcomeCount>>> Statistics::call_outcomes(
    const Tenant& tenant) {
    std::vector<std::string> cmd{"HGETALL", tenant_key("stats", tenant.id) + "calls"};
    RedisResult r = co_await redis_.command(std::move(cmd));
    if (!r.ok()) co_return std::nullopt;
    std::vector<CallOutcomeCount> out;
    constexpr std::string_view with_task = ":with_task";
    for (const auto& [field, n] : counters(r.reply)) {
        const bool task = field.ends_with(with_task);
        out.push_back({task ? field.substr(0, field.size() - with_task.size()) : field, task, n});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& x, const auto& y) { return x.count > y.count; });
    co_return out;
}

}  // namespace advieslijn::contact
