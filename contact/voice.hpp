#pragma once
// The phone conversation's driver, per Twilio webhook: load the call's state, take routing's
// step (routing/voice.hpp), create the callback task it asks for, then save the state and record
// the statistics and knowledge gaps in one round trip; TwiML out. Any gateway instance can take any step of a call.
#include <string>

#include "contact/conversation_store.hpp"
#include "contact/knowledge_gaps.hpp"
#include "contact/statistics.hpp"
#include "contact/tasks.hpp"
#include "routing/voice.hpp"

namespace advieslijn::contact {

enum class VoiceWebhook { incoming, gather, dial, status };

struct VoiceOutcome {
    enum class Kind {
        twiml,        // the step's TwiML
        apology,      // the state was unreachable: the apology with where help is (TwiML)
        no_content,   // a status callback, recorded
        unavailable,  // a status callback whose state was unreachable (Twilio may retry)
    };
    Kind kind = Kind::twiml;
    std::string twiml;
};

class VoiceCalls {
public:
    // `redis`: the Redis of `store`, `stats` and `gaps`, which takes a step's writes at once.
    VoiceCalls(RedisClient& redis, ConversationStore& store, Tasks& tasks, Statistics& stats,
               KnowledgeGaps& gaps, routing::VoiceContext ctx)
        : redis_(redis), store_(store), tasks_(tasks), stats_(stats), gaps_(gaps), ctx_(std::move(ctx)) {}

    asio::awaitable<VoiceOutcome> step(VoiceWebhook which, routing::VoiceRequest req);
    // The apology for the number's fallback URL (no state needed).
    std::string apology(const routing::VoiceRequest& req) const {
        return routing::voice_unavailable(ctx_, req);
    }

private:
    // Writes what the step leaves (with `save`, its state too) in one round trip, and answers.
    asio::awaitable<VoiceOutcome> finish(const routing::VoiceStep& step, VoiceWebhook which,
                                         const routing::VoiceRequest& req, bool save);

    RedisClient& redis_;
    ConversationStore& store_;
    Tasks& tasks_;
    Statistics& stats_;
    KnowledgeGaps& gaps_;
    routing::VoiceContext ctx_;
};

}  // namespace advieslijn::contact
