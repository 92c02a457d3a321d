#pragma once
// Twilio webhooks: signature check, conversation state per CallSid / per sender in Redis
// (so any gateway instance can take the next step), the routing steps, and their effects
// (callback tasks, feedback, call outcomes). TwiML out.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>

#include "callbacks/service.hpp"
#include "gateway/app.hpp"
#include "routing/messaging.hpp"
#include "routing/voice.hpp"

namespace advieslijn::gateway {

class TwilioChannel {
public:
    // `services` by tenant id; all references must outlive this object.
    TwilioChannel(App& app, const routing::TenantDirectory& tenants,
                  const routing::RiskDetector& risk, routing::KbSearch kb,
                  std::map<std::string, std::string> hints,
                  std::map<std::string, std::unique_ptr<callbacks::Service>, std::less<>>& services);

    void add_routes(Router& router);

    // How long a conversation's state is kept after its last step.
    static constexpr std::chrono::seconds voice_ttl{2 * 60 * 60};
    static constexpr std::chrono::seconds sms_ttl{24 * 60 * 60};

private:
    struct Verified {
        routing::FormParams params;
        const Tenant* tenant = nullptr;  // by the dialed number; null when unknown
    };
    // Parses the form and checks X-Twilio-Signature; an error response when it fails.
    std::variant<Verified, Response> verify(const RequestContext& ctx) const;
    asio::awaitable<Response> voice(RequestContext& ctx, int which);
    asio::awaitable<Response> messaging(RequestContext& ctx);
    // The number's fallback URLs, which Twilio calls when a step failed (an error status, a
    // timeout, TwiML it could not read): the apology with where to find help, no state.
    asio::awaitable<Response> fallback(RequestContext& ctx, routing::Channel channel);
    // The apology instead of an error status: for voice Twilio would otherwise play its own
    // "application error" and hang up, for SMS send nothing at all.
    Response apologize(const std::string& twiml);
    asio::awaitable<std::optional<routing::TaskCreated>> create_task(const routing::TaskRequest& t);
    // What every voice step ends with: its statistics recorded, then its answer.
    asio::awaitable<Response> finish_voice(const routing::VoiceStep& step, int which);
    asio::awaitable<void> record_feedback(const std::vector<routing::FeedbackEvent>& events);
    asio::awaitable<void> record_outcome(const routing::CallOutcome& outcome);

    App& app_;
    const routing::TenantDirectory& tenants_;
    const routing::RiskDetector& risk_;
    routing::VoiceContext voice_ctx_;
    routing::MessagingContext messaging_ctx_;
    std::map<std::string, std::unique_ptr<callbacks::Service>, std::less<>>& services_;
    std::atomic<std::uint64_t> apologies_{0};  // the /metrics gauge of the same name
};

Response twiml_response(std::string twiml);

}  // namespace advieslijn::gateway
