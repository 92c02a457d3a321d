#pragma once
// Twilio's wire format: form-encoded webhooks in, signature checked against the dialed
// number's tenant, TwiML out. The conversation itself (state per CallSid or sender, the
// routing steps, tasks and statistics) is contact::VoiceCalls and contact::SmsThreads.
#include <atomic>
#include <cstdint>
#include <variant>

#include "contact/sms.hpp"
#include "contact/voice.hpp"
#include "gateway/app.hpp"

namespace advieslijn::gateway {

class TwilioChannel {
public:
    // All references must outlive this object.
    TwilioChannel(App& app, const routing::TenantDirectory& tenants, contact::VoiceCalls& calls,
                  contact::SmsThreads& threads);

    void add_routes(Router& router);

private:
    struct Verified {
        routing::FormParams params;
        const Tenant* tenant = nullptr;  // by the dialed number; null when unknown
    };
    // Parses the form and checks X-Twilio-Signature; an error response when it fails.
    std::variant<Verified, Response> verify(const RequestContext& ctx) const;
    asio::awaitable<Response> voice(RequestContext& ctx, contact::VoiceWebhook which);
    asio::awaitable<Response> messaging(RequestContext& ctx);
    // The number's fallback URLs, which Twilio calls when a step failed (an error status, a
    // timeout, TwiML it could not read): the apology with where to find help, no state.
    asio::awaitable<Response> fallback(RequestContext& ctx, routing::Channel channel);
    // The apology instead of an error status: for voice Twilio would otherwise play its own
    // "application error" and hang up, for SMS send nothing at all.
    Response apologize(const std::string& twiml);

    App& app_;
    const routing::TenantDirectory& tenants_;
    contact::VoiceCalls& calls_;
    contact::SmsThreads& threads_;
    std::atomic<std::uint64_t> apologies_{0};  // the /metrics gauge of the same name
};

Response twiml_response(std::string twiml);

}  // namespace advieslijn::gateway
