#pragma once
// The contact statistics: "did this help?" per article (from chat, SMS and voice) and how calls
// ended (from Twilio's status callbacks), written and read here only.
//   kb:{<tenant>}:feedback:<lang>  hash "<article>:helped" / "<article>:not_helped" -> count
//   stats:{<tenant>}:calls         hash "<outcome>" / "<outcome>:with_task" -> count
#include <optional>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "common/redis_client.hpp"
#include "routing/effects.hpp"

namespace advieslijn::contact {

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

class Statistics {
public:
    explicit Statistics(RedisClient& redis) : redis_(redis) {}

    // Best effort: a statistic that cannot be written is not worth failing a contact for.
    asio::awaitable<void> record(const std::vector<routing::FeedbackEvent>& events);
    asio::awaitable<void> record(const routing::CallOutcome& outcome);
    // One "did this help?" answer; false when Redis did not take it.
    asio::awaitable<bool> record_feedback(const routing::FeedbackEvent& event);

    // The articles that most often did not help first; nullopt when Redis does not answer.
    asio::awaitable<std::optional<std::vector<ArticleFeedback>>> article_feedback(const Tenant& tenant);
    // The most frequent outcome first; nullopt when Redis does not answer.
    asio::awaitable<std::optional<std::vector<CallOutcomeCount>>> call_outcomes(const Tenant& tenant);

private:
    RedisClient& redis_;
};

}  // namespace advieslijn::contact
