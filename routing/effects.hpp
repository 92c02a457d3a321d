#pragma once
// What the conversation steps ask their caller to do. The steps never perform I/O; the
// service layer (contact/voice.cpp, contact/sms.cpp) performs these (the callbacks service,
// statistics) and, for a task, feeds the result back so the step can tell the person their
// reference.
#include <optional>
#include <string>
#include <vector>

#include "routing/decision.hpp"

namespace advieslijn::routing {

// Create a callback task. The same idempotency key always means the same task: a provider
// retry or a replayed step must get the existing task back, never a second one.
struct TaskRequest {
    std::string idempotency_key;  // "voice:<CallSid>", "sms:<MessageSid>", "chat:<session>:<n>"
    std::string tenant_id;
    Channel channel = Channel::voice;
    std::string lang;
    std::string phone;     // E.164; only ever masked in logs
    std::string question;  // what the person said or typed, capped
    bool urgent = false;
    // urgent: why; otherwise a concern's flags ("concern:<category>"): high priority
    std::vector<std::string> risk_categories;
};

// The callbacks service's answer to a TaskRequest.
struct TaskCreated {
    std::string reference;  // short, readable: told to the caller
};

// "This helped" / "it didn't" for one article, for the statistics.
struct FeedbackEvent {
    std::string tenant_id;
    std::string lang;
    std::string article_id;
    Channel channel = Channel::voice;
    bool helped = false;
};

// How a call ended, for the statistics (from Twilio's status callback).
struct CallOutcome {
    std::string call_sid;
    std::string tenant_id;
    std::string outcome;  // "completed" (flow finished), "abandoned" (hung up mid-flow), or
                          // Twilio's status for calls that never connected: busy, failed, …
    std::string stage;    // where the caller was: ask, after_answer, confirm_number, …
    bool task_created = false;
};

// An article remembered in conversation state, so a later "2" can be answered without a
// second search.
struct ArticleRef {
    std::string id;
    std::string title;
    std::string text;
    std::string spoken;
    std::vector<KbLink> links;
};
ArticleRef to_ref(const KbArticle& a);

}  // namespace advieslijn::routing
