#include "gateway/twilio.hpp"

#include <spdlog/spdlog.h>

#include "common/log.hpp"
#include "routing/twilio_signature.hpp"

namespace advieslijn::gateway {

namespace {

routing::SmsRequest sms_request(const routing::FormParams& params) {
    return {routing::form_value(params, "MessageSid"), routing::form_value(params, "From"),
            routing::form_value(params, "To"), routing::form_value(params, "Body")};
}

}  // namespace

Response twiml_response(std::string twiml) {
    Response res{http::status::ok, 11};
    res.set(http::field::content_type, "text/xml; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(twiml);
    return res;
}

TwilioChannel::TwilioChannel(App& app, const routing::TenantDirectory& tenants,
                             contact::VoiceCalls& calls, contact::SmsThreads& threads)
    : app_(app), tenants_(tenants), calls_(calls), threads_(threads) {
    app_.metrics().add_counter(
        "advieslijn_twilio_apologies_total",
        "Twilio webhooks answered with the technical-failure apology since start (conversation "
        "state unreachable, or a fallback URL called); any rise needs a look.",
        [this] { return static_cast<double>(apologies_.load()); });
}

void TwilioChannel::add_routes(Router& router) {
    router.add(http::verb::post, "/v1/twilio/voice",
               [this](RequestContext& ctx) { return voice(ctx, contact::VoiceWebhook::incoming); });
    router.add(http::verb::post, "/v1/twilio/voice/gather",
               [this](RequestContext& ctx) { return voice(ctx, contact::VoiceWebhook::gather); });
    // The <Dial> action after a transfer to a crisis partner: how it ended (DialCallStatus).
    router.add(http::verb::post, "/v1/twilio/voice/dial",
               [this](RequestContext& ctx) { return voice(ctx, contact::VoiceWebhook::dial); });
    router.add(http::verb::post, "/v1/twilio/voice/status",
               [this](RequestContext& ctx) { return voice(ctx, contact::VoiceWebhook::status); });
    router.add(http::verb::post, "/v1/twilio/messaging",
               [this](RequestContext& ctx) { return messaging(ctx); });
    router.add(http::verb::post, "/v1/twilio/voice/fallback",
               [this](RequestContext& ctx) { return fallback(ctx, routing::Channel::voice); });
    router.add(http::verb::post, "/v1/twilio/messaging/fallback",
               [this](RequestContext& ctx) { return fallback(ctx, routing::Channel::sms); });
}

Response TwilioChannel::apologize(const std::string& twiml) {
    ++apologies_;
    return twiml_response(twiml);
}

asio::awaitable<Response> TwilioChannel::fallback(RequestContext& ctx, routing::Channel channel) {
    auto verified = verify(ctx);
    if (auto* error = std::get_if<Response>(&verified)) co_return std::move(*error);
    const auto& params = std::get<Verified>(verified).params;
    // ErrorUrl is ours, ErrorCode Twilio's (11200: HTTP retrieval failure, 12100: bad TwiML…).
    spdlog::error("twilio: fallback for {} {}: error {} at {}; answered with the apology",
                  channel == routing::Channel::voice ? "call" : "message from",
                  channel == routing::Channel::voice ? routing::form_value(params, "CallSid")
                                                     : mask_phone(routing::form_value(params, "From")),
                  routing::form_value(params, "ErrorCode"), routing::form_value(params, "ErrorUrl"));
    if (channel == routing::Channel::voice)
        co_return apologize(calls_.apology(routing::VoiceRequest::from_form(params)));
    co_return apologize(threads_.apology(sms_request(params)));
}

std::variant<TwilioChannel::Verified, Response> TwilioChannel::verify(
    const RequestContext& ctx) const {
    const auto type = ctx.request[http::field::content_type];
    if (type.substr(0, type.find(';')) != "application/x-www-form-urlencoded")
        return json_error(http::status::unsupported_media_type, "unsupported_media_type",
                          "Twilio webhooks are application/x-www-form-urlencoded.");
    auto params = routing::parse_form(ctx.request.body());
    if (!params)
        return json_error(http::status::bad_request, "invalid_form", "The form body is malformed.");
    // Signed over the public URL Twilio called, which is ours plus the path and query.
    const std::string url = app_.config().public_url + std::string(ctx.request.target());
    const std::string signature(ctx.request["X-Twilio-Signature"]);
    Verified v{std::move(*params), nullptr};
    v.tenant = tenants_.by_number(routing::form_value(v.params, "To"));
    bool valid = false;
    if (v.tenant) {
        valid = routing::verify_twilio_signature(v.tenant->twilio_auth_token, url, v.params,
                                                 signature);
    } else {
        // An unknown dialed number still has to come from a Twilio account of ours before it
        // gets even a polite refusal.
        for (const Tenant& t : tenants_.tenants())
            valid = valid || routing::verify_twilio_signature(t.twilio_auth_token, url, v.params,
                                                              signature);
    }
    if (!valid) {
        spdlog::warn("twilio: invalid signature on {} from {}", ctx.path, ctx.remote);
        return json_error(http::status::forbidden, "invalid_signature",
                          "The request signature is not valid.");
    }
    if (!v.tenant)
        spdlog::warn("twilio: call or message for unknown number {}",
                     mask_phone(routing::form_value(v.params, "To")));
    return v;
}

asio::awaitable<Response> TwilioChannel::voice(RequestContext& ctx, contact::VoiceWebhook which) {
    auto verified = verify(ctx);
    if (auto* error = std::get_if<Response>(&verified)) co_return std::move(*error);
    auto& v = std::get<Verified>(verified);
    std::optional<int> seq;
    if (auto s = query_param(ctx.query, "seq");
        !s.empty() && s.size() < 6 && s.find_first_not_of("0123456789") == std::string::npos)
        seq = std::stoi(s);
    auto req = routing::VoiceRequest::from_form(v.params, seq);
    if (req.call_sid.empty())
        co_return json_error(http::status::bad_request, "invalid_input", "CallSid is required.");
    const contact::VoiceOutcome out = co_await calls_.step(which, std::move(req));
    switch (out.kind) {
        case contact::VoiceOutcome::Kind::apology: co_return apologize(out.twiml);
        case contact::VoiceOutcome::Kind::no_content: co_return Response{http::status::no_content, 11};
        case contact::VoiceOutcome::Kind::unavailable:
            co_return json_error(http::status::service_unavailable, "unavailable",
                                 "Conversation state is unavailable.");
        case contact::VoiceOutcome::Kind::twiml: break;
    }
    co_return twiml_response(out.twiml);
}

asio::awaitable<Response> TwilioChannel::messaging(RequestContext& ctx) {
    auto verified = verify(ctx);
    if (auto* error = std::get_if<Response>(&verified)) co_return std::move(*error);
    auto& v = std::get<Verified>(verified);
    routing::SmsRequest req = sms_request(v.params);
    if (req.from.empty())
        co_return json_error(http::status::bad_request, "invalid_input", "From is required.");
    // Named, not a conditional inside co_await: GCC 12 destroys such a temporary twice.
    std::string tenant_id = v.tenant ? v.tenant->id : std::string();
    const contact::SmsOutcome out = co_await threads_.step(tenant_id, std::move(req));
    co_return out.apology ? apologize(out.twiml) : twiml_response(out.twiml);
}

}  // namespace advieslijn::gateway
