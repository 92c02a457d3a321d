#include "contact/statistics.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace advieslijn::contact {
namespace {

std::string feedback_key(const std::string& tenant, const std::string& lang) {
    return "kb:{" + tenant + "}:feedback:" + lang;
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

}  // namespace

asio::awaitable<bool> Statistics::record_feedback(const routing::FeedbackEvent& e) {
    std::vector<std::string> cmd{"HINCRBY", feedback_key(e.tenant_id, e.lang),
                                 e.article_id + (e.helped ? ":helped" : ":not_helped"), "1"};
    co_return (co_await redis_.command(std::move(cmd))).ok();
}

asio::awaitable<void> Statistics::record(const std::vector<routing::FeedbackEvent>& events) {
    for (const auto& e : events) co_await record_feedback(e);
}

asio::awaitable<void> Statistics::record(const routing::CallOutcome& o) {
    std::vector<std::string> cmd{"HINCRBY", "stats:{" + o.tenant_id + "}:calls",
                                 o.outcome + (o.task_created ? ":with_task" : ""), "1"};
    co_await redis_.command(std::move(cmd));
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
    std::vector<std::string> cmd{"HGETALL", "stats:{" + tenant.id + "}:calls"};
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
