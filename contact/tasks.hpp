#pragma once
// Callback tasks created on behalf of a contact: a conversation's TaskRequest (voice, SMS), and
// the web callback form, enriched from the chat session it was sent from.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "callbacks/service.hpp"
#include "contact/chat.hpp"
#include "contact/conversation_store.hpp"
#include "contact/knowledge_gaps.hpp"
#include "contact/statistics.hpp"
#include "routing/chat.hpp"
#include "routing/effects.hpp"
#include "routing/risk.hpp"

namespace advieslijn::contact {

using Services = std::map<std::string, std::unique_ptr<callbacks::Service>, std::less<>>;

class Tasks {
public:
    // `services` by tenant id; both must outlive this object.
    // `risk` finds again, in the question, the words that flagged it (for the specialist).
    // `gaps`: a form sent from a chat the line gave no answer in is a handed-over question.
    // `stats`: a form sent on its own (not from a chat) is a contact of its own.
    // `forms_per_hour`: callback forms one address may send in an hour.
    Tasks(Services& services, ConversationStore& store, const routing::RiskDetector& risk,
          KnowledgeGaps& gaps, Statistics& stats, int forms_per_hour)
        : services_(services), store_(store), risk_(risk), gaps_(gaps), stats_(stats),
          forms_per_hour_(forms_per_hour) {}

    // A conversation asked for a callback: the person asked on the phone or by text to be
    // called back on this number, which is the consent. nullopt when the service failed (logged).
    asio::awaitable<std::optional<routing::TaskCreated>> create(const routing::TaskRequest& t);
    // The family's answer to a terms question after its task was confirmed; false when it
    // could not be stored (logged): the task keeps what it had, the cautious defaults at least.
    asio::awaitable<bool> update_terms(const routing::TermsUpdate& u);

    // The widget's callback form from `remote`. A chat session named by `chat_session_id` (of
    // this tenant) adds what was tried in it, and makes the task urgent when it showed risk
    // signals.
    struct FormCreated {
        callbacks::Created created;
        // The emergency guidance when the form's own question carries an urgent risk signal:
        // a callback, however fast, is not help tonight, so the page shows where help is now.
        std::optional<routing::ChatReply> urgent;
    };
    // The form is counted against the hourly limit per address in its create's own round trip
    // (callbacks::CreateLimit): over it, a 429 refusal with Retry-After and nothing stored, which
    // still carries the emergency guidance when the question has an urgent risk signal (a limit
    // must never hide where help is). The retry of a known Idempotency-Key gets its task and is
    // not counted. A form on its own is counted in the day's statistics in the same round trip
    // (Statistics::form_count). Other errors of the service (503 when Redis failed) as they are.
    using FormResult = std::variant<FormCreated, ChatRefusal, callbacks::Error>;
    asio::awaitable<FormResult> create_from_form(const Tenant& tenant, callbacks::NewTask task,
                                                 const std::string& chat_session_id,
                                                 const std::string& remote);

private:
    Services& services_;
    ConversationStore& store_;
    const routing::RiskDetector& risk_;
    KnowledgeGaps& gaps_;
    Statistics& stats_;
    int forms_per_hour_;
};

}  // namespace advieslijn::contact
