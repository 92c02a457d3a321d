#pragma once
// Callback tasks created on behalf of a contact: a conversation's TaskRequest (voice, SMS), and
// the web callback form, enriched from the chat session it was sent from.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "callbacks/service.hpp"
#include "contact/conversation_store.hpp"
#include "contact/knowledge_gaps.hpp"
#include "contact/statistics.hpp"
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
    Tasks(Services& services, ConversationStore& store, const routing::RiskDetector& risk,
          KnowledgeGaps& gaps, Statistics& stats)
        : services_(services), store_(store), risk_(risk), gaps_(gaps), stats_(stats) {}

    // A conversation asked for a callback: the person asked on the phone or by text to be
    // called back on this number, which is the consent. nullopt when the service failed (logged).
    asio::awaitable<std::optional<routing::TaskCreated>> create(const routing::TaskRequest& t);

    // The widget's callback form. A chat session named by `chat_session_id` (of this tenant)
    // adds what was tried in it, and makes the task urgent when it showed risk signals.
    asio::awaitable<callbacks::Result<callbacks::Created>> create_from_form(
        const Tenant& tenant, callbacks::NewTask task, const std::string& chat_session_id);

private:
    Services& services_;
    ConversationStore& store_;
    const routing::RiskDetector& risk_;
    KnowledgeGaps& gaps_;
    Statistics& stats_;
};

}  // namespace advieslijn::contact
