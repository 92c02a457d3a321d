#pragma once
// The contact statistics: "did this help?" per article (from chat, SMS and voice), how calls
// ended (from Twilio's status callbacks), and the per-day figures of the municipality's
// reports (contact/report.hpp), written and read here only.
//   kb:{<tenant>}:feedback:<lang>  hash "<article>:helped" / "<article>:not_helped" -> count
//   stats:{<tenant>}:calls         hash "<outcome>" / "<outcome>:with_task" -> count
//   stats:{<tenant>}:day:<date>    hash, one per Dutch calendar day (YYYY-MM-DD), fields:
//       contact:<channel>:<HH>        contacts started, by channel and hour of the Dutch clock
//       question:<channel>:<decision> questions routed: answered, choices, handoff, urgent
//       lang:<lang>, topic:<topic>, risk:<flag>   per routed question (flag: a category, or
//                                     "concern:<category>")
//       feedback:<lang>:<article>:helped / :not_helped
//   Aggregates only, never a number or a word of a question; each day's hash is kept
//   statistics_keep_days after its last count.
#include <cstdint>
#include <map>
#include <mutex>
#include <tuple>
#include <optional>
#include <string>
#include <vector>

#include "callbacks/service.hpp"
#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/redis_client.hpp"
#include "routing/effects.hpp"

namespace advieslijn::contact {

// How long the per-day figures are kept: three years, so a municipality can compare a year
// with the one before; as long as the callbacks keep theirs.
inline constexpr int statistics_keep_days = callbacks::day_figures_keep_days;

// One day's counters, field -> count.
using DayCounters = std::map<std::string, long long>;

struct ArticleFeedback {
    std::string id;
    std::string lang;
    long long helped = 0;
    long long not_helped = 0;
};

struct CallOutcomeCount {
    std::string outcome;
    bool with_task = false;
    long long count = 0;
};

// In-process counts since start of what record(ContactCount) saw, for /metrics: Redis keeps
// the per-day figures for reports, Prometheus wants counters it can rate() over.
struct ContactTally {
    std::string tenant, channel;
    std::string decision;  // empty: a contact started; else how a question was routed
    std::uint64_t count = 0;
};

class Statistics {
public:
    Statistics(RedisClient& redis, const Clock& clock) : redis_(redis), clock_(clock) {}

    // Best effort: a statistic that cannot be written is not worth failing a contact for.
    asio::awaitable<void> record(const std::vector<routing::FeedbackEvent>& events);
    asio::awaitable<void> record(const routing::CallOutcome& outcome);
    asio::awaitable<void> record(const std::vector<routing::ContactCount>& counts);
    // One "did this help?" answer; false when Redis did not take it.
    asio::awaitable<bool> record_feedback(const routing::FeedbackEvent& event);

    // The writes of record(), for a caller that sends them with its own in one round trip
    // (RedisClient::batch). The counts are tallied here, as record() tallies them.
    std::vector<RedisCall> writes(const std::vector<routing::FeedbackEvent>& events) const;
    RedisCall write(const routing::CallOutcome& outcome) const;
    std::vector<RedisCall> writes(const std::vector<routing::ContactCount>& counts);

    // A callback form sent on its own (not from a chat): one contact on the channel "form" and
    // one question handed to a specialist, "urgent" when the task it started or joined is
    // urgent, else "handoff". Counted in the create's own call (callbacks::CreateCount): one
    // round trip for the form, and the retry of a known key, which stores nothing, counts
    // nothing. The same fields and expiry as record() writes, the form's own risk flags
    // counted as a routed question's (the municipality's report names them).
    callbacks::CreateCount form_count(const std::string& tenant_id, const std::string& lang,
                                      const std::vector<std::string>& risk_flags = {}) const;
    // The form's counts for /metrics, once its create stored it (record() tallies its own).
    void tally_form(const std::string& tenant_id, const std::string& lang, bool urgent);

    // The articles that most often did not help first; nullopt when Redis does not answer.
    asio::awaitable<std::optional<std::vector<ArticleFeedback>>> article_feedback(const Tenant& tenant);
    // The most frequent outcome first; nullopt when Redis does not answer.
    asio::awaitable<std::optional<std::vector<CallOutcomeCount>>> call_outcomes(const Tenant& tenant);
    // The per-day counters of each Dutch date in `dates`, in that order (an empty map for a
    // day without contacts); nullopt when Redis does not answer.
    asio::awaitable<std::optional<std::vector<DayCounters>>> day_counters(
        const std::string& tenant_id, const std::vector<std::string>& dates);

    // Every (tenant, channel, decision) seen so far with its count; thread-safe.
    std::vector<ContactTally> tallies() const;

private:
    // +1 on each of `fields` in today's hash of the tenant.
    RedisCall count_today(const std::string& tenant_id, std::vector<std::string> fields) const;
    // The fields one count adds to in the day's hash; a question's decision first.
    std::vector<std::string> fields_of(const routing::ContactCount& c) const;
    void tally(const std::vector<routing::ContactCount>& counts);
    // All of `calls` taken; false when Redis did not take one.
    asio::awaitable<bool> send(std::vector<RedisCall> calls);

    RedisClient& redis_;
    const Clock& clock_;
    mutable std::mutex tally_mu_;
    std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> tallies_;
};

}  // namespace advieslijn::contact
