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
    // The family's terms as the caller chose them (callbacks/terms.hpp); unasked or silent:
    // the cautious defaults, no voicemail and a neutral announcement.
    bool voicemail = false;
    bool announce_cjg = false;
    std::string note;  // one line, at most max_terms_note_bytes (below); empty: none
    std::string window = "any";  // when it is safe to call: any, morning, afternoon, evening
    bool no_weekend = false;     // not on Saturday or Sunday
    std::string alt_phone;       // another number to try, E.164; empty: none
};

// The callbacks service's answer to a TaskRequest.
struct TaskCreated {
    std::string reference;  // short, readable: told to the caller
    std::string id;         // the task, for a later TermsUpdate
    // A new task; false when the request joined the number's open task (a repeat contact,
    // whose terms can only become more cautious) or was a retry of one already made.
    bool fresh = false;
};

// callbacks::max_terms_note_characters (contact/tasks.cpp checks that they agree): routing does not
// depend on the callbacks library.
inline constexpr std::size_t max_terms_note_bytes = 500;

// The family's answer to one of the terms questions asked after its task was confirmed
// (SMS): unset fields stay as they are. `note` is the whole note so far, one line.
struct TermsUpdate {
    std::string tenant_id;
    std::string task_id;
    std::optional<bool> voicemail;
    std::optional<bool> announce_cjg;
    std::optional<std::string> note;
    std::optional<std::string> window;  // any, morning, afternoon, evening
    std::optional<bool> no_weekend;
    std::optional<std::string> alt_phone;  // E.164
};

// "This helped" / "it didn't" for one article, for the statistics.
struct FeedbackEvent {
    std::string tenant_id;
    std::string lang;
    std::string article_id;
    Channel channel = Channel::voice;
    bool helped = false;
};

// A question the knowledge base did not serve, for the editors' knowledge-gap report
// (contact/knowledge_gaps.hpp masks it before anything is stored): the decision was `none`,
// the person was handed to a specialist without a bot answer, or said an answer did not help.
// Never for a risk signal or a concern: those are not gaps in the articles, and their words are
// not kept.
struct KnowledgeGap {
    enum class Source { none, handoff, not_helped };
    std::string tenant_id;
    std::string lang;
    Channel channel = Channel::voice;
    Source source = Source::none;
    std::string question;  // as typed or recognised (one question, not the whole conversation)
};
inline std::string_view to_string(KnowledgeGap::Source s) {
    switch (s) {
        case KnowledgeGap::Source::none: return "none";
        case KnowledgeGap::Source::handoff: return "handoff";
        case KnowledgeGap::Source::not_helped: return "not_helped";
    }
    return "none";
}
// The last question of a conversation's questions so far ("a / b" -> "b"): the one an answer,
// a choice or a handoff followed.
inline std::string last_question(std::string_view joined) {
    const auto cut = joined.rfind(" / ");
    return std::string(cut == std::string_view::npos ? joined : joined.substr(cut + 3));
}

// The gap a callback task leaves when the line gave no answer before it (`answered`: an article
// was given): a handed-over question, unless the task is about a risk signal or a concern.
inline std::optional<KnowledgeGap> handoff_gap(const TaskRequest& t, bool answered) {
    if (answered || t.urgent || !t.risk_categories.empty() || t.question.empty()) return std::nullopt;
    return KnowledgeGap{t.tenant_id, t.lang, t.channel, KnowledgeGap::Source::handoff,
                        last_question(t.question)};
}

// One contact, or one question routed in it, for the municipality's daily statistics
// (contact/statistics.hpp counts them per tenant and Dutch calendar day). Nothing in it
// identifies anyone: no number, no words, only what kind of thing happened.
struct ContactCount {
    enum class Kind { contact, question };
    Kind kind = Kind::contact;
    std::string tenant_id;
    std::string channel;  // voice, sms, whatsapp, chat, form
    std::string lang;
    // question only: answered (one article), choices, handoff (to a specialist), urgent
    std::string decision;
    std::string topic;                         // the best article's topic; empty: none
    std::vector<std::string> risk_categories;  // urgent, or a concern's categories
};
inline ContactCount contact_started(std::string tenant_id, std::string channel, std::string lang) {
    return {ContactCount::Kind::contact, std::move(tenant_id), std::move(channel), std::move(lang), {}, {}, {}};
}
// The question `d` decided, as counted: a refusal or callback is a handoff.
ContactCount question_routed(const std::string& tenant_id, std::string channel, const Decision& d);

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
    std::string topic;  // the article's topic: the widget asks the social map for it
};
ArticleRef to_ref(const KbArticle& a);

}  // namespace advieslijn::routing
