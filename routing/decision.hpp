#pragma once
// The decision for one contact, in the fixed order tenant -> language -> risk -> knowledge
// base. Pure: the knowledge-base result comes in as data, so this file does not depend on
// the knowledge-base library (contact/knowledge.cpp maps kb::KnowledgeBase::search onto KbResult).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.hpp"
#include "routing/risk.hpp"

namespace advieslijn::routing {

class AnswerCache;  // routing/answer_cache.hpp

enum class Channel { voice, chat, sms };
std::string_view to_string(Channel c);

struct KbLink {
    std::string title;
    std::string url;
};

struct KbArticle {
    std::string id;
    std::string title;
    std::string text;    // the chat answer
    std::string spoken;  // shorter text for the phone; empty: use text
    std::vector<KbLink> links;
    double score = 0;
    std::string risk;  // a crisis article's risk category (kb::Article::risk); empty otherwise
    std::string topic;  // kb::Article::topic, for the statistics
};

// What routing needs from the knowledge base: its decision and the best articles.
struct KbResult {
    enum class Kind { answer, ambiguous, none };
    Kind decision = Kind::none;
    std::vector<KbArticle> articles;  // best first
};

// The seam to the knowledge base: search(tenant, lang, text). Must not block on I/O (the index is
// in memory), because the conversation steps call it on the I/O thread.
// The tenant's knowledge base (shared articles plus the tenant's own, if it has any).
using KbSearch = std::function<KbResult(const Tenant& tenant, std::string_view lang, std::string_view text)>;
// One article of the tenant's knowledge base by id (a choice picked in the widget); nullopt
// when it does not exist. In memory, like KbSearch.
using KbLookup = std::function<std::optional<KbArticle>(const Tenant& tenant, std::string_view lang,
                                                        std::string_view id)>;

struct Decision {
    enum class Kind {
        refused,   // unknown tenant: a polite refusal, logged by the caller
        answer,    // one article answers the question
        choose,    // 2-3 articles, the person picks one
        callback,  // no confident answer: offer / create a callback task
        urgent,    // risk signal: guidance now and an urgent task
    };
    Kind kind = Kind::callback;
    std::string lang;
    std::vector<KbArticle> articles;  // answer: one; choose: 2-3
    RiskResult risk;                  // urgent: the signals and the guidance
    std::string reason;  // short machine-readable why: "unknown_tenant", "kb_none", "empty", …
};
std::string_view to_string(Decision::Kind k);

// Limits the text that is routed; longer messages are cut (at a character boundary).
inline constexpr std::size_t max_question_bytes = 2000;

// `tenant` null means the dialed number or site key was unknown. `requested_lang` is taken
// when the tenant offers it. `risk` must come from RiskDetector::detect on the same text.
Decision decide(const Tenant* tenant, Channel channel, std::string_view requested_lang,
                std::string_view text, const RiskResult& risk, const KbResult& kb);

// What every channel does with a question: the text capped at max_question_bytes, checked for
// risk signals first, and only without one searched in the tenant's knowledge base; then
// decide(). The one place where risk, knowledge base and decision meet. A question that would
// be shown a crisis article (KbArticle::risk), as the answer or among the choices, is a
// risk signal too: the phrase lists missed it, but it is about suicide, violence or an
// emergency, and the bot must not answer it or ask "did this help?". Except: a crisis article
// as the answer or among the choices, for a message both layers read as calm (no phrase match,
// classifier below RiskThresholds::crisis_choice), gets a callback offer instead: no crisis
// text, no urgent task, and no article or choices either (reasons "kb_crisis_answer_calm",
// "kb_crisis_choice_calm"); so does a message in a calm context (RiskResult::calm), as the
// answer or among the choices ("kb_crisis_calm_context").
// A bot reply (an everyday article, or choices) for a message no layer flags but the classifier
// is unsure of (urgent + concern at or above RiskThresholds::unsure_reply) is a callback offer
// instead ("kb_unsure_risk"), and not a decision the answer cache keeps.
// A tentative signal (the classifier alone, below RiskThresholds::sure) that meets a confident
// answer from an everyday article is lowered to a concern: no crisis guidance, but no bot
// answer either; a specialist calls back with high priority (a first version let the answer
// win, which is a risk signal ending in a bot answer). Anything else is kept as it is.
RiskResult weigh_against_answer(const RiskResult& risk, const KbResult& kb);

Decision route(const RiskDetector& risk, const KbSearch& kb, const Tenant& tenant, Channel channel,
               std::string_view lang, std::string_view text);
// route(), also telling whether the decision was made without any risk signal: no phrase
// match (negated or not), no calm context, no classifier flag, no crisis article. Only such a
// decision may be reused for the same inputs (routing/answer_cache.hpp).
Decision route(const RiskDetector& risk, const KbSearch& kb, const Tenant& tenant, Channel channel,
               std::string_view lang, std::string_view text, bool& without_signal);

}  // namespace advieslijn::routing
