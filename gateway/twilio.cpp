#include "gateway/twilio.hpp"

#include <spdlog/spdlog.h>

#include "common/log.hpp"
#include "routing/twilio_signature.hpp"

namespace advieslijn::gateway {

namespace {

enum Which { incoming = 0, gather = 1, status = 2 };

callbacks::Channel channel_of(routing::Channel c) {
    switch (c) {
        case routing::Channel::voice: return callbacks::Channel::voice;
        case routing::Channel::sms: return callbacks::Channel::sms;
        case routing::Channel::chat: return callbacks::Channel::chat;
    }
    return callbacks::Channel::web_form;
}

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

TwilioChannel::TwilioChannel(
    App& app, const routing::TenantDirectory& tenants, const routing::RiskDetector& risk,
    routing::KbSearch kb, std::map<std::string, std::string> hints,
    std::map<std::string, std::unique_ptr<callbacks::Service>, std::less<>>& services)
    : app_(app),
      tenants_(tenants),
      risk_(risk),
      voice_ctx_{tenants, risk, kb, {}},
      messaging_ctx_{tenants, risk, kb},
      services_(services) {
    voice_ctx_.config.hints = std::move(hints);
    app_.metrics().add_gauge(
        "advieslijn_twilio_apologies",
        "Twilio webhooks answered with the technical-failure apology since start (conversation "
        "state unreachable, or a fallback URL called); any rise needs a look.",
        [this] { return static_cast<double>(apologies_.load()); });
}

void TwilioChannel::add_routes(Router& router) {
    router.add(http::verb::post, "/v1/twilio/voice",
               [this](RequestContext& ctx) { return voice(ctx, incoming); });
    router.add(http::verb::post, "/v1/twilio/voice/gather",
               [this](RequestContext& ctx) { return voice(ctx, gather); });
    router.add(http::verb::post, "/v1/twilio/voice/status",
               [this](RequestContext& ctx) { return voice(ctx, status); });
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
        co_return apologize(routing::voice_unavailable(voice_ctx_, routing::VoiceRequest::from_form(params)));
    co_return apologize(routing::sms_unavailable(messaging_ctx_, sms_request(params)));
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

asio::awaitable<Response> TwilioChannel::voice(RequestContext& ctx, int which) {
    auto verified = verify(ctx);
    if (auto* error = std::get_if<Response>(&verified)) co_return std::move(*error);
    auto& v = std::get<Verified>(verified);
    std::optional<int> seq;
    if (auto s = query_param(ctx.query, "seq");
        !s.empty() && s.size() < 6 && s.find_first_not_of("0123456789") == std::string::npos)
        seq = std::stoi(s);
    const auto req = routing::VoiceRequest::from_form(v.params, seq);
    if (req.call_sid.empty())
        co_return json_error(http::status::bad_request, "invalid_input", "CallSid is required.");

    const std::string key = "voice:call:" + req.call_sid;
    const std::string ttl = std::to_string(voice_ttl.count());
    std::optional<RedisResult> stored;  // the call's state as Redis had it
    if (which == incoming) {
        // A first webhook nearly always starts a new call: take the step as if there were no
        // state and store it only if there is none (SET NX GET), one round trip instead of a
        // read and a write. A retry gets the stored state back and is answered from it below.
        const routing::VoiceStep fresh = routing::voice_incoming(voice_ctx_, std::nullopt, req);
        if (!fresh.refused) {
            std::vector<std::string> set{"SET", key, routing::encode_voice_state(fresh.state),
                                         "NX", "GET", "EX", ttl};
            RedisResult r = co_await app_.redis().command(std::move(set));
            if (r.ok() && r.reply.is_nil()) co_return co_await finish_voice(fresh, which);
            stored = std::move(r);
        }
    }
    if (!stored) {
        std::vector<std::string> get{"GET", key};
        stored = co_await app_.redis().command(std::move(get));
    }
    if (!stored->ok()) {
        // Without state the step cannot be taken safely. Twilio does not retry a failed voice
        // webhook: an error status would end the call with its own "application error".
        if (which == status)
            co_return json_error(http::status::service_unavailable, "unavailable",
                                 "Conversation state is unavailable.");
        spdlog::error("twilio: state of call {} unavailable ({}); answered with the apology",
                      req.call_sid, stored->error_message());
        co_return apologize(routing::voice_unavailable(voice_ctx_, req));
    }
    std::optional<routing::VoiceState> state;
    if (!stored->reply.is_nil()) state = routing::decode_voice_state(stored->reply.str);

    routing::VoiceStep step = which == incoming ? routing::voice_incoming(voice_ctx_, state, req)
                              : which == gather ? routing::voice_gather(voice_ctx_, state, req)
                                                : routing::voice_status(voice_ctx_, state, req);
    if (step.replay) co_return twiml_response(step.twiml);
    if (step.task) {
        auto created = co_await create_task(*step.task);
        step = routing::voice_task_done(voice_ctx_, std::move(step.state), created);
    }
    if (!step.refused) {
        std::vector<std::string> set{"SET", key, routing::encode_voice_state(step.state), "EX",
                                     ttl};
        RedisResult saved = co_await app_.redis().command(std::move(set));
        if (!saved.ok())
            spdlog::error("twilio: could not store the state of call {}: {}", req.call_sid,
                          saved.error_message());
    }
    co_return co_await finish_voice(step, which);
}

asio::awaitable<Response> TwilioChannel::finish_voice(const routing::VoiceStep& step, int which) {
    co_await record_feedback(step.feedback);
    if (step.outcome) co_await record_outcome(*step.outcome);
    if (which == status) co_return Response{http::status::no_content, 11};
    co_return twiml_response(step.twiml);
}

asio::awaitable<Response> TwilioChannel::messaging(RequestContext& ctx) {
    auto verified = verify(ctx);
    if (auto* error = std::get_if<Response>(&verified)) co_return std::move(*error);
    auto& v = std::get<Verified>(verified);
    const routing::SmsRequest req = sms_request(v.params);
    if (req.from.empty())
        co_return json_error(http::status::bad_request, "invalid_input", "From is required.");
    const std::string key =
        "sms:" + (v.tenant ? v.tenant->id : std::string("-")) + ":" + req.from;
    std::vector<std::string> get{"GET", key};
    RedisResult stored = co_await app_.redis().command(std::move(get));
    if (!stored.ok()) {
        // Twilio sends nothing on an error status: the person would be left without a reply.
        spdlog::error("twilio: messaging state for {} unavailable ({}); answered with the apology",
                      mask_phone(req.from), stored.error_message());
        co_return apologize(routing::sms_unavailable(messaging_ctx_, req));
    }
    std::optional<routing::SmsState> state;
    if (!stored.reply.is_nil()) state = routing::sms_state_from_json(stored.reply.str);
    routing::SmsStep step = routing::sms_message(messaging_ctx_, state, req);
    if (step.replay) co_return twiml_response(step.twiml);
    if (step.task) {
        auto created = co_await create_task(*step.task);
        step = routing::sms_task_done(messaging_ctx_, std::move(step.state), created);
    }
    if (!step.refused) {
        std::vector<std::string> set{"SET", key, routing::sms_state_to_json(step.state), "EX",
                                     std::to_string(sms_ttl.count())};
        RedisResult saved = co_await app_.redis().command(std::move(set));
        if (!saved.ok())
            spdlog::error("twilio: could not store messaging state for {}: {}",
                          mask_phone(req.from), saved.error_message());
    }
    co_await record_feedback(step.feedback);
    co_return twiml_response(step.twiml);
}

asio::awaitable<std::optional<routing::TaskCreated>> TwilioChannel::create_task(
    const routing::TaskRequest& t) {
    auto it = services_.find(t.tenant_id);
    if (it == services_.end()) co_return std::nullopt;
    callbacks::NewTask task;
    task.channel = channel_of(t.channel);
    task.phone = t.phone;
    task.lang = t.lang;
    task.question = t.question.empty() ? "(no question recorded)" : t.question;
    task.priority = t.urgent ? callbacks::Priority::urgent : callbacks::Priority::normal;
    task.risk_flags = t.risk_categories;
    // The caller asked to be called back on this number on the phone: that is the consent.
    task.consent = true;
    task.source_key = t.idempotency_key;
    auto created = co_await it->second->create(std::move(task), "caller");
    if (!created) {
        spdlog::error("twilio: callback task for {} not created: {}", mask_phone(t.phone),
                      created.error().message);
        co_return std::nullopt;
    }
    spdlog::info("callback {} for tenant {} from {} ({}{})", created->task.reference, t.tenant_id,
                 mask_phone(t.phone), routing::to_string(t.channel), t.urgent ? ", urgent" : "");
    co_return routing::TaskCreated{created->task.reference};
}

asio::awaitable<void> TwilioChannel::record_feedback(
    const std::vector<routing::FeedbackEvent>& events) {
    for (const auto& e : events) {
        std::vector<std::string> cmd{"HINCRBY", "kb:{" + e.tenant_id + "}:feedback:" + e.lang,
                                     e.article_id + (e.helped ? ":helped" : ":not_helped"), "1"};
        co_await app_.redis().command(std::move(cmd));  // statistics: best effort
    }
}

asio::awaitable<void> TwilioChannel::record_outcome(const routing::CallOutcome& o) {
    std::vector<std::string> cmd{"HINCRBY", "stats:{" + o.tenant_id + "}:calls",
                                 o.outcome + (o.task_created ? ":with_task" : ""), "1"};
    co_await app_.redis().command(std::move(cmd));  // statistics: best effort
}

}  // namespace advieslijn::gateway
