#pragma once
// The web chat's conversation steps. Pure: contact/ keeps the session in Redis, counts the
// rate limits and stores the transcript; this file decides what the line says.
//
// A chat session remembers little: its tenant and language, the risk categories it showed
// (a callback form sent from it becomes urgent) and the articles it offered (feedback is only
// taken for those). Each message is routed on its own: risk first, then the knowledge base.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_text.hpp"
#include "routing/decision.hpp"
#include "routing/effects.hpp"
#include "routing/prompts.hpp"
#include "routing/risk.hpp"
#include "routing/tenants.hpp"

namespace advieslijn::routing {

struct ChatContext {
    const TenantDirectory& tenants;
    const RiskDetector& risk;
    const Prompts& prompts;
    KbSearch kb;
    KbLookup article;
    AnswerCache* answers = nullptr;  // decisions of everyday questions asked before; may be null
};

struct ChatReply {
    enum class Type { answer, choices, handoff, urgent };
    Type type = Type::handoff;
    std::optional<ArticleRef> article;         // answer
    std::vector<ArticleRef> articles;          // choices
    std::string text;                          // choices, handoff, urgent
    std::string prompt;                        // answer: "did this help?"; urgent: leave a number
    std::vector<HelpNumber> guidance;          // urgent: tap-to-call numbers
    std::vector<std::string> risk_categories;  // urgent, or a concern's flags: why (for the session, not shown)
    std::optional<int> age;  // answer, choices: the child's age the question names (child_age)
};
std::string_view to_string(ChatReply::Type t);
// The emergency guidance for an urgent `risk` in `lang`: its texts and tap-to-call numbers,
// without a prompt (the chat adds its own; a callback form has its number already).
ChatReply urgent_guidance(const RiskDetector& detector, std::string_view lang, const RiskResult& risk);
// The widget's JSON: {"type":"answer","article":{"id","title","text","links","topic"?},"prompt",
// "age"?}, {"type":"choices","text","articles":[{"id","title"}],"age"?}, {"type":"handoff","text"},
// {"type":"urgent","text","guidance":[{"label","number","tel"}],"prompt"}.
// `transcript`: the form kept in the session's transcript, an answer's article as its id and
// title only (resume expands it again; the text would make each stored message kilobytes).
// write_json writes the same as text, for the hot path (a chat message's answer and its
// transcript line); to_json is that text parsed, so the form exists once.
void write_json(JsonWriter& w, const ChatReply& r, bool transcript = false);
nlohmann::json to_json(const ChatReply& r, bool transcript = false);

struct ChatSession {
    std::string tenant_id;
    std::string lang;
    // For a short follow-up ("ze is 6") that finds nothing on its own: the visitor's message
    // before this one (contact/ reads it from the transcript when a step asks for it).
    std::optional<std::string> previous_question;
};

struct ChatStart {
    const Tenant* tenant = nullptr;  // null: unknown site key
    std::string lang;                // the requested one when the tenant offers it
    std::string greeting;
    std::vector<std::string> quick_replies;
    std::string privacy;
};
ChatStart chat_start(const ChatContext& ctx, std::string_view site_key, std::string_view lang);
// The greeting, chips and privacy note again for a resumed session.
ChatStart chat_resume(const ChatContext& ctx, const Tenant& tenant, std::string_view lang);

struct ChatInput {
    std::string text;        // typed, trimmed, valid UTF-8 (the caller checks)
    std::string article_id;  // or: a choice picked in the widget
};

struct ChatStep {
    std::optional<ChatReply> reply;  // nullopt: article_id names no article (bad input)
    std::vector<std::string> shown;  // article ids this reply showed, for feedback
    std::vector<KnowledgeGap> gaps;  // the question, when the knowledge base had no answer
    std::vector<ContactCount> counts;  // the routed question, for the statistics
    // A short message that finds nothing on its own may be a follow-up: nothing else is set;
    // call again with session.previous_question (empty when there is none).
    bool wants_previous = false;
};
// A short follow-up that finds nothing on its own ("ze is 6", "en bij een baby?", "she is 6")
// is read together with the visitor's message before it; the joined text is triaged and
// searched as one, and counts when it finds articles or a risk signal.
ChatStep chat_step(const ChatContext& ctx, const Tenant& tenant, const ChatSession& session,
                   const ChatInput& input);

// When the session cannot be read (Redis unreachable), its language is unknown too: the
// emergency guidance in the first of the tenants' languages whose risk signals the text
// carries, so that an outage never hides where help is; nullopt for any other text.
std::optional<ChatReply> chat_guidance_without_session(const ChatContext& ctx,
                                                       std::string_view text);

}  // namespace advieslijn::routing
