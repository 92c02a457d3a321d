#pragma once
// The SMS/WhatsApp thread's driver, per Twilio messaging webhook: load the sender's thread,
// take routing's step (routing/messaging.hpp), create the task it asks for, save the thread,
// record the statistics and knowledge gaps; TwiML out.
#include <string>

#include "common/clock.hpp"
#include "contact/conversation_store.hpp"
#include "contact/knowledge_gaps.hpp"
#include "contact/statistics.hpp"
#include "contact/tasks.hpp"
#include "routing/messaging.hpp"

namespace advieslijn::contact {

struct SmsOutcome {
    bool apology = false;  // the thread was unreachable: the apology with where help is
    std::string twiml;
};

class SmsThreads {
public:
    // `clock` stamps each message (how long ago the line asked a terms question).
    SmsThreads(ConversationStore& store, Tasks& tasks, Statistics& stats, KnowledgeGaps& gaps,
               Clock& clock, routing::MessagingContext ctx)
        : store_(store), tasks_(tasks), stats_(stats), gaps_(gaps), clock_(clock), ctx_(std::move(ctx)) {}

    // `tenant_id` of the dialed number, or empty when it is unknown.
    asio::awaitable<SmsOutcome> step(const std::string& tenant_id, routing::SmsRequest req);
    std::string apology(const routing::SmsRequest& req) const {
        return routing::sms_unavailable(ctx_, req);
    }

private:
    ConversationStore& store_;
    Tasks& tasks_;
    Statistics& stats_;
    KnowledgeGaps& gaps_;
    Clock& clock_;
    routing::MessagingContext ctx_;
};

}  // namespace advieslijn::contact
